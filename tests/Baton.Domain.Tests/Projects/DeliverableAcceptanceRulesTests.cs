using Baton.Domain;
using Baton.Domain.Projects;

namespace Baton.Domain.Tests.Projects;

/// <summary>The customer defines completion: accept or reject in-scope deliverables; more work is a scope change, never a silent addition.</summary>
public sealed class DeliverableAcceptanceRulesTests
{
    private static readonly Actor Client = new("c1", "Mia Client");
    private static readonly Actor Desk = new("a1", "Dana Ops");
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static Deliverable InScope() => new(5, "Wi-Fi in the warehouse", "Full coverage", inScope: true, Desk, Now);

    [Fact]
    public void Accepting_RecordsWhoAndWhen_AndStopsBlockingCompletion()
    {
        var d = InScope();
        Assert.True(d.BlocksCompletion);

        d.Accept(Client, Now);

        Assert.Equal(AcceptanceState.Accepted, d.Acceptance);
        Assert.Equal("Mia Client", d.DecidedByName);
        Assert.Equal(Now, d.DecidedAt);
        Assert.False(d.BlocksCompletion);
        Assert.Equal("acceptance", Assert.Throws<DomainRuleException>(() => d.Reject("Not really", Client, Now)).Field);
        Assert.Equal("inScope", Assert.Throws<DomainRuleException>(() => d.Update(d.Title, null, inScope: false, Someone.Staff, Someone.Time)).Field);
    }

    [Fact]
    public void Rejecting_NeedsAReason_AndOpensACleanupItemSayingWhatIsMissing()
    {
        var d = InScope();
        Assert.Equal("reason", Assert.Throws<DomainRuleException>(() => d.Reject("  ", Client, Now)).Field);
        Assert.Equal(AcceptanceState.Pending, d.Acceptance);

        var cleanup = d.Reject("No signal by the loading bay", Client, Now);

        Assert.Equal(AcceptanceState.Rejected, d.Acceptance);
        Assert.Equal("Wi-Fi in the warehouse: No signal by the loading bay", cleanup.Description);
        Assert.Equal(5, cleanup.ProjectId);
        Assert.Equal(CleanupStatus.Open, cleanup.Status);
    }

    [Fact]
    public void CompletingTheCleanup_AndResubmitting_PutsItBackForAcceptance()
    {
        var d = InScope();
        var cleanup = d.Reject("No signal by the loading bay", Client, Now);

        cleanup.Complete(Desk, Now.AddDays(1));
        d.ResubmitForAcceptance(Someone.Staff, Someone.Time);

        Assert.Equal(CleanupStatus.Done, cleanup.Status);
        Assert.Equal("Dana Ops", cleanup.DoneBy);
        Assert.Equal(AcceptanceState.Pending, d.Acceptance);
        Assert.Null(d.DecidedAt);
        Assert.Equal("status", Assert.Throws<DomainRuleException>(() => cleanup.Complete(Desk, Now.AddDays(2))).Field);
        Assert.Equal("acceptance", Assert.Throws<DomainRuleException>(() => d.ResubmitForAcceptance(Desk, Now)).Field);
        d.Accept(Client, Now.AddDays(3));
        Assert.False(d.BlocksCompletion);
    }

    [Fact]
    public void AnOutOfScopeDeliverable_IsNotForAcceptance_AndDoesNotBlockCompletion()
    {
        var d = new Deliverable(5, "Home-worker headsets", null, inScope: false, Someone.Staff, Someone.Time);

        Assert.False(d.BlocksCompletion);
        Assert.Contains("scope change", Assert.Throws<DomainRuleException>(() => d.Accept(Client, Now)).Message, StringComparison.Ordinal);
        Assert.Equal("inScope", Assert.Throws<DomainRuleException>(() => d.Reject("Want it", Client, Now)).Field);
    }

    [Fact]
    public void OnlyAnUnreviewedDeliverable_CanBeRemoved()
    {
        InScope().EnsureRemovable();

        var accepted = InScope();
        accepted.Accept(Client, Now);
        Assert.Equal("deliverable", Assert.Throws<DomainRuleException>(accepted.EnsureRemovable).Field);

        var rejected = InScope();
        rejected.Reject("Missing", Client, Now);
        Assert.Equal("deliverable", Assert.Throws<DomainRuleException>(rejected.EnsureRemovable).Field);

        var change = new ScopeChangeRequest(5, "Car park Wi-Fi", "+2 days", "£1,200", Client, Now);
        var added = change.Approve("Car park Wi-Fi", null, Desk, Now);
        Assert.Equal("deliverable", Assert.Throws<DomainRuleException>(added.EnsureRemovable).Field);
    }

    [Fact]
    public void ApprovingAScopeChange_AddsAnInScopeDeliverable_AndTheDecisionIsMadeOnce()
    {
        var change = new ScopeChangeRequest(5, "Also cover the car park", "+2 days on site", "£1,200 fixed", Client, Now);
        Assert.Equal(ScopeDecision.Pending, change.Decision);
        Assert.Equal("Mia Client", change.RequestedBy);

        var added = change.Approve("Car park Wi-Fi", "PO 4471", Desk, Now.AddHours(2));

        Assert.Equal(ScopeDecision.Approved, change.Decision);
        Assert.Equal("Dana Ops", change.DecidedBy);
        Assert.Equal(Now.AddHours(2), change.DecidedAt);
        Assert.True(added.InScope);
        Assert.Equal(AcceptanceState.Pending, added.Acceptance);
        Assert.Equal("Also cover the car park", added.Description);
        Assert.Equal("decision", Assert.Throws<DomainRuleException>(() => change.Decline("No", Desk, Now)).Field);
    }

    [Fact]
    public void ADeclinedScopeChange_KeepsItsNote_AndAddsNothing()
    {
        var change = new ScopeChangeRequest(5, "Move the comms room", null, null, Client, Now);

        change.Decline("A project of its own", Desk, Now);

        Assert.Equal(ScopeDecision.Declined, change.Decision);
        Assert.Equal("A project of its own", change.DecisionNote);
        Assert.Equal("decision", Assert.Throws<DomainRuleException>(() => change.Approve("x", null, Desk, Now)).Field);
        Assert.Equal("description", Assert.Throws<DomainRuleException>(() => new ScopeChangeRequest(5, " ", null, null, Client, Now)).Field);
    }
}
