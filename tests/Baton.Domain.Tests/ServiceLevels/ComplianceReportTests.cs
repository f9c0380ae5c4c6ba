using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.ServiceLevels;

/// <summary>
/// The compliance report's arithmetic over a hand-worked month. Targets: P2 respond 60 min, resolve 480 min;
/// P3 respond 240 min, resolve 1440 min. Elapsed times are business minutes with paused time already left out
/// (that is what a reading's Elapsed is).
/// <code>
///         first response                  resolution
/// INC-1   P2  30 stopped  Met             240 stopped  Met
/// INC-2   P2  90 stopped  Missed (+30)    240 stopped  Met          (480 on the wall, 240 of it paused)
/// INC-3   P3  60 stopped  Met            1680 stopped  Missed (+240)
/// INC-4   P2 40320 running Breached       40320 running Breached     (never touched; +40260 and +39840)
/// INC-5   P2  10 stopped  Met              70 paused   Pending
/// INC-6   P2  20 stopped  Met             240 stopped  Met          (120 + 120 around a reopen)
/// INC-7   P3  10 stopped  Met             570 running  Pending
/// </code>
/// </summary>
public sealed class ComplianceReportTests
{
    private static readonly DateTimeOffset March1 = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static ComplianceReport Month() => ComplianceReport.Compute(
    [
        // Deliberately out of order: the report sorts by creation.
        Ticket(6, Priority.P2, Stopped(SlaClockKind.FirstResponse, 60, 20), Stopped(SlaClockKind.Resolution, 480, 240)),
        Ticket(1, Priority.P2, Stopped(SlaClockKind.FirstResponse, 60, 30), Stopped(SlaClockKind.Resolution, 480, 240)),
        Ticket(2, Priority.P2, Stopped(SlaClockKind.FirstResponse, 60, 90), Stopped(SlaClockKind.Resolution, 480, 240)),
        Ticket(3, Priority.P3, Stopped(SlaClockKind.FirstResponse, 240, 60), Stopped(SlaClockKind.Resolution, 1440, 1680)),
        Ticket(4, Priority.P2, Running(SlaClockKind.FirstResponse, 60, 40320), Running(SlaClockKind.Resolution, 480, 40320)),
        Ticket(5, Priority.P2, Stopped(SlaClockKind.FirstResponse, 60, 10), Running(SlaClockKind.Resolution, 480, 70, paused: true)),
        Ticket(7, Priority.P3, Stopped(SlaClockKind.FirstResponse, 240, 10), Running(SlaClockKind.Resolution, 1440, 570)),
    ]);

    [Fact]
    public void Compute_HandWorkedMonth_CountsEveryTicketOnce()
    {
        var report = Month();

        Assert.Equal(7, report.TicketsInScope);
        Assert.Equal(["INC-1", "INC-2", "INC-3", "INC-4", "INC-5", "INC-6", "INC-7"], report.Tickets.Select(t => t.Number));
        // Each clock sorts every ticket into exactly one outcome.
        Assert.Equal(report.TicketsInScope, report.FirstResponse.Met + report.FirstResponse.Missed + report.FirstResponse.Breached + report.FirstResponse.Pending);
        Assert.Equal(report.TicketsInScope, report.Resolution.Met + report.Resolution.Missed + report.Resolution.Breached + report.Resolution.Pending);
    }

    [Fact]
    public void Compute_FirstResponse_CountsStoppedAndBreachedClocks()
    {
        var fr = Month().FirstResponse;

        // Met: INC-1, 3, 5, 6, 7 = 5. Missed: INC-2 = 1. Breached (running past target): INC-4 = 1. Pending: none.
        Assert.Equal((5, 1, 1, 0), (fr.Met, fr.Missed, fr.Breached, fr.Pending));
        // 5 / (5 + 1 + 1) = 71.428…% → 71.4.
        Assert.Equal(7, fr.Counted);
        Assert.Equal(71.4m, fr.MetPercent);
        // Stopped: 30, 90, 60, 10, 20, 10 → n = 6, sum 220, mean 36.666… min = 36 min 40 s.
        Assert.Equal(6, fr.Stopped);
        Assert.Equal(TimeSpan.FromSeconds(2200), fr.MeanElapsed);
        // Sorted 10, 10, 20, 30, 60, 90; rank ⌈0.9 × 6⌉ = ⌈5.4⌉ = 6 → 90 min.
        Assert.Equal(TimeSpan.FromMinutes(90), fr.P90Elapsed);
    }

