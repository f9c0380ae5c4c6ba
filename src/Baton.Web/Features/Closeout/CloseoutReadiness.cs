using Baton.Domain;
using Baton.Domain.Closeout;
using Baton.Domain.Informing;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Informing;
using Baton.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Closeout;

/// <summary>
/// "Close-out ready for sign-off" (issue 13): told when a change closes the last gap of the sign-off gate — the last
/// required item answered, the last in-scope deliverable accepted, the last clean-up item done. A change that closed no
/// gap (an optional item, a re-answer) tells nothing, so the news comes once each time the close-out becomes ready.
/// Queued in the change's own transaction: the close-out and deliverables raise no record events.
/// </summary>
public static class CloseoutReadiness
{
    /// <summary>
    /// After a deliverable was accepted or a clean-up item done (each closes a gap by itself): tells if nothing is
    /// missing now. <paramref name="changed"/> are the tracked records the caller changed and has not saved yet.
    /// </summary>
    public static async Task TellIfReadyAsync(
        BatonDb db, INotificationChannel channel, Project project, IReadOnlyCollection<Deliverable> changed, IReadOnlyCollection<CleanupItem> changedCleanup,
        Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project.Status != ProjectStatus.Active)
        {
            return;
        }

        var checklist = await db.CloseoutChecklists.AsNoTracking().Include(c => c.Items).SingleOrDefaultAsync(c => c.ProjectId == project.Id, ct);
        if (checklist is null || checklist.IsSignedOff)
        {
            return;
        }

        // Read from the database, so as they were before this change: put the changed records in their place.
        var (deliverables, cleanup) = await CloseoutWork.CompletionAsync(db, project.Id, ct);
        deliverables = [.. deliverables.Select(d => changed.FirstOrDefault(c => c.Id == d.Id) ?? d)];
        cleanup = [.. cleanup.Select(c => changedCleanup.FirstOrDefault(x => x.Id == c.Id) ?? c)];
        var records = await CloseoutWork.RecordsAsync(db, project, deliverables, now, ct);
        if (CloseoutGate.Evaluate(project, checklist, deliverables, cleanup, records).CanSignOff)
        {
            await TellAsync(db, channel, project, actor, now, ct);
        }
    }

    /// <summary>
    /// Evaluates the gate before <paramref name="change"/> to the checklist, and after: the item answers change nothing
    /// else the gate reads, so one read of the deliverables, clean-up and records serves both.
    /// </summary>
    internal static async Task<T> AroundItemChangeAsync<T>(
        BatonDb db, INotificationChannel? channel, Project project, CloseoutChecklist checklist, Func<T> change, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        if (channel is null || project.Status != ProjectStatus.Active || checklist.IsSignedOff)
        {
            return change();
        }

        var (deliverables, cleanup) = await CloseoutWork.CompletionAsync(db, project.Id, ct);
        var records = await CloseoutWork.RecordsAsync(db, project, deliverables, now, ct);
        bool Ready() => CloseoutGate.Evaluate(project, checklist, deliverables, cleanup, records).CanSignOff;
        var wasReady = Ready();
        var result = change();
        if (!wasReady && Ready())
        {
            await TellAsync(db, channel, project, actor, now, ct);
        }

        return result;
    }

    /// <summary>The close-out-and-hand-off row's people: the service manager answers for the sign-off in the shipped matrix.</summary>
    private static Task TellAsync(BatonDb db, INotificationChannel channel, Project project, Actor actor, DateTimeOffset now, CancellationToken ct) =>
        ProjectNotices.QueueAsync(db, channel, ProjectSubject.Of(project), NoticeKind.CloseoutReady, Activities.CloseoutHandoff,
            "close-out ready for sign-off: every required item, deliverable and clean-up item is done", actor, [], now, ct);
}
