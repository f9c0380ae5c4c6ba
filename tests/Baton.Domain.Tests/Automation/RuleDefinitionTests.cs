using Baton.Domain.Automation;

namespace Baton.Domain.Tests.Automation;

public class RuleDefinitionTests
{
    private static readonly RuleAction Note = new(RuleActionKind.AddInternalNote, "Checked by a rule.");

    [Fact]
    public void AConditionWithAValueThatCannotMatch_IsRefused_NamingTheConditionAndTheValues()
    {
        var definition = new RuleDefinition("P1s", RuleTrigger.TicketOpened, [new(RuleField.Priority, RuleOperator.Is, "P1"), new(RuleField.Priority, RuleOperator.Is, "urgent")], [Note]);

        var problem = Assert.Single(definition.Problems());
        Assert.Equal("conditions[1]", problem.Field);
        Assert.Contains("\"urgent\"", problem.Message, StringComparison.Ordinal);
        Assert.Contains("P1, P2, P3 or P4", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOperatorThatDoesNotFitTheField_IsRefused()
    {
        var definition = new RuleDefinition("x", RuleTrigger.TicketOpened, [new(RuleField.Priority, RuleOperator.AtLeast, "P1")], [Note]);

        Assert.Equal("conditions[0]", Assert.Single(definition.Problems()).Field);
    }

    [Fact]
    public void ARuleThatRunsAsTimePasses_NeedsAnAtLeastTimeCondition()
    {
        var everyMinute = new RuleDefinition("x", RuleTrigger.TimePassed, [new(RuleField.Status, RuleOperator.Is, "Resolved")], [Note]);
        var afterFiveDays = everyMinute with { Conditions = [.. everyMinute.Conditions, new(RuleField.TimeSinceResolved, RuleOperator.AtLeast, "5d")] };

        Assert.Equal("conditions", Assert.Single(everyMinute.Problems()).Field);
        Assert.Empty(afterFiveDays.Problems());
    }

    [Fact]
    public void ARuleWithoutActionsOrName_IsRefusedOnEach()
    {
        var definition = new RuleDefinition(" ", RuleTrigger.TicketOpened, [], []);

        Assert.Equal(["name", "actions"], definition.Problems().Select(p => p.Field));
    }

    [Theory]
    [InlineData(RuleActionKind.Move, "Reopen")] // a rule never reopens: that is the customer's or a person's call
    [InlineData(RuleActionKind.Move, "7")]
    [InlineData(RuleActionKind.SetUrgency, "Critical")]
    [InlineData(RuleActionKind.AssignTeam, "sales")]
    [InlineData(RuleActionKind.NotifyRoles, "boss")]
    [InlineData(RuleActionKind.NotifyRoles, "contact:")]
    [InlineData(RuleActionKind.SendReply, "")]
    public void AnActionItCannotDo_IsRefused(RuleActionKind kind, string value)
    {
        var definition = new RuleDefinition("x", RuleTrigger.TicketOpened, [], [new(kind, value)]);

        Assert.Equal("actions[0]", Assert.Single(definition.Problems()).Field);
    }

    [Fact]
    public void TheShippedRules_AreValid_AndEachRunsAsTimePasses()
    {
        Assert.All(ShippedRules.All, s =>
        {
            Assert.Empty(s.Definition.Problems());
            Assert.Equal(RuleTrigger.TimePassed, s.Definition.Trigger);
        });
        Assert.Equal(ShippedRules.All.Count, ShippedRules.All.Select(s => s.Key).Distinct().Count());
    }

    [Fact]
    public void EditingARule_PutsWhatChangedOnItsTrail_InWords_AndBumpsItsVersion()
    {
        var rule = AutomationRule.Create(new RuleDefinition("Tell the lead", RuleTrigger.TicketOpened, [new(RuleField.Priority, RuleOperator.Is, "P1")], [Note]), 10, true, Someone.Staff, Someone.Time);
        ((Baton.Domain.Audit.IAudited)rule).ClearPendingAuditEntries();

        rule.Edit(rule.Definition with { Conditions = [new(RuleField.Priority, RuleOperator.Is, "P1, P2")] }, Someone.Staff, Someone.Time);

        var entry = Assert.Single(rule.PendingAuditEntries);
        Assert.Equal("If", entry.Field);
        Assert.Equal("Priority is P1", entry.OldValue);
        Assert.Equal("Priority is P1, P2", entry.NewValue);
        Assert.Equal(2, rule.Version);
    }

    [Fact]
    public void SavingAnInvalidDefinition_IsRefusedByTheRuleItself()
    {
        var rule = AutomationRule.Create(new RuleDefinition("ok", RuleTrigger.TicketOpened, [], [Note]), 10, true, Someone.Staff, Someone.Time);

        var e = Assert.Throws<DomainRuleException>(() => rule.Edit(rule.Definition with { Actions = [] }, Someone.Staff, Someone.Time));
        Assert.Equal("actions", e.Field);
        Assert.Equal("ok", rule.Name);
    }
}
