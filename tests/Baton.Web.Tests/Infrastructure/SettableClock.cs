namespace Baton.Web.Tests.Infrastructure;

/// <summary>
/// A clock a test sets and moves by hand. Only "now" is fake: timers (PeriodicTimer, Task.Delay) still run in real
/// time, so a background job wakes as configured and reads the test's instant.
/// </summary>
public sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public DateTimeOffset Now => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Set(DateTimeOffset instant) => Interlocked.Exchange(ref _utcTicks, instant.UtcTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);

    /// <summary>A start on a whole second (PostgreSQL keeps microseconds, SQLite ticks: a round instant reads back equal on both).</summary>
    public static SettableClock StartingNow()
    {
        var now = System.GetUtcNow();
        return new SettableClock(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
    }
}
