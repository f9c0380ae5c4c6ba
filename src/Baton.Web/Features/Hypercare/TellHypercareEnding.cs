using System.Globalization;
using Baton.Domain.Hypercare;
using Baton.Domain.Informing;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Informing;
using Baton.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Hypercare;

/// <summary>
/// Tells, once per hypercare, that it ends within 7 days (issue 13): the coordinating team and its lead, the lead tech,
/// the service managers, and those the matrix marks R, A or I on the hypercare row. Safe on several instances at once:
/// each project's <see cref="Project.HypercareEndingToldAt"/> is claimed by a conditional UPDATE (told-at still empty) in
/// the transaction that queues the notices, so only one runner's claim matches the row; the other rolls back and moves on.
/// The project's concurrency token alone would not do: marking it told does not bump <see cref="Project.Version"/>.
/// </summary>
public sealed class TellHypercareEnding(INotificationChannel channel, ILogger<TellHypercareEnding> logger)
{
    /// <summary>Projects told per run; the next run takes the rest.</summary>
    public const int BatchSize = 200;

    /// <summary>Tells what ends within 7 days of <paramref name="now"/> and was not told yet; returns how many projects this run told.</summary>
    public async Task<int> RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var horizon = now.AddDays(7);
        var due = await db.Projects.AsNoTracking()
            .Where(p => p.Status == ProjectStatus.Hypercare && p.HypercareEndingToldAt == null && p.HypercareEndsAt > now && p.HypercareEndsAt <= horizon)
            .OrderBy(p => p.HypercareEndsAt).ThenBy(p => p.Id)
            .Select(p => p.Id)
            .Take(BatchSize)
            .ToListAsync(ct);
        var told = 0;
        foreach (var id in due)
        {
            if (await TellAsync(db, id, now, ct))
            {
                told++;
            }
        }

        return told;
    }

    private async Task<bool> TellAsync(BatonDb db, int projectId, DateTimeOffset now, CancellationToken ct)
    {
        using var writing = await SqliteWriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var project = await db.Projects.SingleAsync(p => p.Id == projectId, ct);
            if (!project.HypercareEndingDue(now))
            {
                return false; // told (or closed) by another runner between our look and our read
            }

            var claimed = await db.Projects
                .Where(p => p.Id == projectId && p.HypercareEndingToldAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.HypercareEndingToldAt, now), ct);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                logger.LogDebug("{Number}: hypercare ending already told elsewhere.", project.Number);
                return false;
            }

            project.MarkHypercareEndingTold(now);
            var team = await db.HypercareTeams.AsNoTracking().SingleOrDefaultAsync(t => t.ProjectId == project.Id, ct);
            var coordinators = team is null ? [] : await HypercareIntake.CoordinatorsAsync(db, team, ct);
            var ends = project.HypercareEndsAt!.Value;
            var text = $"hypercare ends on {ends.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, in {Math.Max(1, (int)Math.Ceiling((ends - now).TotalDays))} days: plan the hand-over to normal support";
            await ProjectNotices.QueueAsync(db, channel, ProjectSubject.Of(project, team?.For(HypercareRole.Coordination)?.TeamId), NoticeKind.HypercareEnding,
                Activities.Hypercare, text, null, coordinators, now, ct, builtInRoles: [PartyRoles.ServiceManager]);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("{Number}: hypercare ends at {EndsAt}; told.", project.Number, ends);
            return true;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
