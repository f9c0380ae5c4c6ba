using Baton.Domain;
using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Closeout;

/// <summary>How an item is answered: done, or not applicable with a reason; a note either way.</summary>
public sealed record AnswerItemRequest(CloseoutItemState State, string? Reason = null, string? Note = null);

/// <summary>What a sign-off attempt came to: signed, or refused with the gate that says exactly what is missing.</summary>
public sealed record SignOffOutcome(bool Signed, CloseoutGate Gate);

/// <summary>
/// The use cases of a project's close-out checklist, called by the page and the API alike. Every one starts from
/// <see cref="ProjectAccess"/> (null: the project does not exist for the user, a 404), then checks the role: staff fill the
/// checklist, only a support lead signs off, withdraws a sign-off or releases the lead.
/// </summary>
public static class CloseoutWork
{
    /// <summary>Begins close-out with the template version current now. Null when the project is not visible.</summary>
    public static async Task<CloseoutChecklist?> BeginAsync(BatonDb db, CurrentUser user, string number, TimeProvider clock, CancellationToken ct)
    {
        var project = await ProjectAccess.FindAsync(db, user, number, ct);
        if (project is null)
        {
            return null;
        }

        SupportLeads.RequireStaff(user, "begin a close-out");
        if (await db.CloseoutChecklists.AsNoTracking().Where(c => c.ProjectId == project.Id).Select(c => new { c.StartedByName, c.TemplateVersion }).SingleOrDefaultAsync(ct) is { } existing)
        {
            throw new DomainRuleException($"Close-out of {project.Number} has already begun (by {existing.StartedByName}, on checklist version {existing.TemplateVersion}).");
        }

        var template = await CloseoutTemplates.CurrentAsync(db, ct) ?? throw new InvalidOperationException("The close-out template has not been seeded.");
        var checklist = CloseoutChecklist.Begin(project, template, user.Actor, clock.GetUtcNow());
        db.CloseoutChecklists.Add(checklist);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            db.ChangeTracker.Clear();
            throw new DomainRuleException($"Close-out of {project.Number} was begun by someone else a moment ago; reload to see it.");
        }

