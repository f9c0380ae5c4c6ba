using Baton.Domain;
using Baton.Domain.Informing;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Notifications;

public sealed record NoticePreferenceResponse(NoticeKind Kind, string Description, NoticeDelivery Delivery, bool CanTurnOff);

public sealed record NoticePreferenceRequest(NoticeKind? Kind, NoticeDelivery? Delivery);

public sealed record NoticePreferencesRequest(IReadOnlyList<NoticePreferenceRequest>? Preferences);

/// <summary>A person's say in how they hear of each kind of notice (the profile page and the API).</summary>
public static class NoticePreferences
{
    public static async Task<IReadOnlyList<NoticePreferenceResponse>> ListAsync(BatonDb db, string userId, CancellationToken ct)
    {
        var chosen = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Kind, p => p.Delivery, ct);
        return [.. NoticeKinds.Choosable.Select(k => new NoticePreferenceResponse(
            k, NoticeKinds.Describe(k), NoticeKinds.Effective(k, chosen.TryGetValue(k, out var d) ? d : null), !NoticeKinds.CannotBeTurnedOff(k)))];
    }

    /// <summary>Saves the named kinds at once; one bad entry refuses all, naming it (preferences[i]).</summary>
    public static async Task SaveAsync(BatonDb db, string userId, IReadOnlyList<NoticePreferenceRequest> preferences, CancellationToken ct)
    {
        var checkedOnes = new List<(NoticeKind Kind, NoticeDelivery Delivery)>();
        for (var i = 0; i < preferences.Count; i++)
        {
            var field = $"preferences[{i}]";
            if (preferences[i].Kind is not { } kind || !NoticeKinds.Choosable.Contains(kind))
            {
                throw new DomainRuleException($"Name one of the kinds: {string.Join(", ", NoticeKinds.Choosable)}.", field + ".kind");
            }

            if (preferences[i].Delivery is not { } delivery)
            {
                throw new DomainRuleException("Say how: MailAndInApp, InAppOnly or Off.", field + ".delivery");
            }

            checkedOnes.Add((kind, NoticeKinds.Check(kind, delivery, field + ".delivery")));
        }

        var kinds = checkedOnes.Select(c => c.Kind).ToList();
        var stored = await db.NotificationPreferences.Where(p => p.UserId == userId && kinds.Contains(p.Kind)).ToListAsync(ct);
        foreach (var (kind, delivery) in checkedOnes)
        {
            var row = stored.FirstOrDefault(p => p.Kind == kind);
            if (row is null)
            {
                db.NotificationPreferences.Add(row = new NotificationPreference { UserId = userId, Kind = kind });
                stored.Add(row);
            }

            row.Delivery = delivery;
        }

        await db.SaveChangesAsync(ct);
    }
}
