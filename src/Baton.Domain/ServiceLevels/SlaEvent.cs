namespace Baton.Domain.ServiceLevels;

public enum SlaEventKind
{
    /// <summary>The clock passed its policy's warning threshold.</summary>
    AtRisk = 1,

    /// <summary>The clock passed its target (for the keep-informed clock: the update is overdue).</summary>
    Breached = 2,

    /// <summary>The ticket became stuck (keep-informed clock only); crossed at <see cref="TicketSla.StuckAt"/>.</summary>
    Stuck = 3,
}

/// <summary>
/// A clock crossing a threshold, recorded once on the ticket's timeline at the instant the clock crossed
/// (<see cref="CrossedAt"/>: the warning instant for at risk, the due instant for breached), whenever the job noticed it.
/// Unique per ticket, clock, kind and crossing instant; <see cref="Covers"/> says when a moved threshold (a priority
/// change) is still the same crossing.
/// </summary>
public sealed class SlaEvent
{
    private SlaEvent()
    {
    }

    public SlaEvent(long ticketId, SlaClockKind clock, SlaEventKind kind, DateTimeOffset dueAt, DateTimeOffset crossedAt, DateTimeOffset noticedAt)
    {
        if (crossedAt > noticedAt)
        {
            throw new ArgumentOutOfRangeException(nameof(crossedAt), crossedAt, "A crossing is noticed at or after the instant it happened.");
        }

        TicketId = ticketId;
        Clock = clock;
        Kind = kind;
        DueAt = dueAt;
        CrossedAt = crossedAt;
        NoticedAt = noticedAt;
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public SlaClockKind Clock { get; private set; }
    public SlaEventKind Kind { get; private set; }

    /// <summary>The due instant of the clock when it crossed.</summary>
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>When the clock crossed: its warning instant (at risk) or its due instant (breached). The timeline shows this.</summary>
    public DateTimeOffset CrossedAt { get; private set; }

    /// <summary>When the escalation job noticed and recorded it (at or after <see cref="CrossedAt"/>; later if Baton was down); the notices are sent then.</summary>
    public DateTimeOffset NoticedAt { get; private set; }

    /// <summary>
    /// Whether this event already stands for a crossing of the same ticket, clock and kind at <paramref name="crossingAt"/>,
    /// given when the ticket's clocks last moved (<see cref="TicketSla.ClocksMovedAt"/>). It does when it is the same
    /// instant, or when the clock had already passed that instant by the time this was recorded or by the time its
    /// threshold moved there: then the clock stayed past its threshold throughout (breached stays breached across a
    /// priority change) and there is nothing new to say. It does not when the move put the clock back within time and
    /// it crossed again later. The escalation job's query says the same in SQL.
    /// </summary>
    public bool Covers(DateTimeOffset crossingAt, DateTimeOffset? clocksMovedAt) =>
        crossingAt == CrossedAt || crossingAt <= NoticedAt || crossingAt <= clocksMovedAt;

    public string Describe() => (Clock, Kind) switch
    {
        (SlaClockKind.ProgressUpdate, SlaEventKind.AtRisk) => "Progress update at risk",
        (SlaClockKind.ProgressUpdate, SlaEventKind.Breached) => "Progress update overdue",
        (_, SlaEventKind.Stuck) => "Stuck",
        (SlaClockKind.FirstResponse, SlaEventKind.AtRisk) => "First response at risk",
        (SlaClockKind.FirstResponse, _) => "First response breached",
        (_, SlaEventKind.AtRisk) => "Resolution at risk",
        _ => "Resolution breached",
    };
}
