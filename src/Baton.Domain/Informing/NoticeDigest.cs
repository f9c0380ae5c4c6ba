namespace Baton.Domain.Informing;

/// <summary>
/// The daily digest: the notices a person chose to hear of by digest, in one mail a day at a local time they pick. Its
/// rules are here; the sender that runs them is in the web project.
/// </summary>
public static class NoticeDigest
{
    /// <summary>The digest time for someone who never chose one: the start of a working day.</summary>
    public static readonly TimeOnly DefaultTime = new(8, 0);

    /// <summary>Notices in one digest mail at most; the rest wait for the next (they are still in the app).</summary>
    public const int MaxNotices = 200;

    /// <summary>
    /// The local date whose digest is due at <paramref name="now"/>, or null when none is: the person's digest time has
    /// passed today (in their zone) and today's digest has not been sent. A sender that was down catches up once, not
    /// once per missed day.
    /// </summary>
    public static DateOnly? DueOn(TimeOnly? digestTime, DateOnly? sentOn, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        return TimeOnly.FromDateTime(local.DateTime) >= (digestTime ?? DefaultTime) && (sentOn is null || sentOn < today) ? today : null;
    }

    /// <summary>The digest's subject: how many notices, so the inbox line says whether it is worth opening now.</summary>
    public static string Subject(string deskName, DateOnly date, int count) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{deskName} digest for {date:ddd d MMM}: {count} notice{(count == 1 ? "" : "s")}");
}
