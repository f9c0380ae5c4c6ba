using Baton.Domain.Tickets;

namespace Baton.Domain.ServiceLevels;

public enum ProgressUpdateState
{
    /// <summary>No update is owed: the priority promises none, or the ticket is resolved or closed.</summary>
    None = 0,

    /// <summary>Counting down to the next update, under the warning threshold.</summary>
    Running = 1,

    /// <summary>Past the policy's warning share of the interval.</summary>
    AtRisk = 2,

    /// <summary>The update was due and has not been given.</summary>
    Overdue = 3,

    /// <summary>Stopped with the SLA clocks by a pausing status.</summary>
    Paused = 4,
}

public enum StuckReason
{
    /// <summary>No public progress for the policy's stuck time.</summary>
    NoProgress = 1,

    /// <summary>Moved to Awaiting customer a second (or later) time: the ticket is going back and forth.</summary>
    AwaitingCustomerAgain = 2,
}

/// <summary>The keep-informed clock at one instant.</summary>
public sealed record ProgressUpdateReading(TimeSpan? Every, DateTimeOffset LastProgressAt, DateTimeOffset? DueAt, TimeSpan Remaining, ProgressUpdateState State)
{
    /// <summary>"Next update due in 40 min", "Update overdue by 1 h 5 min": business time, in words, so colour is never the only signal.</summary>
    public string Summary => State switch
    {
        ProgressUpdateState.None => Every is null ? "No progress updates promised" : "No update due while resolved",
        ProgressUpdateState.Running => $"Next update due in {TicketSla.Human(Remaining)}",
        ProgressUpdateState.AtRisk => $"At risk · next update due in {TicketSla.Human(Remaining)}",
        ProgressUpdateState.Overdue => $"Update overdue by {TicketSla.Human(-Remaining)}",
        _ => $"Paused · next update due {TicketSla.Human(Remaining)} after it resumes",
    };

    /// <summary>The same in a queue cell under a "Next update" heading: "in 40 min", "overdue 1 h 5 min".</summary>
    public string Brief => State switch
    {
        ProgressUpdateState.None => "—",
        ProgressUpdateState.Running => $"in {TicketSla.Human(Remaining)}",
        ProgressUpdateState.AtRisk => $"at risk · in {TicketSla.Human(Remaining)}",
        ProgressUpdateState.Overdue => $"overdue {TicketSla.Human(-Remaining)}",
        _ => "paused",
    };
}

/// <summary>Why and since when a ticket is stuck.</summary>
public sealed record StuckFlag(DateTimeOffset Since, StuckReason Reason)
{
    public string Describe() => Reason == StuckReason.NoProgress ? "no public progress for too long" : "moved to Awaiting customer again";
}

/// <summary>
/// The keep-informed clock, a third clock of the ticket beside first response and resolution, which it never reads
/// nor moves. It counts business time (the ticket's calendar, the same pauses as the SLA clocks) from the last public
/// progress: the ticket's creation, the desk's last public reply, or a reopening. A public reply by the desk resets it
/// (<see cref="RecordPublicProgress"/>); the resolution stops it (the requester is mailed the resolution note). Baton
/// mails the requester no other status notice, so those are the resets. The due, warning and stuck instants are
/// stored, so the queue sorts by them and the keep-informed job finds crossings with an index.
/// </summary>
public sealed partial class TicketSla
{
    /// <summary>The update interval for the ticket's priority, from its policy; null: no promise (P4 by default).</summary>
    public TimeSpan? UpdateEvery { get; private set; }

    /// <summary>Business time without public progress after which the ticket is stuck; null: never by time.</summary>
    public TimeSpan? StuckAfter { get; private set; }

    /// <summary>The desk's last public progress (a public reply, a reopening); null: none since creation.</summary>
    public DateTimeOffset? LastProgressAt { get; private set; }

    public DateTimeOffset? NextUpdateDueAt { get; private set; }
    public DateTimeOffset? UpdateWarnAt { get; private set; }

    /// <summary>How many times the ticket has been moved to Awaiting customer.</summary>
    public int AwaitingCustomerMoves { get; private set; }

