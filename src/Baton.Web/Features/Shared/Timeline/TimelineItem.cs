namespace Baton.Web.Features.Shared.Timeline;

/// <summary>
/// One line of a record's story: a reply, an internal note, a change, an SLA event, a file. <see cref="Kind"/> is the
/// CSS class and says how <c>_Timeline.cshtml</c> phrases it ("reply", "note", "change", "sla", "resolution").
/// </summary>
public sealed record TimelineItem(DateTimeOffset At, string Who, string Kind, string? Body, string? Change)
{
    public const string Reply = "reply";
    public const string Note = "note";
    public const string ChangeKind = "change";
    public const string Sla = "sla";
    public const string Resolution = "resolution";

    /// <summary>Files sent with this item, each with the link that downloads it.</summary>
    public IReadOnlyList<TimelineFile> Files { get; init; } = [];

    /// <summary>Where the whole message it came from can be read (a mail, with its quoted history); null for none.</summary>
    public string? SourceHref { get; init; }
}

public sealed record TimelineFile(string Name, string Href);