    [Fact]
    public void Compute_Resolution_LeavesPendingClocksOut()
    {
        var res = Month().Resolution;

        // Met: INC-1, 2, 6 = 3. Missed: INC-3 = 1. Breached: INC-4 = 1. Pending: INC-5 (paused), INC-7 (running) = 2.
        Assert.Equal((3, 1, 1, 2), (res.Met, res.Missed, res.Breached, res.Pending));
        // 3 / (3 + 1 + 1) = 60 %.
        Assert.Equal(5, res.Counted);
        Assert.Equal(60.0m, res.MetPercent);
        // Stopped: 240, 240, 1680, 240 → n = 4, sum 2400, mean 600 min.
        Assert.Equal(4, res.Stopped);
        Assert.Equal(TimeSpan.FromMinutes(600), res.MeanElapsed);
        // Sorted 240, 240, 240, 1680; rank ⌈0.9 × 4⌉ = ⌈3.6⌉ = 4 → 1680 min.
        Assert.Equal(TimeSpan.FromMinutes(1680), res.P90Elapsed);
    }

    [Fact]
    public void Compute_Breaches_ListMissedAndBreachedClocksWithTheOverrun()
    {
        var breaches = Month().Breaches;

        Assert.Equal(
            [
                ("INC-2", SlaClockKind.FirstResponse, SlaOutcome.Missed, 60d, 90d, 30d),          // 90 − 60
                ("INC-3", SlaClockKind.Resolution, SlaOutcome.Missed, 1440d, 1680d, 240d),        // 1680 − 1440
                ("INC-4", SlaClockKind.FirstResponse, SlaOutcome.Breached, 60d, 40320d, 40260d),  // 40320 − 60
                ("INC-4", SlaClockKind.Resolution, SlaOutcome.Breached, 480d, 40320d, 39840d),    // 40320 − 480
            ],
            breaches.Select(b => (b.Number, b.Clock, b.Outcome, b.Target.TotalMinutes, b.Elapsed.TotalMinutes, b.OverBy.TotalMinutes)));
        // missed + breached per clock: (1 + 1) + (1 + 1) = 4 lines.
        var report = Month();
        Assert.Equal(report.FirstResponse.Missed + report.FirstResponse.Breached + report.Resolution.Missed + report.Resolution.Breached, breaches.Count);
    }

    [Fact]
    public void Compute_NoTickets_HasNoPercentagesOrTimes()
    {
        var report = ComplianceReport.Compute([]);

        Assert.Equal(0, report.TicketsInScope);
        Assert.Null(report.FirstResponse.MetPercent);
        Assert.Null(report.FirstResponse.MeanElapsed);
        Assert.Null(report.Resolution.P90Elapsed);
        Assert.Empty(report.Breaches);
    }

    [Fact]
    public void Compute_OnlyPendingClocks_HasNoPercentage()
    {
        var report = ComplianceReport.Compute([Ticket(1, Priority.P2, Running(SlaClockKind.FirstResponse, 60, 5), Running(SlaClockKind.Resolution, 480, 5))]);

        Assert.Equal(1, report.FirstResponse.Pending);
        Assert.Equal(0, report.FirstResponse.Counted);
        Assert.Null(report.FirstResponse.MetPercent);
        Assert.Equal(0, report.FirstResponse.Stopped);
    }

    [Fact]
    public void Compute_ExactlyOnTarget_IsMet()
    {
        // Stopped at exactly 60 of 60 is met (elapsed ≤ target); a running clock at exactly its target is breached.
        var report = ComplianceReport.Compute([Ticket(1, Priority.P2, Stopped(SlaClockKind.FirstResponse, 60, 60), Running(SlaClockKind.Resolution, 480, 480))]);

        Assert.Equal(SlaOutcome.Met, report.Tickets[0].FirstResponseOutcome);
        Assert.Equal(SlaOutcome.Breached, report.Tickets[0].ResolutionOutcome);
        Assert.Equal(TimeSpan.Zero, Assert.Single(report.Breaches).OverBy);
    }

