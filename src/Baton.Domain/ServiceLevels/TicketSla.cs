using System.Globalization;
using Baton.Domain.Tickets;

namespace Baton.Domain.ServiceLevels;

public enum SlaClockKind
{
    FirstResponse = 1,
    Resolution = 2,

    /// <summary>The keep-informed clock: the next progress update owed to the requester (<see cref="TicketSla.ReadProgress"/>).</summary>
    ProgressUpdate = 3,
}

public enum SlaClockState
{
    /// <summary>Counting down, under the warning threshold.</summary>
    Running = 1,

    /// <summary>Past the warning threshold, not yet breached.</summary>
    AtRisk = 2,

    /// <summary>Past the target and still running.</summary>
    Breached = 3,

    /// <summary>Stopped by a pausing status; resumes when the ticket leaves it.</summary>
    Paused = 4,

    /// <summary>Stopped within the target.</summary>
    Met = 5,

    /// <summary>Stopped after the target.</summary>
    Missed = 6,
}

/// <summary>One clock at one instant: how much of its target is used, what is left, and its state.</summary>
public sealed record SlaClockReading(
    SlaClockKind Kind,
    TimeSpan Target,
    TimeSpan Elapsed,
    TimeSpan PausedFor,
    DateTimeOffset? DueAt,
    DateTimeOffset? StoppedAt,
    SlaClockState State)
{
    /// <summary>Business time left; negative once breached.</summary>
    public TimeSpan Remaining => Target - Elapsed;

    public bool IsBreached => State is SlaClockState.Breached or SlaClockState.Missed;

    /// <summary>The state in words, so colour is never the only signal: "2 h 10 min left", "At risk · 25 min left", "Breached · 1 h over".</summary>
    public string Summary => State switch
    {
        SlaClockState.Running => $"{TicketSla.Human(Remaining)} left",
        SlaClockState.AtRisk => $"At risk · {TicketSla.Human(Remaining)} left",
        SlaClockState.Breached => $"Breached · {TicketSla.Human(-Remaining)} over",
        SlaClockState.Paused => $"Paused · {TicketSla.Human(Remaining)} left",
        SlaClockState.Met => $"Met in {TicketSla.Human(Elapsed)}",
        _ => $"Missed by {TicketSla.Human(-Remaining)}",
    };
}

/// <summary>The terms a ticket's clocks run under: from the contract in force at creation, or the default policy.</summary>
public sealed record SlaTerms(SlaPolicy Policy, int CalendarId, int? ContractId, Coverage Coverage);

/// <summary>
/// A ticket's two SLA clocks. Both start when the ticket is created. First response stops at the first public reply
/// or acknowledgement by an agent; resolution stops on Resolved and resumes on Reopen, the resolved stretch not
/// counting. While the ticket is in a pausing status both clocks stand still. A priority change takes the new
/// priority's targets. The due instants are stored, so the queue can sort by them and the escalation job find
/// crossings with an index; <see cref="Recompute"/> refreshes them after every change and after a calendar edit.
/// </summary>
public sealed partial class TicketSla
{
    private TicketSla()
    {
        PausingStatuses = "";
        Pauses = "";
        CoverageNote = "";
    }

    public int PolicyId { get; private set; }
    public int? ContractId { get; private set; }
    public int CalendarId { get; private set; }
    public CoverageStatus Coverage { get; private set; }
    public string CoverageNote { get; private set; }

    /// <summary>The priority <see cref="ResponseTarget"/> and <see cref="ResolutionTarget"/> belong to.</summary>
    public Priority Priority { get; private set; }

    public TimeSpan ResponseTarget { get; private set; }
    public TimeSpan ResolutionTarget { get; private set; }
    public int WarningPercent { get; private set; }

