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
/// required item answered (by hand, by the hand-off meeting held, or dropped by a checklist upgrade), the last in-scope
/// deliverable accepted, the last clean-up item done. A change that closed no gap (an optional item, a re-answer) tells
/// nothing, so the news comes once each time the close-out becomes ready.
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

        var checklist = await ChecklistAsync(db, project.Id, ct);
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
    /// Around a change to the checklist itself (an item answered, an upgrade to a newer template version that may drop the
    /// last open required item): nothing else the gate reads changes.
    /// </summary>
    internal static Task<T> AroundChecklistChangeAsync<T>(
        BatonDb db, INotificationChannel? channel, Project project, CloseoutChecklist checklist, Func<T> change, Actor actor, DateTimeOffset now, CancellationToken ct) =>
        AroundAsync(db, channel, project, checklist, change, recordsAfter: null, actor, now, ct);

    /// <summary>
    /// Around recording or editing the hand-off meeting: a meeting held (dated today or earlier) answers the item it
    /// proves, so saving it can close the last gap. <paramref name="change"/> returns the meeting as it will be saved.
    /// </summary>
    internal static async Task<HandoffMeeting> AroundHandoffChangeAsync(
        BatonDb db, INotificationChannel? channel, Project project, Func<HandoffMeeting> change, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(project);
        var checklist = channel is null ? null : await ChecklistAsync(db, project.Id, ct);
        return await AroundAsync(db, channel, project, checklist, change, (meeting, deliverables) => CloseoutWork.Records(project, meeting, deliverables, now), actor, now, ct);
    }

    /// <summary>
    /// Evaluates the gate before <paramref name="change"/> and after, and tells only when the change turned it ready.
    /// <paramref name="recordsAfter"/> gives the records as the change leaves them (null: it leaves them as they were); the
    /// deliverables and clean-up are read once, since none of these changes touch them.
    /// </summary>
    private static async Task<T> AroundAsync<T>(
        BatonDb db, INotificationChannel? channel, Project project, CloseoutChecklist? checklist, Func<T> change,
        Func<T, IReadOnlyList<Deliverable>, CloseoutRecords>? recordsAfter, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        if (channel is null || checklist is null || project.Status != ProjectStatus.Active || checklist.IsSignedOff)
        {
            return change();
        }

        var (deliverables, cleanup) = await CloseoutWork.CompletionAsync(db, project.Id, ct);
        var records = await CloseoutWork.RecordsAsync(db, project, deliverables, now, ct);
        bool Ready(CloseoutRecords r) => CloseoutGate.Evaluate(project, checklist, deliverables, cleanup, r).CanSignOff;
        var wasReady = Ready(records);
        var result = change();
        if (!wasReady && Ready(recordsAfter?.Invoke(result, deliverables) ?? records))
        {
            await TellAsync(db, channel, project, actor, now, ct);
        }

        return result;
    }

    /// <summary>Untracked: readiness only reads it.</summary>
    private static Task<CloseoutChecklist?> ChecklistAsync(BatonDb db, int projectId, CancellationToken ct) =>
        db.CloseoutChecklists.AsNoTracking().Include(c => c.Items).SingleOrDefaultAsync(c => c.ProjectId == projectId, ct);

    /// <summary>The close-out-and-hand-off row's people: the service manager answers for the sign-off in the shipped matrix.</summary>
    private static Task TellAsync(BatonDb db, INotificationChannel channel, Project project, Actor actor, DateTimeOffset now, CancellationToken ct) =>
        ProjectNotices.QueueAsync(db, channel, ProjectSubject.Of(project), NoticeKind.CloseoutReady, Activities.CloseoutHandoff,
            "close-out ready for sign-off: every required item, deliverable and clean-up item is done", actor, [], now, ct);
}
