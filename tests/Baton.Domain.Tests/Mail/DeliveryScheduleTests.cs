using Baton.Domain.Mail;

namespace Baton.Domain.Tests.Mail;

public sealed class DeliveryScheduleTests
{
    private static readonly DateTimeOffset Queued = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(40, 60)]
    public void TheWait_StartsAtAMinute_AndDoublesUpToAnHour(int failedAttempts, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), DeliverySchedule.WaitAfter(failedAttempts));

    [Fact]
    public void AFailureWithinTwoDays_IsTriedAgainAfterTheWait() =>
        Assert.Equal(Queued.AddMinutes(5), DeliverySchedule.NextAttempt(Queued, 2, Queued.AddMinutes(3)));

    [Fact]
    public void ATryThatWouldFallPastTwoDaysFromQueueing_IsNotScheduled_TheMessageHasFailed()
    {
        Assert.NotNull(DeliverySchedule.NextAttempt(Queued, 50, Queued.AddDays(2).AddHours(-1)));
        Assert.Null(DeliverySchedule.NextAttempt(Queued, 50, Queued.AddDays(2).AddMinutes(-30)));
    }

    [Fact]
    public void TheScheduleOverTwoDays_TriesAboutFiftyTimes_NotEveryFewSeconds()
    {
        var at = Queued;
        var tries = 0;
        for (DateTimeOffset? next = Queued; next is { } n; next = DeliverySchedule.NextAttempt(Queued, tries, at))
        {
            at = n;
            tries++;
        }

        Assert.InRange(tries, 50, 56);
    }
}
