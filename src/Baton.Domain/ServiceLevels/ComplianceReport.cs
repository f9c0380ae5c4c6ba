using Baton.Domain.Tickets;

namespace Baton.Domain.ServiceLevels;

/// <summary>How one clock of one ticket counts in a compliance report.</summary>
public enum SlaOutcome
{
    /// <summary>Stopped within the target.</summary>
    Met = 1,

    /// <summary>Stopped after the target.</summary>
    Missed = 2,

    /// <summary>Still running (or paused) and already past the target: it can only end missed.</summary>
    Breached = 3,

    /// <summary>Still running (or paused) within the target: not decided yet, so not counted.</summary>
    Pending = 4,
}

/// <summary>One ticket in scope with its two clocks, read at the report's instant.</summary>
public sealed record ComplianceTicket(
    long TicketId,
    string Number,
    string Title,
    int ClientId,
    string ClientName,
    int? ContractId,
    string? ContractName,
    Priority Priority,
    DateTimeOffset CreatedAt,
    SlaClockReading FirstResponse,
    SlaClockReading Resolution)
{
    public SlaOutcome FirstResponseOutcome => ComplianceReport.OutcomeOf(FirstResponse);

    public SlaOutcome ResolutionOutcome => ComplianceReport.OutcomeOf(Resolution);

    public SlaClockReading Clock(SlaClockKind kind) => kind == SlaClockKind.FirstResponse ? FirstResponse : Resolution;
}

/// <summary>
/// One clock's figures over the tickets in scope. <see cref="Met"/> + <see cref="Missed"/> + <see cref="Breached"/>
/// + <see cref="Pending"/> is the number of tickets in scope; <see cref="Counted"/> leaves out the pending ones.
/// </summary>
public sealed record ClockCompliance(
    SlaClockKind Kind,
    int Met,
    int Missed,
    int Breached,
    int Pending,
    decimal? MetPercent,
    int Stopped,
    TimeSpan? MeanElapsed,
    TimeSpan? P90Elapsed)
{
    /// <summary>The tickets the percentage is over: decided ones (stopped, or running past the target).</summary>
    public int Counted => Met + Missed + Breached;
}

/// <summary>A clock that missed its target or is running past it, and by how much.</summary>
public sealed record SlaBreach(
    long TicketId,
    string Number,
    string Title,
    SlaClockKind Clock,
    SlaOutcome Outcome,
    TimeSpan Target,
    TimeSpan Elapsed)
{
    /// <summary>Business time past the target (zero when a running clock has just reached it).</summary>
    public TimeSpan OverBy => Elapsed - Target;
}

/// <summary>
/// SLA compliance over a set of tickets, from their clock readings; no I/O, the caller reads the clocks.
/// </summary>
/// <remarks>
/// <para>
/// <b>Which tickets count.</b> Every ticket in scope is listed, with an outcome per clock (<see cref="SlaOutcome"/>).
/// A clock's met percentage is <c>met / (met + missed + breached)</c>: a clock counts once it is decided — stopped
/// (met or missed), or still running but already past its target (breached, which can only end missed). A clock
/// still running or paused within its target is pending and left out of the percentage. The percentage is rounded
/// half away from zero to one decimal; it is null when no clock counts.
/// </para>
/// <para>
/// <b>Elapsed times.</b> The mean and the 90th percentile are over stopped clocks only (met and missed), in
/// business time with paused time excluded (<see cref="SlaClockReading.Elapsed"/>). The mean is the total divided by
/// the count, truncated to the tick. The 90th percentile is the nearest rank: sorted ascending, the value at rank
/// <c>⌈0.9 × n⌉</c> (1-based). Both are null when no clock has stopped.
/// </para>
/// <para>
/// <b>Breaches.</b> One line per missed or breached clock, ordered like the tickets (creation, then number), the
/// first-response clock before the resolution clock; so the list has <c>missed + breached</c> lines per clock.
/// </para>
/// </remarks>
public sealed class ComplianceReport
{
    private ComplianceReport(IReadOnlyList<ComplianceTicket> tickets, ClockCompliance firstResponse, ClockCompliance resolution, IReadOnlyList<SlaBreach> breaches)
    {
        Tickets = tickets;
        FirstResponse = firstResponse;
        Resolution = resolution;
        Breaches = breaches;
    }

