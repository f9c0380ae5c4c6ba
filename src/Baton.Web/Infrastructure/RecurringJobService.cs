using Baton.Web.Data;

namespace Baton.Web.Infrastructure;

/// <summary>
/// A background job run at start and then every <see cref="Interval"/> on the injected <see cref="TimeProvider"/>, each
/// run in its own scope with its own <see cref="BatonDb"/>. Every instance runs it, so the work itself must be safe to
/// run concurrently (a unique key or a concurrency token decides). A failed run is logged and the next tick tries
/// again; nothing is lost meanwhile, because each job finds its work by looking, not by remembering. The first run waits
/// until the database is migrated and seeded (<see cref="DatabaseReadiness"/>) and the warm-up is over.
/// </summary>
public abstract class RecurringJobService(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    /// <summary>What the job does, for the log ("SLA escalation").</summary>
    protected abstract string Description { get; }

    /// <summary>False when the job has nothing to do on this instance (e.g. no mail sender configured).</summary>
    protected virtual bool Enabled => true;

    protected abstract Task RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct);

    private long _rounds;
    private long _lastRoundAtTicks = long.MinValue;

    /// <summary>Rounds finished on this instance, failed ones included.</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>
    /// The instant the last finished round ran with (null before the first): a round that began at or after an instant
    /// has seen everything written before it, so a test waits for it to know the job looked and did nothing.
    /// </summary>
    public DateTimeOffset? LastRoundAt => Interlocked.Read(ref _lastRoundAtTicks) is var ticks and not long.MinValue
        ? new DateTimeOffset(ticks, TimeSpan.Zero)
        : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled || !await DatabaseReadiness.WaitAsync(scopes, stoppingToken))
        {
            return;
        }

        // The first pass of four jobs (JIT, query compilation) would compete with the warm-up for the cores; nothing is
        // lost by starting them once the pages are warm.
        using (var scope = scopes.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Startup.WarmUpProgress>().Completion.WaitAsync(stoppingToken);
        }

        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            do
            {
                var now = clock.GetUtcNow();
                try
                {
                    using var scope = scopes.CreateScope();
                    await RunOnceAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), now, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "{Job} failed; retrying in {Interval}.", Description, Interval);
                }

                Interlocked.Exchange(ref _lastRoundAtTicks, now.UtcTicks);
                Interlocked.Increment(ref _rounds);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
