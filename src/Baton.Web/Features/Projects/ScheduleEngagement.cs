using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Projects;

/// <summary>
/// Schedules, reschedules and cancels engagements. Times are entered in the client's zone
/// (<see cref="Baton.Domain.Clients.Client.TimeZoneId"/>) and stored with their UTC instants.
/// </summary>
public static class ScheduleEngagement
{
    public static async Task<(Project Project, Engagement Engagement)?> ScheduleAsync(
        BatonDb db, CurrentUser user, string number, EngagementRequest request, TimeProvider clock, CancellationToken ct)
    {
        var project = await ProjectRules.FindForStaffAsync(db, user, number, null, "schedule engagements", ct);
        if (project is null)
        {
            return null;
        }

        ProjectRules.InState(() => project.EnsureOpenFor("schedule engagements"));
        var slot = await SlotAsync(db, request, ct);
        var zone = await ClientZoneAsync(db, project.ClientId, ct);
        var engagement = new Engagement(project.Id, slot, zone, user.Actor, clock.GetUtcNow());
        db.Engagements.Add(engagement);
        await db.SaveChangesAsync(ct);
        return (project, engagement);
    }

    public static async Task<(Project Project, Engagement Engagement)?> RescheduleAsync(
        BatonDb db, CurrentUser user, string number, int engagementId, EngagementRequest request, TimeProvider clock, CancellationToken ct)
    {
        var found = await FindAsync(db, user, number, engagementId, "reschedule engagements", ct);
        if (found is not { } f)
        {
            return null;
        }

        var (project, engagement) = f;

        ProjectRules.InState(() => project.EnsureOpenFor("reschedule engagements"));
        var slot = await SlotAsync(db, request, ct);
        var zone = await ClientZoneAsync(db, project.ClientId, ct);
        ProjectRules.InState(() => engagement.Reschedule(slot, zone, user.Actor, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return (project, engagement);
    }

    /// <summary>Cancels: the engagement stays on the record and in the feeds as STATUS:CANCELLED, so calendars drop it.</summary>
    public static async Task<(Project Project, Engagement Engagement)?> CancelAsync(
        BatonDb db, CurrentUser user, string number, int engagementId, TimeProvider clock, CancellationToken ct)
    {
        var found = await FindAsync(db, user, number, engagementId, "cancel engagements", ct);
        if (found is not { } f)
        {
            return null;
        }

        var (project, engagement) = f;

        ProjectRules.InState(() => engagement.Cancel(user.Actor, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return (project, engagement);
    }

    /// <summary>One engagement of a project the user can see (staff only for changes); null when either is not there.</summary>
    public static async Task<(Project Project, Engagement Engagement)?> FindAsync(
        BatonDb db, CurrentUser user, string number, int engagementId, string? staffAction, CancellationToken ct)
    {
        var project = staffAction is null
            ? await ProjectAccess.FindAsync(db, user, number, ct)
            : await ProjectRules.FindForStaffAsync(db, user, number, null, staffAction, ct);
        if (project is null)
        {
            return null;
        }

        var engagement = await db.Engagements.SingleOrDefaultAsync(e => e.Id == engagementId && e.ProjectId == project.Id, ct);
        return engagement is null ? null : (project, engagement);
    }

    public static async Task<TimeZoneInfo> ClientZoneAsync(BatonDb db, int clientId, CancellationToken ct) =>
        UserTime.Zone(await db.Clients.Where(c => c.Id == clientId).Select(c => c.TimeZoneId).SingleAsync(ct));

    private static async Task<EngagementSlot> SlotAsync(BatonDb db, EngagementRequest request, CancellationToken ct)
    {
        var technicians = (request.TechnicianIds ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        var staff = await ProjectReferenceCheck.StaffIdsAsync(db, technicians, ct);
        if (technicians.Where(t => !staff.Contains(t)).ToList() is { Count: > 0 } strangers)
        {
            throw InputInvalidException.For("technicianIds", $"Not a member of staff: {string.Join(", ", strangers)}.");
        }

        if (!Enum.IsDefined(request.Kind))
        {
            throw InputInvalidException.For("kind", "Choose the kind of engagement: on-site, remote, cut-over or maintenance window.");
        }

        return new EngagementSlot(request.Date, request.Start, request.End, request.Kind, technicians, request.Touches, request.Notes);
    }
}
