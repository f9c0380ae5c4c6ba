namespace Baton.Domain.Links;

/// <summary>
/// A kind of record that links join, stored by <see cref="Name"/> beside the record's id: a new kind (problem, change,
/// major incident) is a new value here and rows in <see cref="LinkRules"/>, never a new column or table.
/// </summary>
public sealed record RecordKind(string Name, string Noun)
{
    public static readonly RecordKind Ticket = new("ticket", "ticket");
    public static readonly RecordKind Project = new("project", "project");

    public const int NameMaxLength = 20;

    /// <summary>Every kind that links join today (declared after the kinds: static fields initialise in text order).</summary>
    public static IReadOnlyList<RecordKind> All { get; } = [Ticket, Project];

    public override string ToString() => Name;
}

/// <summary>One record: its kind and database id.</summary>
public readonly record struct RecordRef(RecordKind Kind, long Id)
{
    public override string ToString() => $"{Kind.Name}:{Id}";
}
