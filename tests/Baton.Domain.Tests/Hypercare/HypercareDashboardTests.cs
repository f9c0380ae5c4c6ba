using Baton.Domain.Hypercare;
using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.Hypercare;

public sealed class HypercareDashboardTests
{
    private static readonly DateTimeOffset S = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = S.AddDays(30);

    private static ResolutionChange Resolved(TimeSpan after) => new(S + after, true);

    private static ResolutionChange Reopened(TimeSpan after) => new(S + after, false);

    /// <summary>
    /// A: week 1, P2 application, resolved after 4 h. B: week 1, P1 technological, resolved on day 3, reopened on day 8,
    /// resolved again on day 9. C: created at the very start of week 2, P3 operational, no category, open. D: the last
    /// minute of week 1, P4 application, resolved on day 15. Nothing is opened in week 3.
    /// </summary>
    private static readonly HypercareTicketRecord[] Month =
    [
        new(1, S.AddHours(1), Priority.P2, HypercareScope.Application, "Software", [Resolved(TimeSpan.FromHours(5))]),
        new(2, S.AddDays(2), Priority.P1, HypercareScope.Technological, "Network",
            [Resolved(TimeSpan.FromDays(3)), Reopened(TimeSpan.FromDays(8)), Resolved(TimeSpan.FromDays(9))]),
        new(3, S.AddDays(7), Priority.P3, HypercareScope.Operational, null, []),
        new(4, S.AddDays(7).AddMinutes(-1), Priority.P4, HypercareScope.Application, "Software", [Resolved(TimeSpan.FromDays(15))]),
    ];

    [Fact]
    public void Build_WeekInProgress_CountsEachWeekByPriorityScopeAndState()
    {
        var d = HypercareDashboard.Build(S, End, S.AddDays(16), Month, []);

        Assert.Equal([1, 2, 3], d.Weeks.Select(w => w.Week));
        var (w1, w2, w3) = (d.Weeks[0], d.Weeks[1], d.Weeks[2]);
        Assert.Equal(new PriorityCounts(1, 1, 0, 1), w1.Opened);
        Assert.Equal(new ScopeCounts(0, 2, 1), w1.OpenedByScope);
        Assert.Equal(new PriorityCounts(0, 0, 1, 0), w2.Opened);
        Assert.Equal(new ScopeCounts(1, 0, 0), w2.OpenedByScope);
        Assert.Equal(new PriorityCounts(0, 0, 0, 0), w3.Opened);
        Assert.Equal(new ScopeCounts(0, 0, 0), w3.OpenedByScope);

        // End of week 1: A and B resolved (B not yet reopened), D open; C is not there yet (it opened at the boundary).
        Assert.Equal((1, 2), (w1.OpenAtEnd, w1.ResolvedAtEnd));
        Assert.Equal((2, 2), (w2.OpenAtEnd, w2.ResolvedAtEnd));
        Assert.Equal((1, 3), (w3.OpenAtEnd, w3.ResolvedAtEnd));
        Assert.Equal(S.AddDays(16), w3.CountedAt);
        Assert.Equal(S.AddDays(7), w1.CountedAt);

        // B's first resolution (week 1) does not stand: it counts in week 2, from creation to its last resolution.
        Assert.Equal((1, TimeSpan.FromHours(4)), (w1.ResolvedInWeek, w1.MeanTimeToResolve));
        Assert.Equal((1, TimeSpan.FromDays(7)), (w2.ResolvedInWeek, w2.MeanTimeToResolve));
        Assert.Equal((1, TimeSpan.FromDays(8).Add(TimeSpan.FromMinutes(1))), (w3.ResolvedInWeek, w3.MeanTimeToResolve));
    }

    [Fact]
    public void Build_Totals_MeanTimeToResolveAndTopCategories()
    {
        var d = HypercareDashboard.Build(S, End, S.AddDays(16), Month, []);

        Assert.Equal((4, 1, 3), (d.Tickets, d.Open, d.Resolved));
        Assert.Equal(new PriorityCounts(1, 1, 1, 1), d.ByPriority);
        Assert.Equal(new ScopeCounts(1, 2, 1), d.ByScope);
        var expected = (TimeSpan.FromHours(4) + TimeSpan.FromDays(7) + TimeSpan.FromDays(8) + TimeSpan.FromMinutes(1)) / 3;
        Assert.Equal(expected, d.MeanTimeToResolve);
        Assert.Equal([new CategoryCount("Software", 2), new CategoryCount("Network", 1), new CategoryCount(HypercareDashboard.NoCategory, 1)], d.TopCategories);
    }

