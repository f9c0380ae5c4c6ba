using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using static Baton.Domain.Tests.Closeout.CloseoutWorld;

namespace Baton.Domain.Tests.Closeout;

/// <summary>The living document: a proposal from a ticket after hand-off, accepted into a new version or declined.</summary>
public sealed class CloseoutProposalTests
{
    private static CloseoutProposal Propose(Project project, CloseoutTemplateVersion current, string text = "Printer queues documented", int? ticketClient = null) =>
        new(project, 42, "INC-000042", ticketClient ?? project.ClientId, current, text, SectionKey(current, "Documentation"), true,
            "Nobody knew which print server the project set up", Tech, Now);

    [Fact]
    public void Accept_PublishesTheNextVersionWithTheItem_AndRecordsWhereItWent()
    {
        var v1 = Template();
        var proposal = Propose(ClosedProject(), v1);

        var v2 = proposal.Accept(v1, null, null, null, "List every queue and its server.", Lead, Now.AddDays(1));

        Assert.Equal(2, v2.Number);
        var added = v2.FindItem(proposal.ItemKey!.Value)!;
        Assert.Equal(("Printer queues documented", true, "List every queue and its server."), (added.Text, added.Required, added.Guidance));
        Assert.Equal(v2.Sections.Single(s => s.Title == "Documentation").Items[^1], added);
        Assert.Equal((CloseoutProposalStatus.Accepted, 2, "Grace Lead"), (proposal.Status, proposal.AcceptedInVersion!.Value, proposal.DecidedByName));
        Assert.Equal(proposal.Id, v2.ProposalId);
        Assert.Contains("INC-000042", v2.Note, StringComparison.Ordinal);
        Assert.Equal(3, v1.AllItems.Count());
    }

    [Fact]
    public void Accept_TakesTheLeadsWording_SectionAndRequiredFlag()
    {
        var v1 = Template();
        var proposal = Propose(ClosedProject(), v1);

        var v2 = proposal.Accept(v1, "Print servers and queues documented", SectionKey(v1, "Monitoring"), false, null, Lead, Now);

        var added = v2.FindItem(proposal.ItemKey!.Value)!;
        Assert.Equal(("Print servers and queues documented", false), (added.Text, added.Required));
        Assert.Contains(added, v2.Sections.Single(s => s.Title == "Monitoring").Items);
    }

    [Fact]
    public void Decline_NeedsAReason_AndADecidedProposalCannotBeDecidedAgain()
    {
        var v1 = Template();
        var proposal = Propose(ClosedProject(), v1);

        Assert.Equal("reason", Assert.Throws<DomainRuleException>(() => proposal.Decline(" ", Lead, Now)).Field);
        proposal.Decline("Covered by ‘As-built document’", Lead, Now);

        Assert.Equal((CloseoutProposalStatus.Declined, "Covered by ‘As-built document’"), (proposal.Status, proposal.DeclineReason));
        Assert.Equal("status", Assert.Throws<DomainRuleException>(() => proposal.Accept(v1, null, null, null, null, Lead, Now)).Field);
    }

    [Fact]
    public void AProposal_ForAnActiveProject_OrAnotherClientsTicket_OrAnItemAlreadyThere_IsRefused()
    {
        var v1 = Template();

        Assert.Equal("status", Assert.Throws<DomainRuleException>(() => Propose(ActiveProject(), v1)).Field);
        Assert.Equal("ticketNumber", Assert.Throws<DomainRuleException>(() => Propose(ClosedProject(), v1, ticketClient: 99)).Field);
        Assert.Equal("text", Assert.Throws<DomainRuleException>(() => Propose(ClosedProject(), v1, "network DIAGRAM delivered")).Field);
        Assert.Equal("sectionKey", Assert.Throws<DomainRuleException>(() =>
            new CloseoutProposal(ClosedProject(), 1, "INC-1", 7, v1, "New", 9999, true, "Because", Tech, Now)).Field);
        Assert.Equal("reason", Assert.Throws<DomainRuleException>(() =>
            new CloseoutProposal(ClosedProject(), 1, "INC-1", 7, v1, "New", SectionKey(v1, "Monitoring"), true, "", Tech, Now)).Field);
    }

    [Fact]
    public void Accept_IntoASectionRemovedMeanwhile_IsRefusedOnTheSection()
    {
        var v1 = Template();
        var proposal = Propose(ClosedProject(), v1);
        var v2 = v1.Publish(CloseoutTemplateEdits.RemoveSection(v1.ToDraft(), SectionKey(v1, "Documentation")), null, Lead, Now);

        var e = Assert.Throws<DomainRuleException>(() => proposal.Accept(v2, null, null, null, null, Lead, Now));

        Assert.Equal("sectionKey", e.Field);
        Assert.Equal(CloseoutProposalStatus.Pending, proposal.Status);
    }
}
