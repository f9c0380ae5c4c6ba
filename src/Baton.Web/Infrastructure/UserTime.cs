using System.Globalization;

namespace Baton.Web.Infrastructure;

/// <summary>Times are stored in UTC and shown in the reader's own zone (a profile setting).</summary>
public static class UserTime
{
    public static TimeZoneInfo Zone(string? timeZoneId)
    {
        if (!string.IsNullOrWhiteSpace(timeZoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone))
        {
            return zone;
        }

        return TimeZoneInfo.Utc;
    }

    public static string Format(DateTimeOffset utc, string? timeZoneId)
    {
        var zone = Zone(timeZoneId);
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + Abbreviation(zone, local);
    }

    /// <summary>"2026-11-30 20:45": the date and time in the user's zone, which the page names once (<see cref="ZoneName"/>).</summary>
    public static string FormatWithoutZone(DateTimeOffset utc, string? timeZoneId) =>
        TimeZoneInfo.ConvertTime(utc, Zone(timeZoneId)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"Europe/London (UTC+00:00)" as of <paramref name="now"/>; "UTC" for a user without a zone.</summary>
    public static string ZoneName(string? timeZoneId, DateTimeOffset now)
    {
        var zone = Zone(timeZoneId);
        return zone == TimeZoneInfo.Utc ? "UTC" : $"{zone.Id} ({Abbreviation(zone, TimeZoneInfo.ConvertTime(now, zone))})";
    }

    public static bool IsKnownZone(string? timeZoneId) =>
        !string.IsNullOrWhiteSpace(timeZoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out _);

    public static IReadOnlyList<string> AllZoneIds { get; } =
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal).ToList();

    private static string Abbreviation(TimeZoneInfo zone, DateTimeOffset local) =>
        zone == TimeZoneInfo.Utc ? "UTC" : "UTC" + (local.Offset < TimeSpan.Zero ? "-" : "+") + local.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