    [Fact]
    public void Build_ReopenedTicket_IsOpenUntilResolvedAgain_AndOutOfTheMean()
    {
        var b = Month[1];
        var onDay8AndAHalf = HypercareDashboard.Build(S, End, S.AddDays(8.5), [b], []);
        Assert.Equal((1, 0, null), (onDay8AndAHalf.Open, onDay8AndAHalf.Resolved, onDay8AndAHalf.MeanTimeToResolve));
        Assert.Equal((0, 1), (onDay8AndAHalf.Weeks[0].OpenAtEnd, onDay8AndAHalf.Weeks[0].ResolvedAtEnd));
        Assert.Equal((1, 0), (onDay8AndAHalf.Weeks[1].OpenAtEnd, onDay8AndAHalf.Weeks[1].ResolvedAtEnd));
        Assert.Equal(0, onDay8AndAHalf.Weeks[0].ResolvedInWeek);
    }

    [Fact]
    public void Build_PeriodOver_ShowsEveryWeekUpToTheEnd_TheLastOneShort_EmptyWeeksZero()
    {
        var d = HypercareDashboard.Build(S, End, End.AddDays(5), Month, []);

        Assert.Equal(5, d.Weeks.Count);
        Assert.Equal((S.AddDays(28), End, End), (d.Weeks[4].StartsAt, d.Weeks[4].EndsAt, d.Weeks[4].CountedAt));
        Assert.Equal(End, d.AsOf);
        Assert.All(d.Weeks.Skip(2), w => Assert.Equal(0, w.Opened.Total));
        Assert.All(d.Weeks.Skip(2), w => Assert.Equal((1, 3), (w.OpenAtEnd, w.ResolvedAtEnd)));
    }

    [Fact]
    public void Build_NoTicketsNoFeedback_OneWeekOfZeros()
    {
        var d = HypercareDashboard.Build(S, End, S.AddHours(2), [], []);
        var week = Assert.Single(d.Weeks);
        Assert.Equal((0, 0, 0, 0), (week.Opened.Total, week.OpenAtEnd, week.ResolvedAtEnd, week.FeedbackCount));
        Assert.Null(week.FeedbackMean);
        Assert.Null(d.MeanTimeToResolve);
        Assert.Empty(d.TopCategories);
    }

    [Fact]
    public void Build_Feedback_IsATrendByWeek()
    {
        var d = HypercareDashboard.Build(S, End, S.AddDays(16), [], [new(1, 4), new(1, 2), new(2, 5)]);
        Assert.Equal([(2, 3.00m), (1, 5.00m), (0, (decimal?)null)], d.Weeks.Select(w => (w.FeedbackCount, w.FeedbackMean)));
        Assert.Equal((3, 3.67m), (d.FeedbackCount, d.FeedbackMean));
    }

    [Fact]
    public void ResolutionHistory_FromStatusChanges_ClosedStaysResolved_ReopenLeaves()
    {
        var changes = ResolutionHistory.From(
        [
            (S.AddHours(1), "New", "Acknowledged"),
            (S.AddHours(2), "Acknowledged", "Resolved"),
            (S.AddHours(3), "Resolved", "InProgress"),
            (S.AddHours(4), "InProgress", "Resolved"),
            (S.AddHours(5), "Resolved", "Closed"),
        ]);
        Assert.Equal([new(S.AddHours(2), true), new(S.AddHours(3), false), new(S.AddHours(4), true)], changes);
        Assert.False(ResolutionHistory.ResolvedBefore(changes, S.AddHours(2)));
        Assert.True(ResolutionHistory.ResolvedBefore(changes, S.AddHours(2).AddTicks(1)));
        Assert.Equal(S.AddHours(4), ResolutionHistory.FinalResolutionBefore(changes, S.AddDays(1)));
        Assert.Null(ResolutionHistory.FinalResolutionBefore(changes, S.AddHours(3.5)));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(7 * 24 * 60 - 1, 1)]
    [InlineData(7 * 24 * 60, 2)]
    [InlineData(29 * 24 * 60, 5)]
    public void WeekOf_CountsSevenDaysFromTheStart(int minutes, int week) =>
        Assert.Equal(week, HypercareWeeks.WeekOf(S, S.AddMinutes(minutes)));

    [Fact]
    public void Shown_WeeksUpToNow_OrAllOnceOver()
    {
        Assert.Equal(0, HypercareWeeks.WeekOf(S, S.AddTicks(-1)));
        Assert.Equal(1, HypercareWeeks.Shown(S, End, S.AddTicks(-1)));
        Assert.Equal(2, HypercareWeeks.Shown(S, End, S.AddDays(7)));
        Assert.Equal(4, HypercareWeeks.Shown(S, S.AddDays(28), S.AddDays(60)));
        Assert.Equal(5, HypercareWeeks.Shown(S, End, S.AddDays(60)));
    }
}
