using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.ServiceLevels;

/// <summary>What a fresh Baton starts with: the built-in 24×7 calendar and a default policy on it.</summary>
public static class ServiceLevelDefaults
{
    public const string DefaultPolicyName = "Standard";

    public static IReadOnlyList<SlaTarget> StandardTargets { get; } =
    [
        new(Priority.P1, TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)),
        new(Priority.P2, TimeSpan.FromHours(1), TimeSpan.FromHours(8)),
        new(Priority.P3, TimeSpan.FromHours(4), TimeSpan.FromHours(24)),
        new(Priority.P4, TimeSpan.FromHours(8), TimeSpan.FromHours(72)),
    ];

    public static async Task SeedAsync(BatonDb db, CancellationToken ct)
    {
        var always = await db.ServiceCalendars.FirstOrDefaultAsync(c => c.IsBuiltIn, ct);
        if (always is null)
        {
            always = ServiceCalendar.TwentyFourSeven();
            db.ServiceCalendars.Add(always);
            await db.SaveChangesAsync(ct);
        }

        if (!await db.SlaPolicies.AnyAsync(ct))
        {
            var standard = new SlaPolicy(DefaultPolicyName, always.Id, 75, [TicketStatus.AwaitingCustomer], StandardTargets);
            standard.MakeDefault(true);
            db.SlaPolicies.Add(standard);
            await db.SaveChangesAsync(ct);
        }
    }
}
