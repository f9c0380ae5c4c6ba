using Baton.Domain.Automation;
using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.Automation;

public class RuleEngineTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 10, 12, 0, 0, TimeSpan.Zero);

    internal static RuleFacts Ticket(
        TicketStatus status = TicketStatus.InProgress, Priority priority = Priority.P3, string? assignee = "agent-1", int clientId = 1, int? teamId = 7,
        DateTimeOffset? created = null, DateTimeOffset? statusSince = null, DateTimeOffset? lastPublic = null, DateTimeOffset? lastCustomer = null,
        DateTimeOffset? resolved = null, string[]? roles = null, TicketKind kind = TicketKind.Incident) =>
        new(42, "INC-000042", clientId, kind, priority, CategoryId: null, teamId, assignee, status, RequestType.Technical, roles ?? [],
            created ?? Now.AddDays(-10), statusSince ?? Now.AddDays(-1), lastPublic, lastCustomer, resolved);

    private static CompiledRule Rule(RuleTrigger trigger, params RuleCondition[] conditions) =>
        new(1, 10, new RuleDefinition("test", trigger, conditions, [new RuleAction(RuleActionKind.AddInternalNote, "x")]));

    [Fact]
    public void ARule_MatchesOnlyWhenEveryConditionHolds()
    {
        var rule = Rule(RuleTrigger.TicketOpened,
            new(RuleField.Priority, RuleOperator.Is, "P1, P2"),
            new(RuleField.Client, RuleOperator.IsNot, "9"));

        Assert.True(rule.Matches(Ticket(priority: Priority.P2), Now));
        Assert.False(rule.Matches(Ticket(priority: Priority.P3), Now));
        Assert.False(rule.Matches(Ticket(priority: Priority.P1, clientId: 9), Now));
    }

    [Fact]
    public void CouldMatch_ChecksOnlyTheKnownFields_AndTakesTheOthersToHold()
    {
        var rule = Rule(RuleTrigger.TicketOpened,
            new(RuleField.Priority, RuleOperator.Is, "P1"),
            new(RuleField.Assignee, RuleOperator.IsSet));
        var known = new HashSet<RuleField> { RuleField.Priority };

        Assert.True(rule.CouldMatch(Ticket(priority: Priority.P1, assignee: null), known, Now)); // the assignee is not known yet
        Assert.False(rule.Matches(Ticket(priority: Priority.P1, assignee: null), Now));
        Assert.False(rule.CouldMatch(Ticket(priority: Priority.P3), known, Now)); // a P3 can never be this rule's
    }

    [Fact]
    public void IsSetAndIsNotSet_LookAtWhetherTheFieldHasAValue()
    {
        var unassigned = Rule(RuleTrigger.TimePassed, new RuleCondition(RuleField.Assignee, RuleOperator.IsNotSet));

        Assert.True(unassigned.Matches(Ticket(assignee: null), Now));
        Assert.False(unassigned.Matches(Ticket(assignee: "agent-1"), Now));
    }

    [Fact]
    public void TimeConditions_MeasureFromTheirOwnInstant_AndAResolvedTimeOnlyHoldsWhileResolved()
    {
        var fiveDaysResolved = Rule(RuleTrigger.TimePassed, new RuleCondition(RuleField.TimeSinceResolved, RuleOperator.AtLeast, "5d"));

        Assert.True(fiveDaysResolved.Matches(Ticket(TicketStatus.Resolved, resolved: Now.AddDays(-5)), Now));
        Assert.False(fiveDaysResolved.Matches(Ticket(TicketStatus.Resolved, resolved: Now.AddDays(-5).AddMinutes(1)), Now));
        Assert.False(fiveDaysResolved.Matches(Ticket(TicketStatus.InProgress, resolved: Now.AddDays(-9)), Now)); // reopened since
    }

    [Fact]
    public void TimeSinceTheLastPublicReply_CountsFromCreation_WhenNobodyHasReplied()
    {
        var quiet = Rule(RuleTrigger.TimePassed, new RuleCondition(RuleField.TimeSinceLastPublicReply, RuleOperator.AtLeast, "4h"));

        Assert.True(quiet.Matches(Ticket(created: Now.AddHours(-5), lastPublic: null), Now));
        Assert.False(quiet.Matches(Ticket(created: Now.AddHours(-5), lastPublic: Now.AddHours(-1)), Now));
    }

    [Fact]
    public void ARequesterRoleCondition_MatchesAnyRoleTheRequesterHolds()
    {
        var vip = Rule(RuleTrigger.TicketOpened, new RuleCondition(RuleField.RequesterRole, RuleOperator.Is, "vip"));

        Assert.True(vip.Matches(Ticket(roles: ["approver", "VIP"]), Now));
        Assert.False(vip.Matches(Ticket(roles: ["approver"]), Now));
    }

    [Fact]
    public void Matching_TakesOnlyTheEventsRules_InTheirOrder()
    {
        var rules = RuleEngine.Compile(
        [
            (3, 30, new RuleDefinition("third", RuleTrigger.TicketOpened, [], [new(RuleActionKind.AddInternalNote, "c")])),
            (1, 10, new RuleDefinition("first", RuleTrigger.TicketOpened, [], [new(RuleActionKind.AddInternalNote, "a")])),
            (2, 20, new RuleDefinition("other event", RuleTrigger.Resolved, [], [new(RuleActionKind.AddInternalNote, "b")])),
        ]);

        var matched = RuleEngine.Matching(rules, RuleTrigger.TicketOpened, Ticket(), Now);

        Assert.Equal(["first", "third"], matched.Select(r => r.Name));
    }

    [Fact]
    public void ATimedRulesOccasion_StaysTheSameUntilTheInstantItMeasuresFromMoves()
    {
        var rule = Rule(RuleTrigger.TimePassed, new RuleCondition(RuleField.TimeInStatus, RuleOperator.AtLeast, "3d"));
        var awaiting = Ticket(TicketStatus.AwaitingCustomer, statusSince: Now.AddDays(-3));

        Assert.Equal(rule.OccasionKey(awaiting), rule.OccasionKey(awaiting with { LastPublicReplyAt = Now }));
        Assert.NotEqual(rule.OccasionKey(awaiting), rule.OccasionKey(awaiting with { StatusSince = Now }));
    }

    [Theory]
    [InlineData("15m", 15)]
    [InlineData("90 min", 90)]
    [InlineData("4h", 240)]
    [InlineData("3d", 4320)]
    [InlineData("1w", 10080)]
    public void Durations_ReadAsAdministratorsWriteThem(string text, int minutes)
    {
        Assert.True(RuleCondition.TryDuration(text, out var length));
        Assert.Equal(TimeSpan.FromMinutes(minutes), length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("0m")]
    [InlineData("-3d")]
    [InlineData("400d")]
    public void Durations_ThatAreNotALengthOfTime_AreRefused(string text) => Assert.False(RuleCondition.TryDuration(text, out _));
}
