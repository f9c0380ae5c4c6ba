namespace Baton.Domain.Insight;

/// <summary>
/// A technician's verdict on whether a project caused a ticket ("caused by") or not ("not related": a coincidence),
/// with a note. One verdict per ticket and project; a later verdict replaces it and the timeline keeps both.
/// </summary>
public sealed class ProjectAttribution
{
    public const int NoteMaxLength = 2000;

    private ProjectAttribution()
    {
        ByName = Note = ById = "";
    }

    public ProjectAttribution(long ticketId, int projectId, AttributionVerdict verdict, string? note, Actor actor, DateTimeOffset now)
    {
        TicketId = ticketId;
        ProjectId = projectId;
        ByName = Note = ById = "";
        Record(verdict, note, actor, now);
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public int ProjectId { get; private set; }
    public AttributionVerdict Verdict { get; private set; }
    public string Note { get; private set; }
    public string ById { get; private set; }
    public string ByName { get; private set; }
    public DateTimeOffset At { get; private set; }

    public void Record(AttributionVerdict verdict, string? note, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Enum.IsDefined(verdict))
        {
            throw new DomainRuleException("Say whether the project caused the ticket or is not related.", "verdict");
        }

        Verdict = verdict;
        Note = Text.Optional(note, "note", NoteMaxLength);
        ById = actor.UserId;
        ByName = actor.DisplayName;
        At = now;
    }

    public static string Describe(AttributionVerdict verdict) => verdict switch
    {
        AttributionVerdict.CausedBy => "Caused by",
        AttributionVerdict.NotRelated => "Not related to",
    };
}