        return checklist;
    }

    /// <summary>
    /// Answers one item. <paramref name="expectedItemVersion"/> is the item version the caller saw (412 when stale). The
    /// answer that leaves nothing missing tells the close-out's people it is ready for sign-off, in the same save
    /// (a null <paramref name="channel"/> tells nobody: the demo desk's seeding).
    /// </summary>
    public static Task<CloseoutChecklistItem?> AnswerAsync(
        BatonDb db, CurrentUser user, string number, int key, int? expectedItemVersion, AnswerItemRequest request, INotificationChannel? channel, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ChangeItemAsync(db, user, number, "fill in a close-out checklist",
            checklist => checklist.Answer(key, expectedItemVersion, request.State, request.Reason, request.Note, user.Actor, clock.GetUtcNow()), channel, clock.GetUtcNow(), ct);
    }

    /// <summary>Re-opens an answered item (it can only add a gap, so it tells nobody).</summary>
    public static Task<CloseoutChecklistItem?> ReopenAsync(BatonDb db, CurrentUser user, string number, int key, int? expectedItemVersion, TimeProvider clock, CancellationToken ct) =>
        ChangeItemAsync(db, user, number, "re-open a close-out item", checklist => checklist.Reopen(key, expectedItemVersion, user.Actor, clock.GetUtcNow()), null, clock.GetUtcNow(), ct);

    /// <summary>
    /// Brings the checklist up to the latest template version and says what changed. A signed checklist loses its
    /// sign-off, so only a support lead may upgrade one. An upgrade that drops the last open required item makes the
    /// close-out ready, and tells so in the same save (a null <paramref name="channel"/> tells nobody).
    /// </summary>
    public static async Task<CloseoutUpgrade?> UpgradeAsync(
        BatonDb db, CurrentUser user, string number, int? expectedVersion, INotificationChannel? channel, TimeProvider clock, CancellationToken ct)
    {
        if (await LoadAsync(db, user, number, "bring a close-out checklist up to date", expectedVersion, ct) is not { } loaded)
        {
            return null;
        }

        var (project, checklist) = loaded;

        if (checklist.IsSignedOff)
        {
            await SupportLeads.RequireAsync(db, user, "bring a signed close-out up to date (it withdraws the sign-off)", ct);
        }

        var latest = await CloseoutTemplates.CurrentAsync(db, ct) ?? throw new InvalidOperationException("The close-out template has not been seeded.");
        var now = clock.GetUtcNow();
        var upgrade = await CloseoutReadiness.AroundChecklistChangeAsync(db, channel, project, checklist, () => checklist.UpgradeTo(latest, project, user.Actor, now), user.Actor, now, ct);
        await db.SaveChangesAsync(ct);
        return upgrade;
    }

    /// <summary>
    /// The support lead signs off. When something is missing nothing changes and the outcome carries the gate; the
    /// checklist's item-change counter makes a sign-off fail (409) if an item changed after the lead read the checklist.
    /// </summary>
    public static async Task<SignOffOutcome?> SignOffAsync(BatonDb db, CurrentUser user, string number, int? expectedVersion, TimeProvider clock, CancellationToken ct)
    {
        var project = await ProjectAccess.FindAsync(db, user, number, ct);
        if (project is null)
        {
            return null;
        }

        await SupportLeads.RequireAsync(db, user, "sign off a close-out", ct);
        var checklist = await ChecklistAsync(db, project.Id, expectedVersion, ct);
        var (deliverables, cleanup) = await CompletionAsync(db, project.Id, ct);
        var records = await RecordsAsync(db, project, deliverables, clock.GetUtcNow(), ct);
        var gate = CloseoutGate.Evaluate(project, checklist, deliverables, cleanup, records);
        if (checklist is null || !gate.CanSignOff)
        {
            return new SignOffOutcome(false, gate);
        }

        checklist.SignOff(project, deliverables, cleanup, user.Actor, clock.GetUtcNow(), records);
        await db.SaveChangesAsync(ct);
        return new SignOffOutcome(true, gate);
    }

    public static async Task<CloseoutChecklist?> WithdrawSignOffAsync(BatonDb db, CurrentUser user, string number, int? expectedVersion, TimeProvider clock, CancellationToken ct)
    {
        if (await LoadAsync(db, user, number, "withdraw a close-out sign-off", expectedVersion, ct) is not { } loaded)
        {
            return null;
        }

        var (project, checklist) = loaded;

        await SupportLeads.RequireAsync(db, user, "withdraw a close-out sign-off", ct);
        checklist.WithdrawSignOff(project, user.Actor, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return checklist;
    }

    /// <summary>Releases the project lead (the domain requires the sign-off first); hypercare may start after this.</summary>
    public static async Task<Project?> ReleaseLeadAsync(BatonDb db, CurrentUser user, string number, TimeProvider clock, CancellationToken ct)
    {
        var project = await ProjectAccess.FindAsync(db, user, number, ct);
        if (project is null)
        {
            return null;
        }

        await SupportLeads.RequireAsync(db, user, "release a project lead", ct);
        project.ReleaseLead(user.Actor, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return project;
    }

    internal static async Task<(List<Deliverable> Deliverables, List<CleanupItem> Cleanup)> CompletionAsync(BatonDb db, int projectId, CancellationToken ct) =>
        (await db.Deliverables.AsNoTracking().Where(d => d.ProjectId == projectId).ToListAsync(ct),
         await db.CleanupItems.AsNoTracking().Where(c => c.ProjectId == projectId).ToListAsync(ct));

    /// <summary>The records that answer checklist items (the hand-off meeting, the deliverables' acceptance), as of today (UTC).</summary>
    internal static async Task<CloseoutRecords> RecordsAsync(BatonDb db, Project project, IEnumerable<Deliverable> deliverables, DateTimeOffset now, CancellationToken ct)
    {
        var meeting = await db.HandoffMeetings.AsNoTracking().SingleOrDefaultAsync(m => m.ProjectId == project.Id, ct);
        return Records(project, meeting, deliverables, now);
    }

    internal static CloseoutRecords Records(Project project, HandoffMeeting? meeting, IEnumerable<Deliverable> deliverables, DateTimeOffset now) =>
        CloseoutRecords.Of(project, meeting, deliverables, DateOnly.FromDateTime(now.UtcDateTime));

    private static async Task<CloseoutChecklistItem?> ChangeItemAsync(
        BatonDb db, CurrentUser user, string number, string what, Func<CloseoutChecklist, CloseoutChecklistItem> change, INotificationChannel? channel, DateTimeOffset now,
        CancellationToken ct)
    {
        if (await LoadAsync(db, user, number, what, null, ct) is not { } loaded)
        {
            return null;
        }

        var (project, checklist) = loaded;

        CloseoutChecklistItem item;
        try
        {
            item = await CloseoutReadiness.AroundChecklistChangeAsync(db, channel, project, checklist, () => change(checklist), user.Actor, now, ct);
        }
        catch (StaleCloseoutItemException e)
        {
            throw new StaleRecordException($"‘{e.Item.Text}’", e.ExpectedVersion, e.CurrentVersion, e.Item.AnsweredByName);
        }

        // Count the change on the checklist in SQL, only while it is unsigned: two people answering different items do
        // not block each other, but a sign-off that read the items before this change fails on the counter, and a
        // change racing a sign-off that committed first is refused here.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var counted = await db.CloseoutChecklists
            .Where(c => c.Id == checklist.Id && c.SignedOffAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ItemChanges, c => c.ItemChanges + 1), ct);
        if (counted == 0)
        {
            throw new DomainRuleException("The close-out was signed off a moment ago; withdraw the sign-off before changing it.");
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return item;
    }

    private static async Task<(Project Project, CloseoutChecklist Checklist)?> LoadAsync(
        BatonDb db, CurrentUser user, string number, string what, int? expectedVersion, CancellationToken ct)
    {
        var project = await ProjectAccess.FindAsync(db, user, number, ct);
        if (project is null)
        {
            return null;
        }

        SupportLeads.RequireStaff(user, what);
        var checklist = await ChecklistAsync(db, project.Id, expectedVersion, ct)
            ?? throw new DomainRuleException($"Close-out of {project.Number} has not begun yet.");
        return (project, checklist);
    }

    private static async Task<CloseoutChecklist?> ChecklistAsync(BatonDb db, int projectId, int? expectedVersion, CancellationToken ct)
    {
        var checklist = await db.CloseoutChecklists.Include(c => c.Items).SingleOrDefaultAsync(c => c.ProjectId == projectId, ct);
        if (checklist is not null && expectedVersion is { } expected && checklist.Version != expected)
        {
            throw new StaleRecordException("The close-out checklist", expected, checklist.Version);
        }

        return checklist;
    }
}
