using Baton.Web.Data;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.ServiceLevels;

/// <summary>The <c>ServiceLevels</c> configuration section.</summary>
public sealed class ServiceLevelOptions
{
    /// <summary>ServiceLevels:EscalationInterval — how often the escalation job looks for SLA crossings (default 30 s).</summary>
    public TimeSpan EscalationInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Runs <see cref="SlaEscalation"/> at start and then every <see cref="ServiceLevelOptions.EscalationInterval"/>, on
/// every instance (the job is safe to run concurrently). A failed run is logged and the next one tries again.
/// </summary>
public sealed class SlaEscalationService(
    IServiceScopeFactory scopes, SlaEscalation escalation, TimeProvider clock, IOptions<ServiceLevelOptions> options, ILogger<SlaEscalationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EscalationInterval, clock);
        try
        {
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
            var recorded = await escalation.RunOnceAsync(db, clock.GetUtcNow(), ct);
            if (recorded > 0)
            {
                logger.LogInformation("SLA escalation recorded {Count} crossing(s).", recorded);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The database may be briefly unreachable; the next tick tries again, and nothing is lost meanwhile
            // because crossings are found by instant, not by timer.
            logger.LogError(e, "SLA escalation run failed; retrying in {Interval}.", options.Value.EscalationInterval);
        }
    }
}
