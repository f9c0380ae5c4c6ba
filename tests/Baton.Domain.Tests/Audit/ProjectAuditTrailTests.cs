using Baton.Domain.Audit;
using Baton.Domain.Projects;

namespace Baton.Domain.Tests.Audit;

/// <summary>Every change to a project, and to its deliverables, engagements, clean-up and scope changes, names who made it.</summary>
public sealed class ProjectAuditTrailTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Lead = new("u-lead", "Lee Lead");
    private static readonly Actor Support = new("u-support", "Grace Support");
    private static readonly Actor Contact = new("c-1", "Mia Chen");

    private static ProjectDetails Details(string name = "Teams Phone migration", string? lead = "u-tech") =>
        new(name, 1, lead, null, new DateOnly(2026, 11, 2), null, null, null, "Moves users", [1], []);

    private static Project Planned() => Project.Plan(7, Details(), "PRJ-000001", Lead, T0);

    private static IReadOnlyList<(string Field, string? Old, string? New, string Who)> Trail(IAudited record) =>
        record.PendingAuditEntries.Select(e => (e.Field, e.OldValue, e.NewValue, e.ActorName)).ToList();

    [Fact]
    public void Plan_RecordsOneCreatedLine_ByThePlanner_FiledAsAProject()
    {
        var entry = Assert.Single(Planned().PendingAuditEntries);
        Assert.Equal((Project.RecordKind, "Created", "PRJ-000001 Teams Phone migration", "u-lead", "Lee Lead", T0),
            (entry.RecordKind, entry.Field, entry.NewValue, entry.ActorId, entry.ActorName, entry.At));
    }

    [Fact]
    public void Update_RecordsEachChangedField_OldAndNew_AndNothingWhenTheSameValuesComeAgain()
    {
        var p = Planned();
        ((IAudited)p).ClearPendingAuditEntries();
        p.Update(Details(name: "Teams Phone roll-out") with { PlannedGoLiveOn = new DateOnly(2026, 12, 15), SiteIds = [2, 1] }, Support, T0.AddHours(1));
        Assert.Equal(
            [
                ("Name", "Teams Phone migration", "Teams Phone roll-out", "Grace Support"),
                ("Planned go-live", null, "2026-12-15", "Grace Support"),
                ("Sites touched", "1", "1, 2", "Grace Support"),
            ],
            Trail(p));

        var version = p.Version;
        ((IAudited)p).ClearPendingAuditEntries();
        p.Update(Details(name: "Teams Phone roll-out") with { PlannedGoLiveOn = new DateOnly(2026, 12, 15), SiteIds = [1, 2] }, Support, T0.AddHours(2));
        Assert.Empty(p.PendingAuditEntries);
        Assert.Equal(version, p.Version);
    }

    [Fact]
    public void TheLifecycle_RecordsEveryStatusMove_AndTheHandOffSteps_WithWhoDidEach()
    {
        var p = Planned();
        ((IAudited)p).ClearPendingAuditEntries();
        p.Start(Lead, T0);
        p.RecordCloseoutSignOff(Support, T0.AddDays(10));
        p.ReleaseLead(Support, T0.AddDays(10));
        p.EnterHypercare(30, Support, T0.AddDays(11));
        p.Close(Support, T0.AddDays(20));
        Assert.Equal(
            [
                ("Status", "Planned", "Active", "Lee Lead"),
                ("Close-out sign-off", null, "Signed off", "Grace Support"),
                ("Lead", null, "Released", "Grace Support"),
                ("Actual go-live", null, "2026-11-13", "Grace Support"),
                ("Status", "Active", "Hypercare", "Grace Support"),
                ("Hypercare", null, "30 days, until 2026-12-13 09:00Z", "Grace Support"),
                ("Hypercare", "until 2026-12-13 09:00Z", "ended early, 2026-11-22 09:00Z", "Grace Support"),
                ("End", null, "2026-11-22", "Grace Support"),
                ("Status", "Hypercare", "Closed", "Grace Support"),
            ],
            Trail(p));
    }

    [Fact]
    public void Cancel_RecordsTheStatusAndTheReason()
    {
        var p = Planned();
        ((IAudited)p).ClearPendingAuditEntries();
        p.Cancel("Client withdrew", Support, T0);
        Assert.Equal([("Status", "Planned", "Cancelled", "Grace Support"), ("Cancellation reason", null, "Client withdrew", "Grace Support")], Trail(p));
    }

    [Fact]
    public void AFailedMove_RecordsNothing()
    {
        var p = Project.Plan(7, Details(lead: null), "PRJ-000001", Lead, T0);
        ((IAudited)p).ClearPendingAuditEntries();
        Assert.Throws<DomainRuleException>(() => p.Start(Lead, T0));
        Assert.Throws<DomainRuleException>(() => p.Close(Lead, T0));
        Assert.Empty(p.PendingAuditEntries);
    }

    [Fact]
    public void EscalationContacts_AreRecordedWhenTheyChange_NotWhenTheSameListIsSaved()
    {
        var p = Planned();
        ((IAudited)p).ClearPendingAuditEntries();
        EscalationContact[] contacts = [EscalationContact.Valid("Ana", "CTO", "+44 1", null, EscalationKind.EscalateTo, 0)];
        p.SetEscalationContacts(contacts, Support, T0);
        var entry = Assert.Single(p.PendingAuditEntries);
        Assert.Equal(("Escalation contacts", null, "Ana (CTO), escalate to, +44 1"), (entry.Field, entry.OldValue, entry.NewValue));

        ((IAudited)p).ClearPendingAuditEntries();
        p.SetEscalationContacts(contacts, Support, T0);
        Assert.Empty(p.PendingAuditEntries);
    }

    [Fact]
    public void DeliverablesCleanupAndScopeChanges_AreFiledOnTheProjectsTrail_WithTheActor()
    {
        var deliverable = new Deliverable(7, "Handsets", null, inScope: true, Lead, T0);
        var cleanup = deliverable.Reject("Two are missing", Contact, T0.AddDays(1));
        cleanup.Complete(Lead, T0.AddDays(2));
        deliverable.ResubmitForAcceptance(Lead, T0.AddDays(2));
        deliverable.Accept(Contact, T0.AddDays(3));

        Assert.All(deliverable.PendingAuditEntries.Concat(cleanup.PendingAuditEntries), e => Assert.Equal(Project.RecordKind, e.RecordKind));
        Assert.Equal(7, ((IAudited)deliverable).AuditRecordId);
        Assert.Equal(7, ((IAudited)cleanup).AuditRecordId);
        Assert.Equal(
            [
                ("Deliverable", null, "Handsets (in scope)", "Lee Lead"),
                ("Acceptance", "Handsets: pending", "Handsets: rejected (Two are missing)", "Mia Chen"),
                ("Acceptance", "Handsets: rejected", "Handsets: pending (clean-up done, resubmitted)", "Lee Lead"),
                ("Acceptance", "Handsets: pending", "Handsets: accepted", "Mia Chen"),
            ],
            Trail(deliverable));
        Assert.Equal(
            [("Clean-up item", null, "Handsets: Two are missing (open)", "Mia Chen"), ("Clean-up item", "Handsets: Two are missing (open)", "Handsets: Two are missing (done)", "Lee Lead")],
            Trail(cleanup));

        var change = new ScopeChangeRequest(7, "Add the Antwerp office", "+2 days", null, Contact, T0);
        var added = change.Approve("Antwerp office", "Agreed on the call", Support, T0.AddDays(1));
        Assert.Equal(
            [
                ("Scope change", null, "Add the Antwerp office (+2 days): requested", "Mia Chen"),
                ("Scope change", "Add the Antwerp office (+2 days): requested", "Add the Antwerp office (+2 days): approved, Agreed on the call", "Grace Support"),
            ],
            Trail(change));
        Assert.Equal([("Deliverable", null, "Antwerp office (in scope)", "Grace Support")], Trail(added));
    }

    [Fact]
    public void Deliverables_EditsAndRemovals_AreRecorded_AndAnEditThatChangesNothingIsNot()
    {
        var deliverable = new Deliverable(7, "Handsets", null, inScope: true, Lead, T0);
        ((IAudited)deliverable).ClearPendingAuditEntries();
        deliverable.Update("Handsets", null, inScope: true, Lead, T0);
        Assert.Empty(deliverable.PendingAuditEntries);
        deliverable.Update("Handsets", "24 of them", inScope: false, Lead, T0);
        deliverable.Remove(Support, T0);
        Assert.Equal(
            [
                ("Deliverable", "Handsets (in scope)", "Handsets (out of scope), description changed", "Lee Lead"),
                ("Deliverable", "Handsets (out of scope)", null, "Grace Support"),
            ],
            Trail(deliverable));
    }

    [Fact]
    public void Engagements_Scheduling_Rescheduling_AndCancelling_AreRecorded()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");
        var slot = new EngagementSlot(new DateOnly(2026, 12, 3), new TimeOnly(9, 0), new TimeOnly(12, 0), EngagementKind.OnSite, [], "Depot", null);
        var engagement = new Engagement(7, slot, zone, Lead, T0);
        engagement.Reschedule(slot with { Start = new TimeOnly(10, 0) }, zone, Support, T0);
        engagement.Reschedule(slot with { Start = new TimeOnly(10, 0) }, zone, Support, T0);
        engagement.Cancel(Lead, T0);
        Assert.Equal(
            [
                ("Engagement", null, "On-site 2026-12-03 09:00–12:00 (Europe/Brussels), touches Depot", "Lee Lead"),
                ("Engagement", "On-site 2026-12-03 09:00–12:00 (Europe/Brussels), touches Depot", "On-site 2026-12-03 10:00–12:00 (Europe/Brussels), touches Depot", "Grace Support"),
                ("Engagement", "On-site 2026-12-03 10:00–12:00 (Europe/Brussels), touches Depot", "cancelled: On-site 2026-12-03 10:00–12:00 (Europe/Brussels), touches Depot", "Lee Lead"),
            ],
            Trail(engagement));
        Assert.Equal(7, ((IAudited)engagement).AuditRecordId);
    }
}
