using Baton.Domain.Projects;

namespace Baton.Domain.Tests.Projects;

public sealed class DeliverableTests
{
    private static readonly Actor Contact = new("u-mia", "Mia Chen");
    private static readonly Actor Pm = new("u-pm", "Priya Nair");
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reject_NeedsAReason_AndOpensACleanupItemForTheProject()
    {
        var d = new Deliverable(4, "Call queues configured", null, inScope: true, Someone.Staff, Someone.Time);
        Assert.Equal("reason", Assert.Throws<DomainRuleException>(() => d.Reject(" ", Contact, Now)).Field);

        var cleanup = d.Reject("The overflow queue is missing", Contact, Now);

        Assert.Equal(AcceptanceState.Rejected, d.Acceptance);
        Assert.True(d.BlocksCompletion);
        Assert.Equal(4, cleanup.ProjectId);
        Assert.Equal(CleanupStatus.Open, cleanup.Status);
        Assert.Contains("overflow queue", cleanup.Description, StringComparison.Ordinal);
        Assert.Equal("Mia Chen", d.DecidedByName);
    }

    [Fact]
    public void AfterTheCleanup_TheDeliverableGoesBackForAcceptance()
    {
        var d = new Deliverable(4, "Call queues configured", null, inScope: true, Someone.Staff, Someone.Time);
        var cleanup = d.Reject("Overflow queue missing", Contact, Now);
        cleanup.Complete(Pm, Now.AddDays(1));
        d.ResubmitForAcceptance(Someone.Staff, Someone.Time);
        d.Accept(Contact, Now.AddDays(2));

        Assert.Equal(AcceptanceState.Accepted, d.Acceptance);
        Assert.False(d.BlocksCompletion);
        Assert.Null(d.RejectionReason);
        Assert.Throws<DomainRuleException>(() => cleanup.Complete(Pm, Now.AddDays(3)));
    }

    [Fact]
    public void OutOfScopeDeliverables_AreNeitherAcceptedNorRejected_NorBlockCompletion()
    {
        var d = new Deliverable(4, "Fax line porting", "Explicitly not part of this project", inScope: false, Someone.Staff, Someone.Time);
        Assert.False(d.BlocksCompletion);
        var e = Assert.Throws<DomainRuleException>(() => d.Accept(Contact, Now));
        Assert.Contains("scope change", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADecisionIsFinal_UntilResubmitted()
    {
        var d = new Deliverable(4, "Handsets delivered", null, inScope: true, Someone.Staff, Someone.Time);
        d.Accept(Contact, Now);
        Assert.Throws<DomainRuleException>(() => d.Accept(Contact, Now));
        Assert.Throws<DomainRuleException>(() => d.Reject("changed my mind", Contact, Now));
        Assert.Throws<DomainRuleException>(() => d.Update("Handsets delivered", null, inScope: false, Someone.Staff, Someone.Time));
    }

    [Fact]
    public void ApprovingAScopeChange_AddsAnInScopeDeliverable_AndRecordsTheDecision()
    {
        var request = new ScopeChangeRequest(4, "Add the warehouse site", "+3 days", "£1,200", Contact, Now);
        var added = request.Approve("Warehouse site migrated", "Agreed on the call", Pm, Now.AddHours(2));

        Assert.Equal(ScopeDecision.Approved, request.Decision);
        Assert.Equal("Priya Nair", request.DecidedBy);
        Assert.Equal(Now.AddHours(2), request.DecidedAt);
        Assert.True(added.InScope);
        Assert.Equal(AcceptanceState.Pending, added.Acceptance);
        Assert.Throws<DomainRuleException>(() => request.Decline("no", Pm, Now));
    }

    [Fact]
    public void AScopeChangeWithoutADescription_IsRefused() =>
        Assert.Equal("description", Assert.Throws<DomainRuleException>(() => new ScopeChangeRequest(4, "", null, null, Contact, Now)).Field);
}
