namespace Baton.Domain.ServiceLevels;

public enum SlaEventKind
{
    /// <summary>The clock passed its policy's warning threshold.</summary>
    AtRisk = 1,

    /// <summary>The clock passed its target.</summary>
    Breached = 2,
}

/// <summary>
/// A clock crossing a threshold, recorded once on the ticket's timeline. Unique per ticket, clock, kind and due
/// instant: a crossing is one event however many times (or on however many app instances) the job looks, and a
/// new due instant (after a priority change) makes a new crossing possible.
/// </summary>
public sealed class SlaEvent
{
    private SlaEvent()
    {
    }

    public SlaEvent(long ticketId, SlaClockKind clock, SlaEventKind kind, DateTimeOffset dueAt, DateTimeOffset occurredAt)
    {
        TicketId = ticketId;
        Clock = clock;
        Kind = kind;
        DueAt = dueAt;
        OccurredAt = occurredAt;
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public SlaClockKind Clock { get; private set; }
    public SlaEventKind Kind { get; private set; }

    /// <summary>The due instant of the clock when it crossed.</summary>
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>When the job recorded it (at or shortly after the crossing).</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    public string Describe() => (Clock, Kind) switch
    {
        (SlaClockKind.FirstResponse, SlaEventKind.AtRisk) => "First response at risk",
        (SlaClockKind.FirstResponse, _) => "First response breached",
        (_, SlaEventKind.AtRisk) => "Resolution at risk",
        _ => "Resolution breached",
    };
}