    /// <summary>Comma-separated statuses that pause the clocks, from the policy at creation.</summary>
    public string PausingStatuses { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? RespondedAt { get; private set; }

    /// <summary>When the ticket was resolved; null while the resolution clock runs.</summary>
    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>Start of the pause in progress (the ticket is in a pausing status).</summary>
    public DateTimeOffset? PausedSince { get; private set; }

    /// <summary>Finished pauses, "start/end" in UTC ticks separated by ';'; an "r" prefix marks a resolved stretch (resolution clock only).</summary>
    public string Pauses { get; private set; }

    public DateTimeOffset? ResponseDueAt { get; private set; }
    public DateTimeOffset? ResponseWarnAt { get; private set; }
    public DateTimeOffset? ResolutionDueAt { get; private set; }
    public DateTimeOffset? ResolutionWarnAt { get; private set; }

    /// <summary>The earliest due instant of a running clock: the queue's "time to breach". Null when no clock runs.</summary>
    public DateTimeOffset? NextDueAt { get; private set; }

    /// <summary>
    /// When a change (a priority change, a pause ending, a reopen, a calendar edit) last moved a running clock's due or
    /// warning instant; null if none ever did. The escalation job reads it to tell a clock that stayed past its threshold
    /// through the move (no new crossing) from one the move put back within time (<see cref="SlaEvent.Covers"/>).
    /// </summary>
    public DateTimeOffset? ClocksMovedAt { get; private set; }

    public static TicketSla Start(SlaTerms terms, Priority priority, DateTimeOffset createdAt, BusinessCalendar calendar)
    {
        var target = terms.Policy.TargetFor(priority);
        var sla = new TicketSla
        {
            PolicyId = terms.Policy.Id,
            ContractId = terms.ContractId,
            CalendarId = terms.CalendarId,
            Coverage = terms.Coverage.Status,
            CoverageNote = terms.Coverage.Note,
            Priority = priority,
            ResponseTarget = target.FirstResponse,
            ResolutionTarget = target.Resolution,
            WarningPercent = terms.Policy.WarningPercent,
            PausingStatuses = string.Join(',', terms.Policy.PausingStatuses),
            StartedAt = createdAt,
        };
        sla.TakeCadence(terms.Policy.Cadence.For(priority));
        sla.RecomputeInstants(calendar);
        sla.RecomputeProgressInstants(calendar);
        return sla;
    }

    public bool IsPausing(TicketStatus status) =>
        PausingStatuses.Split(',', StringSplitOptions.RemoveEmptyEntries).Any(s => s == status.ToString());

    /// <summary>
    /// Brings the clocks up to date with the ticket after a change made at <paramref name="now"/>. Returns the old and
    /// new targets when a priority change replaced them, for the ticket's history.
    /// </summary>
    public (string Old, string New)? Observe(TicketStatus status, DateTimeOffset? firstResponseAt, Priority priority, SlaPolicy policy, BusinessCalendar calendar, DateTimeOffset now)
    {
        RespondedAt ??= firstResponseAt;
        var resolved = status is TicketStatus.Resolved or TicketStatus.Closed;
        if (resolved && ResolvedAt is null)
        {
            EndPause(now);
            ResolvedAt = now;
        }
        else if (!resolved && ResolvedAt is { } wasResolved)
        {
            // Reopened: the resolution clock resumes, and the resolved stretch does not count. The requester last
            // heard the resolution; the keep-informed clock counts afresh from the reopening.
            AddPause(wasResolved, now, resolvedStretch: true);
            ResolvedAt = null;
            LastProgressAt = now;
        }

        if (!resolved && IsPausing(status))
        {
            PausedSince ??= now;
        }
        else
        {
            EndPause(now);
        }

        (string, string)? changed = null;
        if (priority != Priority)
        {
            var before = Describe();
            var target = policy.TargetFor(priority);
            Priority = priority;
            ResponseTarget = target.FirstResponse;
            ResolutionTarget = target.Resolution;
            TakeCadence(policy.Cadence.For(priority));
            changed = (before, Describe());
        }

        Recompute(calendar, now);
        return changed;
    }

    /// <summary>"P2: respond 1 h, resolve 8 h", the way the history shows targets.</summary>
    public string Describe() => $"{Priority}: respond {Human(ResponseTarget)}, resolve {Human(ResolutionTarget)}";

    /// <summary>
    /// Recomputes the stored due and warning instants (after any change, and when the calendar is edited at
    /// <paramref name="now"/>); when a running clock's instant moved, <see cref="ClocksMovedAt"/> becomes <paramref name="now"/>.
    /// </summary>
    public void Recompute(BusinessCalendar calendar, DateTimeOffset now)
    {
        var before = (ResponseDueAt, ResponseWarnAt, ResolutionDueAt, ResolutionWarnAt);
        RecomputeInstants(calendar);
        RecomputeProgressInstants(calendar);
        if (Moved(before.ResponseDueAt, ResponseDueAt) || Moved(before.ResponseWarnAt, ResponseWarnAt)
            || Moved(before.ResolutionDueAt, ResolutionDueAt) || Moved(before.ResolutionWarnAt, ResolutionWarnAt))
        {
            ClocksMovedAt = now;
        }

        // A clock that stops (or pauses and so has no instant) moved nothing that can still be crossed.
        static bool Moved(DateTimeOffset? was, DateTimeOffset? @is) => @is is not null && was != @is;
    }

    private void RecomputeInstants(BusinessCalendar calendar)
    {
        var response = PausesFor(SlaClockKind.FirstResponse);
        var resolution = PausesFor(SlaClockKind.Resolution);
        (ResponseDueAt, ResponseWarnAt) = RespondedAt is null ? DueAndWarning(calendar, ResponseTarget, response) : (null, null);
        (ResolutionDueAt, ResolutionWarnAt) = ResolvedAt is null ? DueAndWarning(calendar, ResolutionTarget, resolution) : (null, null);
        NextDueAt = Earliest(ResponseDueAt, ResolutionDueAt);
    }

    /// <summary>Reads one clock at <paramref name="now"/>.</summary>
    public SlaClockReading Read(SlaClockKind kind, BusinessCalendar calendar, DateTimeOffset now)
    {
        if (kind == SlaClockKind.ProgressUpdate)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "The keep-informed clock has no target to meet; read it with ReadProgress.");
        }

