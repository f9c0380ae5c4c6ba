using Baton.Web.Data;
using Baton.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.ServiceLevels;

/// <summary>The <c>ServiceLevels</c> configuration section.</summary>
public sealed class ServiceLevelOptions
{
    /// <summary>ServiceLevels:EscalationInterval — how often the SLA escalation and keep-informed jobs look for crossings (default 30 s).</summary>
    public TimeSpan EscalationInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Runs <see cref="SlaEscalation"/> at start and then every <see cref="ServiceLevelOptions.EscalationInterval"/>, on
/// every instance (the job is safe to run concurrently). Crossings are found by instant, not by timer, so a failed or
/// missed run loses nothing.
/// </summary>
public sealed class SlaEscalationService(
    IServiceScopeFactory scopes, SlaEscalation escalation, TimeProvider clock, IOptions<ServiceLevelOptions> options, ILogger<SlaEscalationService> logger)
    : RecurringJobService(scopes, clock, logger)
{
    protected override TimeSpan Interval => options.Value.EscalationInterval;

    protected override string Description => "SLA escalation";

    protected override async Task RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var recorded = await escalation.RunOnceAsync(db, now, ct);
        if (recorded > 0)
        {
            logger.LogInformation("SLA escalation recorded {Count} crossing(s).", recorded);
        }
    }
}
