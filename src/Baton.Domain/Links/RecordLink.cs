namespace Baton.Domain.Links;

/// <summary>
/// A typed link between two records of any kind (<see cref="LinkType"/>, read from <see cref="FromKind"/>/<see cref="FromId"/>):
/// INC-000007 caused by PRJ-000012, INC-000003 parent of INC-000007. Made only by <see cref="LinkRules.Plan"/>, which
/// checks the rules; removed by deleting the row. A "related to" link is stored with its ends in a fixed order, so
/// A–B and B–A are the same row.
/// </summary>
public sealed class RecordLink
{
    public const int NoteMaxLength = 2000;

    private RecordLink()
    {
        FromKind = ToKind = Note = CreatedById = CreatedByName = "";
    }

    internal RecordLink(RecordRef from, RecordRef to, LinkType type, string note, Actor actor, DateTimeOffset now)
    {
        FromKind = from.Kind.Name;
        FromId = from.Id;
        ToKind = to.Kind.Name;
        ToId = to.Id;
        Type = type;
        Note = note;
        CreatedById = actor.UserId;
        CreatedByName = actor.DisplayName;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string FromKind { get; private set; }
    public long FromId { get; private set; }
    public string ToKind { get; private set; }
    public long ToId { get; private set; }
    public LinkType Type { get; private set; }
    public string Note { get; private set; }
    public string CreatedById { get; private set; }
    public string CreatedByName { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public bool Joins(RecordRef a, RecordRef b) =>
        (IsFrom(a) && IsTo(b)) || (IsFrom(b) && IsTo(a));

    public bool IsFrom(RecordRef r) => FromKind == r.Kind.Name && FromId == r.Id;

    public bool IsTo(RecordRef r) => ToKind == r.Kind.Name && ToId == r.Id;

    /// <summary>The verdict's note changed: the link written for it carries the new one.</summary>
    public void Renote(string? note) => Note = Text.Optional(note, "note", NoteMaxLength);
}
