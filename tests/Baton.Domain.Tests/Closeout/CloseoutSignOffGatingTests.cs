using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using static Baton.Domain.Tests.Closeout.CloseoutWorld;

namespace Baton.Domain.Tests.Closeout;

/// <summary>Sign-off is impossible while anything required is missing, and the gate names each missing thing.</summary>
public sealed class CloseoutSignOffGatingTests
{
    [Fact]
    public void Gate_NamesEachOpenRequiredItem_EachUnacceptedDeliverable_AndEachOpenCleanupItem()
    {
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, Template(), Tech, Now);
        checklist.Answer(KeyOf(checklist, "Monitoring in place"), null, CloseoutItemState.Done, null, null, Tech, Now);
        var phones = new Deliverable(project.Id, "Desk phones deployed", null, inScope: true, Someone.Staff, Someone.Time);
        var portal = new Deliverable(project.Id, "Call recording portal", null, inScope: true, Someone.Staff, Someone.Time);
        var accepted = new Deliverable(project.Id, "Number porting", null, inScope: true, Someone.Staff, Someone.Time);
        var outOfScope = new Deliverable(project.Id, "Fax to e-mail", null, inScope: false, Someone.Staff, Someone.Time);
        accepted.Accept(new Actor("c-1", "Mia Chen"), Now);
        var cleanup = portal.Reject("Recordings of the sales queue are missing", new Actor("c-1", "Mia Chen"), Now);

        var gate = checklist.Gate(project, [phones, portal, accepted, outOfScope], [cleanup]);

        Assert.False(gate.CanSignOff);
        Assert.Equal(
            [
                (CloseoutGapKind.RequiredItemOpen, "Network diagram delivered"),
                (CloseoutGapKind.DeliverableNotAccepted, "Call recording portal"),
                (CloseoutGapKind.DeliverableNotAccepted, "Desk phones deployed"),
                (CloseoutGapKind.CleanupItemOpen, "Call recording portal: Recordings of the sales queue are missing"),
            ],
            gate.Gaps.Select(g => (g.Kind, g.Subject)));
        Assert.Equal(
            [
                "Required item not done: ‘Network diagram delivered’ (Documentation).",
                "In-scope deliverable not accepted: ‘Call recording portal’ was rejected by Mia Chen (Recordings of the sales queue are missing).",
                "In-scope deliverable not accepted: ‘Desk phones deployed’ is waiting for the client's acceptance.",
                "Clean-up item open: ‘Call recording portal: Recordings of the sales queue are missing’.",
            ],
            gate.Gaps.Select(g => g.Message));
    }

    [Fact]
    public void Gate_IgnoresOptionalItems_OutOfScopeDeliverables_AndDoneCleanupItems()
    {
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, Template(), Tech, Now);
        CompleteRequired(checklist);
        var outOfScope = new Deliverable(project.Id, "Fax to e-mail", null, inScope: false, Someone.Staff, Someone.Time);
        var portal = new Deliverable(project.Id, "Call recording portal", null, inScope: true, Someone.Staff, Someone.Time);
        var cleanup = portal.Reject("Missing queue", Tech, Now);
        cleanup.Complete(Tech, Now);
        portal.ResubmitForAcceptance(Someone.Staff, Someone.Time);
        portal.Accept(Tech, Now);

        var gate = checklist.Gate(project, [outOfScope, portal], [cleanup]);

        Assert.True(gate.CanSignOff, gate.Summary);
        Assert.Equal(CloseoutItemState.Open, checklist.Items.Single(i => i.Text == "As-built document").State);
    }

    [Fact]
    public void NotApplicableWithAReason_CountsAsAnswered()
    {
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, Template(), Tech, Now);
        checklist.Answer(KeyOf(checklist, "Network diagram delivered"), null, CloseoutItemState.NotApplicable, "Cloud-only client, no network", null, Tech, Now);
        checklist.Answer(KeyOf(checklist, "Monitoring in place"), null, CloseoutItemState.Done, null, null, Tech, Now);

        checklist.SignOff(project, [], [], Lead, Now);

        Assert.True(checklist.IsSignedOff);
    }

    [Fact]
    public void Gate_WithoutAChecklist_SaysCloseoutHasNotBegun()
    {
        var gate = CloseoutGate.Evaluate(ActiveProject(), null, [], []);

        Assert.Equal([CloseoutGapKind.NotBegun], gate.Gaps.Select(g => g.Kind));
    }

    [Fact]
    public void SignOff_WithAnUnacceptedDeliverable_IsRefused_EvenWhenEveryItemIsDone()
    {
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, Template(), Tech, Now);
        CompleteRequired(checklist);

        var e = Assert.Throws<DomainRuleException>(() => checklist.SignOff(project, [new Deliverable(project.Id, "Desk phones deployed", null, true, Someone.Staff, Someone.Time)], [], Lead, Now));

        Assert.Equal("Cannot sign off yet: In-scope deliverable not accepted: ‘Desk phones deployed’ is waiting for the client's acceptance.", e.Message);
        Assert.Null(project.CloseoutSignedOffAt);
    }

    [Fact]
    public void ReleaseLead_BeforeSignOff_IsRefused_AfterSignOffItIsRecorded_AndHypercareMayFollow()
    {
        var project = ActiveProject();
        var checklist = CloseoutChecklist.Begin(project, Template(), Tech, Now);

        Assert.Equal("closeout", Assert.Throws<DomainRuleException>(() => project.ReleaseLead(Lead, Now)).Field);
        Assert.Throws<DomainRuleException>(() => project.EnterHypercare(30, Someone.Staff, Now));

        CompleteRequired(checklist);
        checklist.SignOff(project, [], [], Lead, Now);
        Assert.Throws<DomainRuleException>(() => project.EnterHypercare(30, Someone.Staff, Now));
        project.ReleaseLead(Lead, Now.AddHours(1));

        Assert.Equal((Now.AddHours(1), "Grace Lead"), (project.LeadReleasedAt!.Value, project.LeadReleasedBy));
        project.EnterHypercare(30, Someone.Staff, Now.AddHours(2));
        Assert.Equal(ProjectStatus.Hypercare, project.Status);
    }
}
