namespace Baton.Domain.Mail;

/// <summary>
/// When an outgoing message that a mail server refused is tried again: one minute after the first failure, doubling up
/// to an hour between tries, for two days from when it was queued; after that it is failed for good (README "Mail").
/// </summary>
public static class DeliverySchedule
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(2);

    /// <summary>How long to wait after the given failed attempt (1 = the first).</summary>
    public static TimeSpan WaitAfter(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var doublings = Math.Min(failedAttempts - 1, 16); // 2^6 minutes is already past the hour
        var wait = TimeSpan.FromTicks(FirstRetry.Ticks << doublings);
        return wait < LongestWait ? wait : LongestWait;
    }

    /// <summary>The next try after a failure at <paramref name="failedAt"/>, or null when the message has had its two days.</summary>
    public static DateTimeOffset? NextAttempt(DateTimeOffset queuedAt, int failedAttempts, DateTimeOffset failedAt)
    {
        var next = failedAt + WaitAfter(failedAttempts);
        return next - queuedAt > GiveUpAfter ? null : next;
    }
}
