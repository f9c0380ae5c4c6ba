using Baton.Domain;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.ServiceLevels;

public sealed record SlaPolicyChange(
    string Name,
    int CalendarId,
    int WarningPercent,
    IReadOnlyList<TicketStatus> PausingStatuses,
    IReadOnlyList<SlaTarget> Targets,
    bool IsDefault,
    ProgressCadence? Cadence = null);

/// <summary>
/// Creates or edits an SLA policy (page and API). Exactly one policy is the default: making one the default takes it
/// from the other, and the default cannot simply be switched off. Existing tickets keep the targets, warning share,
/// pausing statuses, calendar and progress-update cadence they were given when they were opened (a priority change
/// takes the policy's current ones), so an edit here changes no stored clock.
/// </summary>
public static class SaveSlaPolicy
{
    /// <summary>The saved policy, or null when <paramref name="id"/> names no policy.</summary>
    public static async Task<SlaPolicy?> ExecuteAsync(BatonDb db, int? id, SlaPolicyChange change, CancellationToken ct)
    {
        SlaPolicy? policy;
        if (id is { } policyId)
        {
            policy = await db.SlaPolicies.AsTracking().SingleOrDefaultAsync(p => p.Id == policyId, ct);
            if (policy is null)
            {
                return null;
            }

            policy.Update(change.Name, change.CalendarId, change.WarningPercent, change.PausingStatuses, change.Targets, change.Cadence);
        }
        else
        {
            policy = new SlaPolicy(change.Name, change.CalendarId, change.WarningPercent, change.PausingStatuses, change.Targets, change.Cadence);
            db.SlaPolicies.Add(policy);
        }

        if (!await db.ServiceCalendars.AnyAsync(c => c.Id == change.CalendarId, ct))
        {
            throw new DomainRuleException("Choose one of the calendars.", "calendarId");
        }

        var otherDefaults = await db.SlaPolicies.AsTracking().Where(p => p.IsDefault && p.Id != policy.Id).ToListAsync(ct);
        if (change.IsDefault)
        {
            otherDefaults.ForEach(p => p.MakeDefault(false));
            policy.MakeDefault(true);
        }
        else if (policy.IsDefault)
        {
            throw new DomainRuleException(
                "One policy is always the default, for clients without a contract; make another policy the default instead.", "isDefault");
        }
        else if (otherDefaults.Count == 0)
        {
            policy.MakeDefault(true); // there was none: the desk needs one
        }

        // One SaveChanges, one transaction: the old default loses the flag only if the new one gets it.
        await UniqueNames.SaveAsync(db, "policy", policy.Name,
            key => db.SlaPolicies.Where(p => p.NameKey == key && p.Id != policy.Id).Select(p => p.Name).FirstOrDefaultAsync(ct), ct);
        return policy;
    }
}