    /// <summary>When the ticket moved to Awaiting customer a second (or later) time with no public progress since.</summary>
    public DateTimeOffset? AwaitingAgainAt { get; private set; }

    /// <summary>When the ticket is (or, with no progress, will be) stuck; null: it will not be. The flag is this instant having passed.</summary>
    public DateTimeOffset? StuckAt { get; private set; }

    public StuckReason? StuckReason { get; private set; }

    public DateTimeOffset ProgressSince => LastProgressAt ?? StartedAt;

    /// <summary>The desk told the requester something (a public reply): the keep-informed clock starts again and a stuck flag clears.</summary>
    public void RecordPublicProgress(DateTimeOffset now)
    {
        LastProgressAt = now;
        AwaitingAgainAt = null;
    }

    /// <summary>
    /// The ticket moved to Awaiting customer; from the second time on, it is stuck. A later move in the same stuck spell
    /// keeps the spell's instant, so the assignee is prompted once until public progress.
    /// </summary>
    public void RecordAwaitingCustomer(DateTimeOffset now)
    {
        AwaitingCustomerMoves++;
        if (AwaitingCustomerMoves >= 2)
        {
            AwaitingAgainAt ??= now;
        }
    }

    /// <summary>The stuck flag at <paramref name="now"/>; null when the ticket is not stuck.</summary>
    public StuckFlag? StuckAsOf(DateTimeOffset now) =>
        StuckAt is { } at && at <= now && StuckReason is { } reason ? new StuckFlag(at, reason) : null;

    /// <summary>Reads the keep-informed clock at <paramref name="now"/>.</summary>
    public ProgressUpdateReading ReadProgress(BusinessCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var since = ProgressSince;
        if (UpdateEvery is not { } every || ResolvedAt is not null)
        {
            return new ProgressUpdateReading(UpdateEvery, since, null, TimeSpan.Zero, ProgressUpdateState.None);
        }

        var remaining = every - calendar.Elapsed(since, now, ProgressPauses());
        var state = remaining <= TimeSpan.Zero ? ProgressUpdateState.Overdue
            : PausedSince is not null ? ProgressUpdateState.Paused
            : UpdateWarnAt is { } warn && now >= warn ? ProgressUpdateState.AtRisk
            : ProgressUpdateState.Running;
        return new ProgressUpdateReading(every, since, NextUpdateDueAt, remaining, state);
    }

    private void TakeCadence(CadenceTarget cadence)
    {
        UpdateEvery = cadence.UpdateEvery;
        StuckAfter = cadence.EffectiveStuckAfter;
    }

    /// <summary>Pauses exactly as the SLA clocks have them; a resolved stretch does not matter, as a reopening restarts this clock.</summary>
    private IReadOnlyList<Pause> ProgressPauses() => PausesFor(SlaClockKind.ProgressUpdate);

    private void RecomputeProgressInstants(BusinessCalendar calendar)
    {
        var running = ResolvedAt is null;
        var pauses = ProgressPauses();
        NextUpdateDueAt = running && UpdateEvery is { } every ? DueOrNull(calendar.Due(ProgressSince, every, pauses)) : null;
        UpdateWarnAt = running && UpdateEvery is { } e ? DueOrNull(calendar.Due(ProgressSince, e * WarningPercent / 100, pauses)) : null;
        var byTime = running && StuckAfter is { } stuck ? DueOrNull(calendar.Due(ProgressSince, stuck, pauses)) : null;
        var byMoves = running ? AwaitingAgainAt : null;
        (StuckAt, StuckReason) = (byTime, byMoves) switch
        {
            ({ } t, { } m) when m <= t => (m, ServiceLevels.StuckReason.AwaitingCustomerAgain),
            ({ } t, _) => (t, ServiceLevels.StuckReason.NoProgress),
            (null, { } m) => (m, ServiceLevels.StuckReason.AwaitingCustomerAgain),
            _ => ((DateTimeOffset?)null, (StuckReason?)null),
        };

        // Not due while paused: the instant comes back when the pause ends.
        static DateTimeOffset? DueOrNull(DateTimeOffset due) => due == DateTimeOffset.MaxValue ? null : due;
    }
}
