using Baton.Web.Data;

namespace Baton.Web.Features.Shared.Events;

/// <summary>
/// Runs the after-commit jobs on this instance: right after a commit that wrote some (signalled in-process, so latency
/// stays low) and every <see cref="RecordEventOptions.SweepInterval"/> for jobs a crash, a failure or another instance
/// left behind. Every instance runs it; the lease decides who takes each job.
/// </summary>
public sealed class RecordEventDrain(IServiceScopeFactory scopes, RecordEvents events, ILogger<RecordEventDrain> logger) : BackgroundService
{
    private int _sweeps;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await DatabaseReadiness.WaitAsync(scopes, stoppingToken))
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
                    await events.DrainAsync(db, stoppingToken);
                    if (_sweeps++ % 360 == 0)
                    {
                        await events.ForgetProcessedAsync(db, stoppingToken);
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Draining record events failed; retrying at the next signal or sweep.");
                }

                await events.WaitForSignalAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; what is left is claimed again after its lease.
        }
    }
}
