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

    // Initialised before the picker list, which is built from it.
    public static IReadOnlyList<string> AllZoneIds { get; } =
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal).ToList();

    /// <summary>The zones most desks work in, offered first in a zone picker; the rest follow in order.</summary>
    public static IReadOnlyList<string> CommonZoneIds { get; } =
    [
        "UTC", "Europe/London", "Europe/Dublin", "Europe/Amsterdam", "Europe/Berlin", "Europe/Paris", "Europe/Madrid",
        "Europe/Stockholm", "Europe/Warsaw", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
        "America/Toronto", "America/Sao_Paulo", "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore",
        "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
    ];

    /// <summary>Every zone for a picker: the common ones first, then all others alphabetically.</summary>
    public static IReadOnlyList<string> PickerZoneIds { get; } =
        [.. CommonZoneIds.Where(IsKnownZone), .. AllZoneIds.Except(CommonZoneIds, StringComparer.Ordinal)];

    /// <summary>"UTC+05:30" for a zone now: what a picker shows beside the id.</summary>
    public static string OffsetNow(string timeZoneId, DateTimeOffset now) => Abbreviation(Zone(timeZoneId), TimeZoneInfo.ConvertTime(now, Zone(timeZoneId)));

    private static string Abbreviation(TimeZoneInfo zone, DateTimeOffset local) =>
        zone == TimeZoneInfo.Utc ? "UTC" : "UTC" + (local.Offset < TimeSpan.Zero ? "-" : "+") + local.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