    [Theory]
    // 1 of 3 = 33.33… → 33.3; 2 of 3 = 66.66… → 66.7; 1 of 16 = 6.25 → 6.3 (half away from zero); 1 of 8 = 12.5.
    [InlineData(1, 3, "33.3")]
    [InlineData(2, 3, "66.7")]
    [InlineData(1, 16, "6.3")]
    [InlineData(1, 8, "12.5")]
    [InlineData(0, 4, "0.0")]
    [InlineData(4, 4, "100.0")]
    public void Compute_MetPercent_RoundsToOneDecimal(int met, int counted, string expected)
    {
        var tickets = Enumerable.Range(1, counted).Select(i => Ticket(
            i,
            Priority.P2,
            i <= met ? Stopped(SlaClockKind.FirstResponse, 60, 30) : Stopped(SlaClockKind.FirstResponse, 60, 61),
            Running(SlaClockKind.Resolution, 480, 1)));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ComplianceReport.Compute(tickets).FirstResponse.MetPercent);
    }

    [Theory]
    // n = 1: rank ⌈0.9⌉ = 1. n = 10: rank 9 exactly. n = 11: ⌈9.9⌉ = 10. n = 20: rank 18. n = 21: ⌈18.9⌉ = 19.
    [InlineData(1, 1)]
    [InlineData(10, 9)]
    [InlineData(11, 10)]
    [InlineData(20, 18)]
    [InlineData(21, 19)]
    public void NearestRank_P90_TakesTheCeilingRank(int count, int expectedMinutes)
    {
        // Values 1..n minutes, given in reverse, so the value equals its rank once sorted.
        var values = Enumerable.Range(1, count).Reverse().Select(m => TimeSpan.FromMinutes(m)).ToList();

        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), ComplianceReport.NearestRank(values, 90));
    }

    [Fact]
    public void NearestRank_OfNothing_IsRefused() =>
        Assert.Throws<ArgumentException>(() => ComplianceReport.NearestRank([], 90));

    [Fact]
    public void Compute_MeanElapsed_TruncatesToTheTick()
    {
        // 1 tick + 2 ticks = 3 ticks over 2 clocks = 1.5 → 1 tick.
        var report = ComplianceReport.Compute(
        [
            Ticket(1, Priority.P2, Reading(SlaClockKind.FirstResponse, TimeSpan.FromMinutes(60), TimeSpan.FromTicks(1), SlaClockState.Met), Running(SlaClockKind.Resolution, 480, 1)),
            Ticket(2, Priority.P2, Reading(SlaClockKind.FirstResponse, TimeSpan.FromMinutes(60), TimeSpan.FromTicks(2), SlaClockState.Met), Running(SlaClockKind.Resolution, 480, 1)),
        ]);

        Assert.Equal(TimeSpan.FromTicks(1), report.FirstResponse.MeanElapsed);
    }

    private static ComplianceTicket Ticket(int n, Priority priority, SlaClockReading firstResponse, SlaClockReading resolution) =>
        new(n, $"INC-{n}", $"Ticket {n}", 1, "Northwind", null, null, priority, March1.AddDays(n - 1), firstResponse, resolution);

    private static SlaClockReading Stopped(SlaClockKind kind, int targetMinutes, int elapsedMinutes) => Reading(
        kind, TimeSpan.FromMinutes(targetMinutes), TimeSpan.FromMinutes(elapsedMinutes),
        elapsedMinutes <= targetMinutes ? SlaClockState.Met : SlaClockState.Missed);

    private static SlaClockReading Running(SlaClockKind kind, int targetMinutes, int elapsedMinutes, bool paused = false) => Reading(
        kind, TimeSpan.FromMinutes(targetMinutes), TimeSpan.FromMinutes(elapsedMinutes),
        elapsedMinutes >= targetMinutes ? SlaClockState.Breached : paused ? SlaClockState.Paused : SlaClockState.Running);

    private static SlaClockReading Reading(SlaClockKind kind, TimeSpan target, TimeSpan elapsed, SlaClockState state)
    {
        var stopped = state is SlaClockState.Met or SlaClockState.Missed;
        return new SlaClockReading(kind, target, elapsed, TimeSpan.Zero, stopped ? null : March1 + target, stopped ? March1 + elapsed : null, state);
    }
}
