using System.Globalization;
using Baton.Domain;
using Baton.Domain.Informing;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Notifications;

public sealed record NoticePreferenceResponse(NoticeKind Kind, string Description, NoticeDelivery Delivery, bool CanTurnOff);

public sealed record NoticePreferenceRequest(NoticeKind? Kind, NoticeDelivery? Delivery);

public sealed record NoticePreferencesRequest(IReadOnlyList<NoticePreferenceRequest>? Preferences);

/// <summary>When the daily digest is mailed, in the person's own time zone (their profile's).</summary>
public sealed record DigestTimeResponse(string Time, string TimeZoneId, bool IsDefault);

public sealed record DigestTimeRequest(string? Time = null);

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
                throw new DomainRuleException("Say how: MailAndInApp, InAppOnly, Digest or Off.", field + ".delivery");
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

    public static async Task<DigestTimeResponse> DigestTimeAsync(BatonDb db, string userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DigestTime, u.TimeZoneId }).SingleAsync(ct);
        return new DigestTimeResponse(Format(user.DigestTime ?? NoticeDigest.DefaultTime), user.TimeZoneId, user.DigestTime is null);
    }

    /// <summary>Sets the local time of the daily digest ("HH:mm", 24-hour), refusing anything else on <paramref name="field"/>.</summary>
    public static async Task SaveDigestTimeAsync(BatonDb db, string userId, string? time, string field, CancellationToken ct)
    {
        var at = ParseDigestTime(time, field);
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        user.DigestTime = at;
        await db.SaveChangesAsync(ct);
    }

    public static TimeOnly ParseDigestTime(string? time, string field) =>
        TimeOnly.TryParseExact(time?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : throw new DomainRuleException("Give the digest time as HH:mm on the 24-hour clock, e.g. 08:00.", field);

    public static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