        var pauses = PausesFor(kind);
        var target = kind == SlaClockKind.FirstResponse ? ResponseTarget : ResolutionTarget;
        var stoppedAt = kind == SlaClockKind.FirstResponse ? RespondedAt : ResolvedAt;
        var until = stoppedAt ?? now;
        var elapsed = calendar.Elapsed(StartedAt, until, pauses);
        var pausedFor = TimeSpan.Zero;
        foreach (var pause in pauses)
        {
            var end = pause.End ?? until;
            if (end > pause.Start && pause.Start < until)
            {
                pausedFor += (end < until ? end : until) - pause.Start;
            }
        }

        var (due, warnAt) = stoppedAt is null ? DueAndWarning(calendar, target, pauses) : (null, null);
        var state = stoppedAt is not null ? (elapsed <= target ? SlaClockState.Met : SlaClockState.Missed)
            : elapsed >= target ? SlaClockState.Breached
            : PausedSince is not null ? SlaClockState.Paused
            : warnAt is { } warn && now >= warn ? SlaClockState.AtRisk
            : SlaClockState.Running;
        return new SlaClockReading(kind, target, elapsed, pausedFor, due, stoppedAt, state);
    }

    /// <summary>The pauses that apply to a clock, the one in progress included (open-ended).</summary>
    public IReadOnlyList<Pause> PausesFor(SlaClockKind kind)
    {
        var list = new List<Pause>();
        foreach (var entry in Pauses.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var resolvedStretch = entry[0] == 'r';
            if (resolvedStretch && kind != SlaClockKind.Resolution)
            {
                continue;
            }

            var ticks = (resolvedStretch ? entry[1..] : entry).Split('/');
            list.Add(new Pause(new DateTimeOffset(long.Parse(ticks[0], CultureInfo.InvariantCulture), TimeSpan.Zero), new DateTimeOffset(long.Parse(ticks[1], CultureInfo.InvariantCulture), TimeSpan.Zero)));
        }

        if (PausedSince is { } since)
        {
            list.Add(new Pause(since, null));
        }

        return list;
    }

    private (DateTimeOffset? Due, DateTimeOffset? Warn) DueAndWarning(BusinessCalendar calendar, TimeSpan target, IReadOnlyList<Pause> pauses)
    {
        var due = calendar.Due(StartedAt, target, pauses);
        var warn = calendar.Due(StartedAt, target * WarningPercent / 100, pauses);
        return (due == DateTimeOffset.MaxValue ? null : due, warn == DateTimeOffset.MaxValue ? null : warn);
    }

    private void EndPause(DateTimeOffset now)
    {
        if (PausedSince is { } since)
        {
            AddPause(since, now, resolvedStretch: false);
            PausedSince = null;
        }
    }

    private void AddPause(DateTimeOffset start, DateTimeOffset end, bool resolvedStretch)
    {
        if (end <= start)
        {
            return;
        }

        var entry = string.Create(CultureInfo.InvariantCulture, $"{(resolvedStretch ? "r" : "")}{start.UtcTicks}/{end.UtcTicks}");
        Pauses = Pauses.Length == 0 ? entry : $"{Pauses};{entry}";
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>
    /// "45 min", "4 h", "27 h 30 min", "652 h": business durations stay in hours, since a business day has no fixed
    /// length ("27 d" of business time would mislead); past 48 h the minutes are noise and are dropped.
    /// </summary>
    public static string Human(TimeSpan span)
    {
        var minutes = (long)Math.Round(Math.Abs(span.TotalMinutes));
        var text = (minutes / 60, minutes % 60) switch
        {
            (0, var m) => $"{m} min",
            (var h, _) when h >= 48 => $"{h} h",
            (var h, 0) => $"{h} h",
            (var h, var m) => $"{h} h {m} min",
        };
        return span < TimeSpan.Zero ? "-" + text : text;
    }
}
