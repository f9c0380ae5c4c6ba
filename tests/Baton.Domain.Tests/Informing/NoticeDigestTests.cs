using Baton.Domain.Informing;

namespace Baton.Domain.Tests.Informing;

public sealed class NoticeDigestTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo Auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");

    [Fact]
    public void BeforeTheChosenLocalTime_NoDigestIsDue()
    {
        // 08:59 in London in summer is 07:59 UTC.
        Assert.Null(NoticeDigest.DueOn(new TimeOnly(9, 0), null, London, new DateTimeOffset(2031, 7, 1, 7, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void AtTheChosenLocalTime_TodaysDigestIsDue_InThePersonsZone()
    {
        Assert.Equal(new DateOnly(2031, 7, 1), NoticeDigest.DueOn(new TimeOnly(9, 0), null, London, new DateTimeOffset(2031, 7, 1, 8, 0, 0, TimeSpan.Zero)));

        // 20:00 UTC on 1 July is 08:00 on 2 July in Auckland: the digest is for the Auckland date.
        Assert.Equal(new DateOnly(2031, 7, 2), NoticeDigest.DueOn(new TimeOnly(8, 0), new DateOnly(2031, 7, 1), Auckland, new DateTimeOffset(2031, 7, 1, 20, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void ADigestAlreadySentToday_IsNotDueAgain_UntilTomorrowsTime()
    {
        var sent = new DateOnly(2031, 7, 1);
        Assert.Null(NoticeDigest.DueOn(new TimeOnly(9, 0), sent, London, new DateTimeOffset(2031, 7, 1, 22, 0, 0, TimeSpan.Zero)));
        Assert.Null(NoticeDigest.DueOn(new TimeOnly(9, 0), sent, London, new DateTimeOffset(2031, 7, 2, 7, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2031, 7, 2), NoticeDigest.DueOn(new TimeOnly(9, 0), sent, London, new DateTimeOffset(2031, 7, 2, 8, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void AfterDaysWithoutASender_OneDigestIsDue_NotOnePerMissedDay()
    {
        var due = NoticeDigest.DueOn(new TimeOnly(9, 0), new DateOnly(2031, 6, 20), London, new DateTimeOffset(2031, 7, 1, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2031, 7, 1), due);
    }

    [Fact]
    public void NoTimeChosen_MeansEightInTheMorning()
    {
        Assert.Null(NoticeDigest.DueOn(null, null, London, new DateTimeOffset(2031, 1, 6, 7, 59, 0, TimeSpan.Zero)));
        Assert.NotNull(NoticeDigest.DueOn(null, null, London, new DateTimeOffset(2031, 1, 6, 8, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void TheSubject_CountsTheNotices()
    {
        Assert.Equal("Baton digest for Tue 1 Jul: 3 notices", NoticeDigest.Subject("Baton", new DateOnly(2031, 7, 1), 3));
        Assert.Equal("Baton digest for Tue 1 Jul: 1 notice", NoticeDigest.Subject("Baton", new DateOnly(2031, 7, 1), 1));
    }
}
