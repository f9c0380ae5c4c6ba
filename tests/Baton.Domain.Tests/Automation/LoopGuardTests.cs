using Baton.Domain.Automation;

namespace Baton.Domain.Tests.Automation;

public class LoopGuardTests
{
    [Fact]
    public void APersonsChange_LetsARuleAct() => Assert.Equal(GuardVerdict.Allowed, LoopGuard.Check(1, [], 0, 2));

    [Fact]
    public void ARule_MayAnswerItsOwnActionOnce_ButNotASecondTime()
    {
        Assert.Equal(GuardVerdict.Allowed, LoopGuard.Check(1, [1], 0, 1));
        Assert.Equal(GuardVerdict.OwnEventAgain, LoopGuard.Check(1, [1, 1], 0, 1));
    }

    [Fact]
    public void TwoRulesAnsweringEachOther_StopAtTheThirdLink()
    {
        IReadOnlyList<int> chain = [];
        var fired = new List<int>();
        var next = 1;
        while (LoopGuard.Check(next, chain, fired.Count, 1) == GuardVerdict.Allowed)
        {
            fired.Add(next);
            chain = LoopGuard.Then(chain, next);
            next = next == 1 ? 2 : 1; // rule 1's action sets rule 2 off, and the other way round
        }

        Assert.Equal([1, 2, 1], fired);
        Assert.Equal(GuardVerdict.ChainTooDeep, LoopGuard.Check(next, chain, fired.Count, 1));
    }

    [Fact]
    public void RulesMayDoAtMostTenActionsOnATicketWithinTheWindow()
    {
        Assert.Equal(GuardVerdict.Allowed, LoopGuard.Check(5, [], 8, 2));
        Assert.Equal(GuardVerdict.TooManyActions, LoopGuard.Check(5, [], 9, 2));
    }

    [Fact]
    public void TheGuardsStop_IsExplainedWithTheChain()
    {
        var text = LoopGuard.Explain(GuardVerdict.ChainTooDeep, "Escalate", ["Escalate", "Lower", "Escalate"]);

        Assert.Contains("Escalate → Lower → Escalate", text, StringComparison.Ordinal);
        Assert.Contains("loop guard", text, StringComparison.Ordinal);
    }
}

public class AutomatedRepliesTests
{
    private static readonly Actor Rule = new("automation:1", "Rule: remind") { RuleChain = [1] };

    [Fact]
    public void ARulesPublicReply_DoesNotStopTheFirstResponseClock_APersonsDoes()
    {
        var ticket = Baton.Domain.Tests.Tickets.TicketLifecycleTests.NewTicket();

        ticket.AddMessage("We are still waiting for your answer.", Baton.Domain.Tickets.MessageVisibility.Public, fromRequester: false, Rule, Someone.Time);
        Assert.Null(ticket.FirstRespondedAt);

        ticket.AddMessage("Looking at it now.", Baton.Domain.Tickets.MessageVisibility.Public, fromRequester: false, Someone.Staff, Someone.Time.AddMinutes(5));
        Assert.Equal(Someone.Time.AddMinutes(5), ticket.FirstRespondedAt);
    }

    [Fact]
    public void ARulesAcknowledgement_DoesNotCountAsTheFirstResponse()
    {
        var ticket = Baton.Domain.Tests.Tickets.TicketLifecycleTests.NewTicket();

        ticket.Acknowledge(Rule, Someone.Time);

        Assert.Equal(Baton.Domain.Tickets.TicketStatus.Acknowledged, ticket.Status);
        Assert.Null(ticket.FirstRespondedAt);
    }
}
