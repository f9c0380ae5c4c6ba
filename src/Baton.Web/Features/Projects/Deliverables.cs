using Baton.Domain;
using Baton.Domain.Informing;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Closeout;
using Baton.Web.Features.Informing;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Projects;

/// <summary>
/// The deliverables list: staff keep it (in scope, or explicitly out of scope); the client's contacts accept or
/// reject each in-scope deliverable, because the customer defines completion. A rejection opens a clean-up item.
/// </summary>
public static class ChangeDeliverables
{
    public static async Task<Deliverable?> AddAsync(BatonDb db, CurrentUser user, string number, DeliverableRequest request, TimeProvider clock, CancellationToken ct)
    {
        var project = await ProjectRules.FindForStaffAsync(db, user, number, null, "change the deliverables", ct);
        if (project is null)
        {
            return null;
        }

        ProjectRules.InState(() => project.EnsureOpenFor("add deliverables"));
        var deliverable = new Deliverable(project.Id, request.Title, request.Description, request.InScope, user.Actor, clock.GetUtcNow());
        db.Deliverables.Add(deliverable);
        await db.SaveChangesAsync(ct);
        return deliverable;
    }

    public static async Task<Deliverable?> UpdateAsync(
        BatonDb db, CurrentUser user, string number, int deliverableId, DeliverableRequest request, TimeProvider clock, CancellationToken ct)
    {
        var deliverable = await ForChangeAsync(db, user, number, deliverableId, ProjectRules.StaffOnly, "change deliverables", ct);
        if (deliverable is null)
        {
            return null;
        }

        deliverable.Update(request.Title, request.Description, request.InScope, user.Actor, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return deliverable;
    }

    /// <summary>Only a deliverable nobody has judged leaves the list; anything reviewed stays on the record.</summary>
    public static async Task<bool> RemoveAsync(BatonDb db, CurrentUser user, string number, int deliverableId, TimeProvider clock, CancellationToken ct)
    {
        var deliverable = await ForChangeAsync(db, user, number, deliverableId, ProjectRules.StaffOnly, "change deliverables", ct);
        if (deliverable is null)
        {
            return false;
        }

        ProjectRules.InState(() => deliverable.Remove(user.Actor, clock.GetUtcNow()), "deliverable");
        if (await db.CleanupItems.AnyAsync(c => c.DeliverableId == deliverableId, ct))
        {
            throw new DomainRuleException($"'{deliverable.Title}' has clean-up history; it stays on the record.");
        }

        db.Deliverables.Remove(deliverable);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// The client accepts; the project's people hear of it in the same save, and if it was the last thing missing, that
    /// the close-out is ready for sign-off.
    /// </summary>
    public static async Task<Deliverable?> AcceptAsync(BatonDb db, CurrentUser user, string number, int deliverableId, INotificationChannel channel, TimeProvider clock, CancellationToken ct)
    {
        if (await ForDecisionAsync(db, user, number, deliverableId, ProjectRules.ClientOnly, "accept deliverables", ct) is not { } found)
        {
            return null;
        }

        var (project, deliverable) = found;

        var now = clock.GetUtcNow();
        ProjectRules.InState(() => deliverable.Accept(user.Actor, now), "acceptance", "inScope");
        await TellDecidedAsync(db, channel, project, $"‘{deliverable.Title}’ accepted by {user.Actor.DisplayName}", user, now, ct);
        await CloseoutReadiness.TellIfReadyAsync(db, channel, project, [deliverable], [], user.Actor, now, ct);
        await db.SaveChangesAsync(ct);
        return deliverable;
    }

    /// <summary>Rejects with a reason; the deliverable, its clean-up item and the notices are written together or not at all.</summary>
    public static async Task<(Deliverable Deliverable, CleanupItem Cleanup)?> RejectAsync(
        BatonDb db, CurrentUser user, string number, int deliverableId, RejectDeliverableRequest request, INotificationChannel channel, TimeProvider clock, CancellationToken ct)
    {
        if (await ForDecisionAsync(db, user, number, deliverableId, ProjectRules.ClientOnly, "reject deliverables", ct) is not { } found)
        {
            return null;
        }

        var (project, deliverable) = found;

        var now = clock.GetUtcNow();
        CleanupItem? cleanup = null;
        ProjectRules.InState(() => cleanup = deliverable.Reject(request.Reason, user.Actor, now), "acceptance", "inScope");
        db.CleanupItems.Add(cleanup!);
        await TellDecidedAsync(db, channel, project, $"‘{deliverable.Title}’ rejected by {user.Actor.DisplayName}: {deliverable.RejectionReason}", user, now, ct);
        await db.SaveChangesAsync(ct);
        return (deliverable, cleanup!);
    }

    /// <summary>The project-engagement row's people (the lead, the service manager, the informed), never the contact who decided.</summary>
    private static Task TellDecidedAsync(BatonDb db, INotificationChannel channel, Project project, string text, CurrentUser user, DateTimeOffset now, CancellationToken ct) =>
        ProjectNotices.QueueAsync(db, channel, ProjectSubject.Of(project), NoticeKind.DeliverableDecided, Activities.ProjectEngagement, text, user.Actor, [], now, ct);

    /// <summary>The deliverable for a change: visible (else null), the caller in the right role, the project still under way.</summary>
    private static async Task<Deliverable?> ForChangeAsync(
        BatonDb db, CurrentUser user, string number, int deliverableId, Action<CurrentUser, string> mayDo, string action, CancellationToken ct) =>
        (await ForDecisionAsync(db, user, number, deliverableId, mayDo, action, ct))?.Deliverable;

    private static async Task<(Project Project, Deliverable Deliverable)?> ForDecisionAsync(
        BatonDb db, CurrentUser user, string number, int deliverableId, Action<CurrentUser, string> mayDo, string action, CancellationToken ct)
    {
        if (await FindAsync(db, user, number, deliverableId, ct) is not { } f)
        {
            return null;
        }

        mayDo(user, action);
        ProjectRules.InState(() => f.Project.EnsureOpenFor(action));
        return f;
    }

    public static async Task<(Project Project, Deliverable Deliverable)?> FindAsync(BatonDb db, CurrentUser user, string number, int deliverableId, CancellationToken ct)
    {
        var project = await ProjectAccess.FindAsync(db, user, number, ct);
        if (project is null)
        {
            return null;
        }

        var deliverable = await db.Deliverables.SingleOrDefaultAsync(d => d.Id == deliverableId && d.ProjectId == project.Id, ct);
        return deliverable is null ? null : (project, deliverable);
    }
}

/// <summary>Clean-up items: work owed after a rejection (or noted by staff). Done → the deliverable goes back to the client.</summary>
public static class CleanUp
{
    public static async Task<CleanupItem?> AddAsync(BatonDb db, CurrentUser user, string number, CleanupItemRequest request, TimeProvider clock, CancellationToken ct)
    {
        var project = await ProjectRules.FindForStaffAsync(db, user, number, null, "add clean-up items", ct);
        if (project is null)
        {
            return null;
        }

        ProjectRules.InState(() => project.EnsureOpenFor("add clean-up items"));
        if (request.DeliverableId is { } deliverableId && !await db.Deliverables.AnyAsync(d => d.Id == deliverableId && d.ProjectId == project.Id, ct))
        {
            throw InputInvalidException.For("deliverableId", $"Deliverable {deliverableId} is not on {project.Number}.");
        }

        var item = new CleanupItem(project.Id, request.DeliverableId, request.Description, user.Actor, clock.GetUtcNow());
        db.CleanupItems.Add(item);
        await db.SaveChangesAsync(ct);
        return item;
    }

    /// <summary>
    /// Marks the item done. When it was the last open item of a rejected deliverable, the deliverable is resubmitted
    /// to the client for acceptance in the same save.
    /// </summary>
    public static async Task<(CleanupItem Item, Deliverable? Resubmitted)?> CompleteAsync(
        BatonDb db, CurrentUser user, string number, int itemId, INotificationChannel channel, TimeProvider clock, CancellationToken ct)
    {
        var project = await ProjectRules.FindForStaffAsync(db, user, number, null, "mark clean-up items done", ct);
        if (project is null)
        {
            return null;
        }

        var item = await db.CleanupItems.SingleOrDefaultAsync(c => c.Id == itemId && c.ProjectId == project.Id, ct);
        if (item is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        ProjectRules.InState(() => item.Complete(user.Actor, now));
        Deliverable? resubmitted = null;
        if (item.DeliverableId is { } deliverableId
            && await db.Deliverables.SingleOrDefaultAsync(d => d.Id == deliverableId, ct) is { Acceptance: AcceptanceState.Rejected } deliverable
            && !await db.CleanupItems.AnyAsync(c => c.DeliverableId == deliverableId && c.Id != item.Id && c.Status == CleanupStatus.Open, ct))
        {
            deliverable.ResubmitForAcceptance(user.Actor, now);
            resubmitted = deliverable;
        }

        await CloseoutReadiness.TellIfReadyAsync(db, channel, project, resubmitted is null ? [] : [resubmitted], [item], user.Actor, now, ct);
        await db.SaveChangesAsync(ct);
        return (item, resubmitted);
    }
}

/// <summary>Scope change requests: anyone on the project may ask; staff decide, and an approval adds an in-scope deliverable.</summary>
public static class ChangeScope
{
    /// <summary>Records the request and tells the project's people (the lead, the service manager, the informed), in one save.</summary>
    public static async Task<ScopeChangeRequest?> RaiseAsync(
        BatonDb db, CurrentUser user, string number, RaiseScopeChangeRequest request, INotificationChannel channel, TimeProvider clock, CancellationToken ct)
    {
        var project = await ProjectAccess.FindAsync(db, user, number, ct);
        if (project is null)
        {
            return null;
        }

        ProjectRules.InState(() => project.EnsureOpenFor("ask for scope changes"));
        // The provider estimates what a change costs in time and money; the client asks and then approves or declines.
        if (!user.IsStaff && (!string.IsNullOrWhiteSpace(request.TimeImpact) || !string.IsNullOrWhiteSpace(request.CostImpact)))
        {
            var field = string.IsNullOrWhiteSpace(request.CostImpact) ? "timeImpact" : "costImpact";
            throw new DomainRuleException("The provider estimates the impact on time and cost: describe what is wanted and leave the estimates to them.", field);
        }

        var now = clock.GetUtcNow();
        var change = new ScopeChangeRequest(project.Id, request.Description, request.TimeImpact, request.CostImpact, user.Actor, now);
        db.ScopeChangeRequests.Add(change);
        await ProjectNotices.QueueAsync(db, channel, ProjectSubject.Of(project), NoticeKind.ScopeChangeRequested, Activities.ProjectEngagement,
            $"scope change asked for by {user.Actor.DisplayName}: {change.Description}", user.Actor, [], now, ct);
        await db.SaveChangesAsync(ct);
        return change;
    }

    public static async Task<(ScopeChangeRequest Change, Deliverable Added)?> ApproveAsync(
        BatonDb db, CurrentUser user, string number, int changeId, ApproveScopeChangeRequest request, TimeProvider clock, CancellationToken ct)
    {
        var found = await FindForDecisionAsync(db, user, number, changeId, ct);
        if (found is not { } change)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(request.DeliverableTitle) || request.DeliverableTitle.Trim().Length > Deliverable.TitleMaxLength)
        {
            throw InputInvalidException.For("deliverableTitle", $"Name the deliverable the approval adds (up to {Deliverable.TitleMaxLength} characters).");
        }

        Deliverable? added = null;
        ProjectRules.InState(() => added = change.Approve(request.DeliverableTitle, request.Note, user.Actor, clock.GetUtcNow()), "decision");
        db.Deliverables.Add(added!);
        await db.SaveChangesAsync(ct);
        return (change, added!);
    }

    public static async Task<ScopeChangeRequest?> DeclineAsync(
        BatonDb db, CurrentUser user, string number, int changeId, DeclineScopeChangeRequest request, TimeProvider clock, CancellationToken ct)
    {
        var change = await FindForDecisionAsync(db, user, number, changeId, ct);
        if (change is null)
        {
            return null;
        }

        ProjectRules.InState(() => change.Decline(request.Note, user.Actor, clock.GetUtcNow()), "decision");
        await db.SaveChangesAsync(ct);
        return change;
    }

    private static async Task<ScopeChangeRequest?> FindForDecisionAsync(BatonDb db, CurrentUser user, string number, int changeId, CancellationToken ct)
    {
        var project = await ProjectRules.FindForStaffAsync(db, user, number, null, "decide scope changes", ct);
        if (project is null)
        {
            return null;
        }

        var change = await db.ScopeChangeRequests.SingleOrDefaultAsync(s => s.Id == changeId && s.ProjectId == project.Id, ct);
        if (change is not null)
        {
            ProjectRules.InState(() => project.EnsureOpenFor("decide scope changes"));
        }

        return change;
    }
}
