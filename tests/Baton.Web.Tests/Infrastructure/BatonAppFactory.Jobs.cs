using Baton.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Baton.Web.Tests.Infrastructure;

public sealed partial class BatonAppFactory
{
    /// <summary>The running background job of type <typeparamref name="TJob"/>.</summary>
    public TJob Job<TJob>()
        where TJob : RecurringJobService => Services.GetServices<IHostedService>().OfType<TJob>().Single();

    /// <summary>
    /// Waits until <typeparamref name="TJob"/> has finished a round that began at or after <paramref name="instant"/>
    /// (on a <see cref="SettableClock.WithFakeTimers"/> clock, move the clock past the next tick first). After it, the
    /// job has seen everything written before: "nothing happened" is then a fact, not a guess after a sleep.
    /// </summary>
    public Task RoundAsync<TJob>(DateTimeOffset instant)
        where TJob : RecurringJobService
    {
        var job = Job<TJob>();
        return Eventually.HoldsAsync(() => job.LastRoundAt >= instant, $"a {typeof(TJob).Name} round at or after {instant:O} (last: {job.LastRoundAt:O})");
    }

    /// <summary>Moves the fake-timer <paramref name="clock"/> by <paramref name="interval"/> (the job's) and waits for that round.</summary>
    public Task NextRoundAsync<TJob>(SettableClock clock, TimeSpan interval)
        where TJob : RecurringJobService
    {
        Assert.True(clock.FakeTimers, "NextRoundAsync needs a clock with fake timers (SettableClock.WithFakeTimers).");
        clock.Advance(interval);
        return RoundAsync<TJob>(clock.Now);
    }
}
