using System.Globalization;

namespace Baton.Domain;

/// <summary>
/// Wall-clock time in the words people use on a desk: "45 min", "5 h 10 min", and days beyond two days
/// ("27 d 4 h", not "652 h 46 min"); recent instants relative to now ("12 min ago", "in 3 h").
/// </summary>
public static class HumanTime
{
    /// <summary>Beyond this, an elapsed time is counted in days: nobody reads "652 h" as four weeks.</summary>
    public static readonly TimeSpan DaysFrom = TimeSpan.FromHours(48);

    /// <summary>Within this of now an instant is said relative to now; further away, as a date and time.</summary>
    public static readonly TimeSpan RelativeWithin = TimeSpan.FromHours(24);

    /// <summary>A wall-clock duration: minutes, then hours and minutes, then days and hours from 48 h.</summary>
    public static string Duration(TimeSpan span)
    {
        var minutes = (long)Math.Round(Math.Abs(span.TotalMinutes));
        var text = minutes >= (long)DaysFrom.TotalMinutes
            ? (minutes / 1440, minutes % 1440 / 60) switch
            {
                (var d, 0) => $"{d} d",
                (var d, var h) => $"{d} d {h} h",
            }
            : (minutes / 60, minutes % 60) switch
            {
                (0, var m) => $"{m} min",
                (var h, 0) => $"{h} h",
                (var h, var m) => $"{h} h {m} min",
            };
        return span < TimeSpan.Zero ? "-" + text : text;
    }

    /// <summary>
    /// "just now", "12 min ago", "5 h ago", "in 40 min", "in 3 h" for an instant within a day of now; null further
    /// away, where the exact date and time say more than "31 h ago".
    /// </summary>
    public static string? Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var delta = now - at;
        var distance = delta.Duration();
        if (distance >= RelativeWithin)
        {
            return null;
        }

        if (distance < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }

        var words = distance < TimeSpan.FromHours(1)
            ? ((int)distance.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min"
            : ((int)distance.TotalHours).ToString(CultureInfo.InvariantCulture) + " h";
        return delta > TimeSpan.Zero ? words + " ago" : "in " + words;
    }
}