    /// <summary>Every ticket in scope, oldest first.</summary>
    public IReadOnlyList<ComplianceTicket> Tickets { get; }

    public int TicketsInScope => Tickets.Count;

    public ClockCompliance FirstResponse { get; }

    public ClockCompliance Resolution { get; }

    public IReadOnlyList<SlaBreach> Breaches { get; }

    public static ComplianceReport Compute(IEnumerable<ComplianceTicket> tickets)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        var list = tickets.OrderBy(t => t.CreatedAt).ThenBy(t => t.Number, StringComparer.Ordinal).ToList();
        var breaches = new List<SlaBreach>();
        foreach (var ticket in list)
        {
            foreach (var kind in (ReadOnlySpan<SlaClockKind>)[SlaClockKind.FirstResponse, SlaClockKind.Resolution])
            {
                var reading = ticket.Clock(kind);
                var outcome = OutcomeOf(reading);
                if (outcome is SlaOutcome.Missed or SlaOutcome.Breached)
                {
                    breaches.Add(new SlaBreach(ticket.TicketId, ticket.Number, ticket.Title, kind, outcome, reading.Target, reading.Elapsed));
                }
            }
        }

        return new ComplianceReport(list, Summarise(list, SlaClockKind.FirstResponse), Summarise(list, SlaClockKind.Resolution), breaches);
    }

    /// <summary>
    /// A reading's outcome, from its state (so the report and the ticket page cannot disagree): met and missed as
    /// read; breached while running past the target; running, at risk or paused within the target is pending.
    /// </summary>
    public static SlaOutcome OutcomeOf(SlaClockReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return reading.State switch
        {
            SlaClockState.Met => SlaOutcome.Met,
            SlaClockState.Missed => SlaOutcome.Missed,
            SlaClockState.Breached => SlaOutcome.Breached,
            SlaClockState.Running or SlaClockState.AtRisk or SlaClockState.Paused => SlaOutcome.Pending,
        };
    }

    /// <summary>Nearest-rank percentile (1–100) of a non-empty list: sorted ascending, the value at rank ⌈p/100 × n⌉.</summary>
    public static TimeSpan NearestRank(IReadOnlyList<TimeSpan> values, int percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("A percentile of nothing is undefined.", nameof(values));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var sorted = values.Order().ToList();
        // ⌈p × n / 100⌉ in integers, so 90 % of 10 is rank 9 exactly, not 9.000…1.
        var rank = ((percentile * sorted.Count) + 99) / 100;
        return sorted[rank - 1];
    }

    private static ClockCompliance Summarise(IReadOnlyList<ComplianceTicket> tickets, SlaClockKind kind)
    {
        int met = 0, missed = 0, breached = 0, pending = 0;
        var stopped = new List<TimeSpan>();
        foreach (var ticket in tickets)
        {
            var reading = ticket.Clock(kind);
            switch (OutcomeOf(reading))
            {
                case SlaOutcome.Met: met++; stopped.Add(reading.Elapsed); break;
                case SlaOutcome.Missed: missed++; stopped.Add(reading.Elapsed); break;
                case SlaOutcome.Breached: breached++; break;
                case SlaOutcome.Pending: pending++; break;
                default: throw new InvalidOperationException($"Unknown outcome for {ticket.Number}.");
            }
        }

        var counted = met + missed + breached;
        decimal? percent = counted == 0 ? null : Math.Round(100m * met / counted, 1, MidpointRounding.AwayFromZero);
        TimeSpan? mean = stopped.Count == 0 ? null : TimeSpan.FromTicks(stopped.Sum(s => s.Ticks) / stopped.Count);
        TimeSpan? p90 = stopped.Count == 0 ? null : NearestRank(stopped, 90);
        return new ClockCompliance(kind, met, missed, breached, pending, percent, stopped.Count, mean, p90);
    }
}
