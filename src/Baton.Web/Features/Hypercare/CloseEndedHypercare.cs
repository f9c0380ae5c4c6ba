using Baton.Domain;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Domain.Tickets;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Shared.Events;
using Baton.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Hypercare;

/// <summary>The <c>Hypercare</c> configuration section.</summary>
public sealed class HypercareOptions
{
    /// <summary>Hypercare:EndCheckInterval — how often the job looks for hypercare periods that have run out (default 5 min).</summary>
    public TimeSpan EndCheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Closes every project whose hypercare period has run out: <see cref="Project.Close"/> at the period's end, and a notice
/// to the coordinating team and the lead tech, in one save per project. Safe to run on several instances at once: each
/// save is conditional on the project's <see cref="Project.Version"/> (its concurrency token), so when two runners close
/// the same project the second's UPDATE matches no row, it rolls back (notices included) and moves on.
/// </summary>
public sealed class CloseEndedHypercare(INotificationChannel channel, ILogger<CloseEndedHypercare> logger)
{
    /// <summary>Projects closed per run; the next run takes the rest.</summary>
    public const int BatchSize = 200;

    /// <summary>Who closes a project whose hypercare ran out, on its audit trail: nobody did, the period ended.</summary>
    public static readonly Actor PeriodEnded = new("system:hypercare", "Hypercare period ended");

    /// <summary>Closes what has ended by <paramref name="now"/>; returns how many projects this run closed.</summary>
    public async Task<int> RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var ended = await db.Projects.AsNoTracking()
            .Where(p => p.Status == ProjectStatus.Hypercare && p.HypercareEndsAt <= now)
            .OrderBy(p => p.HypercareEndsAt).ThenBy(p => p.Id)
            .Select(p => p.Id)
            .Take(BatchSize)
            .ToListAsync(ct);
        var closed = 0;
        foreach (var id in ended)
        {
            if (await CloseAsync(db, id, now, ct))
            {
                closed++;
            }
        }

        return closed;
    }

    private async Task<bool> CloseAsync(BatonDb db, int projectId, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            var project = await db.Projects.SingleAsync(p => p.Id == projectId, ct);
            if (!project.HypercareHasEnded(now))
            {
                return false; // another runner closed it between our look and our read
            }

            // Closed when the period ended, not when this job noticed (it may have been down).
            var endedAt = project.HypercareEndsAt!.Value;
            project.Close(PeriodEnded, endedAt);
            await EndHypercare.NotifyAsync(db, channel, project,
                $"{project.Number} · hypercare period ended: the project is closed and its tickets continue as normal support.", null, now, ct);
            using (await SqliteWriteGate.EnterAsync(db, ct))
            {
                await db.SaveChangesAsync(ct);
            }

            logger.LogInformation("{Number}: hypercare ended at {EndedAt}; project closed.", project.Number, endedAt);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance closed (or changed) it between our read and our save; nothing of ours was written.
            logger.LogDebug("Project {Id}: closed elsewhere.", projectId);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>
/// Runs <see cref="CloseEndedHypercare"/> and <see cref="TellHypercareEnding"/> at start and then every <see cref="HypercareOptions.EndCheckInterval"/>, on every
/// instance (the job is safe to run concurrently). A failed run is logged and the next one tries again; nothing is lost,
/// because ended periods are found by instant.
/// </summary>
public sealed class HypercareEndService(
    IServiceScopeFactory scopes, CloseEndedHypercare job, TellHypercareEnding ending, TimeProvider clock, IOptions<HypercareOptions> options, ILogger<HypercareEndService> logger)
    : RecurringJobService(scopes, clock, logger)
{
    protected override TimeSpan Interval => options.Value.EndCheckInterval;

    protected override string Description => "Closing ended hypercare periods, telling those ending within 7 days";

    protected override async Task RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        await job.RunOnceAsync(db, now, ct);
        await ending.RunOnceAsync(db, now, ct); // the same period's other end: one sweep, one interval
    }
}

public static class HypercareServices
{
    /// <summary>Hypercare's services: the intake (routing and its cache), the period-end job and its background service.</summary>
    public static IServiceCollection AddHypercare(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HypercareOptions>()
            .Bind(configuration.GetSection("Hypercare"))
            .Validate(o => o.EndCheckInterval > TimeSpan.Zero, "Hypercare:EndCheckInterval must be a positive time span, e.g. 00:05:00.")
            .ValidateOnStart();
        services.AddSingleton<HypercareIntake>();
        services.AddAfterCommitHandler<TicketOpened, HypercareIntake>(); // routing after a ticket is opened (docs/adr/0005)
        services.AddSingleton<CloseEndedHypercare>();
        services.AddSingleton<TellHypercareEnding>();
        services.AddHostedService<HypercareEndService>(); // waits for DatabaseReadiness before its first run
        return services;
    }
}
