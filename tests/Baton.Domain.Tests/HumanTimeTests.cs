using Baton.Domain;

namespace Baton.Domain.Tests;

public sealed class HumanTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(45, "45 min")]
    [InlineData(60, "1 h")]
    [InlineData(27 * 60 + 30, "27 h 30 min")]
    [InlineData(47 * 60 + 59, "47 h 59 min")]
    [InlineData(48 * 60, "2 d")]
    [InlineData(652 * 60 + 46, "27 d 4 h")]
    public void Duration_CountsInDaysFromTwoDays(int minutes, string expected) =>
        Assert.Equal(expected, HumanTime.Duration(TimeSpan.FromMinutes(minutes)));

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(12, "12 min ago")]
    [InlineData(5 * 60 + 40, "5 h ago")]
    [InlineData(-40, "in 40 min")]
    [InlineData(-3 * 60, "in 3 h")]
    public void Relative_SaysRecentInstantsRelativeToNow(int minutesAgo, string expected) =>
        Assert.Equal(expected, HumanTime.Relative(Now.AddMinutes(-minutesAgo), Now));

    [Fact]
    public void Relative_IsNoneFromADayAway_WhereTheDateSaysMore()
    {
        Assert.Null(HumanTime.Relative(Now.AddHours(-24), Now));
        Assert.Null(HumanTime.Relative(Now.AddDays(3), Now));
    }

    [Theory]
    [InlineData(27 * 60 + 30, "27 h 30 min")]
    [InlineData(652 * 60 + 46, "652 h")]
    public void BusinessDurations_StayInHours_WithoutMinutesPastTwoDays(int minutes, string expected) =>
        Assert.Equal(expected, Baton.Domain.ServiceLevels.TicketSla.Human(TimeSpan.FromMinutes(minutes)));
}
