using Microsoft.Extensions.Time.Testing;

namespace Baton.Web.Tests.Infrastructure;

/// <summary>
/// A clock a test sets and moves by hand, on <see cref="FakeTimeProvider"/>. Two kinds:
/// <list type="bullet">
/// <item>"Now" only (<see cref="StartingNow"/>, <c>new SettableClock(start)</c>): timers (the background jobs'
/// <see cref="PeriodicTimer"/>) still run in real time, so a job configured to run hourly never runs during a test, and a
/// test runs a job itself with the instant it wants. The clock may be set backwards.</item>
/// <item>Fake timers (<see cref="WithFakeTimers"/>, <see cref="StartingNowWithFakeTimers"/>): timers fire only when the
/// test moves the clock past them, so a job test moves the clock one interval and waits for that round
/// (<see cref="BatonAppFactory.RoundAsync{TJob}"/>) instead of sleeping. Time only goes forward.</item>
/// </list>
/// Stopwatch timestamps stay real in both (time-outs and caches in the host keep working).
/// </summary>
public sealed class SettableClock : TimeProvider
{
    private readonly FakeTimeProvider _fake;

    public SettableClock(DateTimeOffset start)
        : this(start, fakeTimers: false)
    {
    }

    private SettableClock(DateTimeOffset start, bool fakeTimers)
    {
        _fake = new FakeTimeProvider(start);
        FakeTimers = fakeTimers;
    }

    /// <summary>True when the host's timers fire on this clock's time, not the machine's.</summary>
    public bool FakeTimers { get; }

    public DateTimeOffset Now => _fake.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    /// <summary>Moves the clock to <paramref name="instant"/>; with fake timers, the timers it passes fire (and it may not go back).</summary>
    public void Set(DateTimeOffset instant)
    {
        if (FakeTimers)
        {
            _fake.SetUtcNow(instant); // throws when going back: a timer cannot be un-fired
        }
        else
        {
            _fake.AdjustTime(instant);
        }
    }

    public void Advance(TimeSpan by) => Set(Now + by);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        FakeTimers ? _fake.CreateTimer(callback, state, dueTime, period) : System.CreateTimer(callback, state, dueTime, period);

    /// <summary>A clock whose timers fire only when the test moves it.</summary>
    public static SettableClock WithFakeTimers(DateTimeOffset start) => new(start, fakeTimers: true);

    /// <summary>A start on a whole second (PostgreSQL keeps microseconds, SQLite ticks: a round instant reads back equal on both).</summary>
    public static SettableClock StartingNow() => new(WholeSecondNow());

    /// <summary><see cref="StartingNow"/> with fake timers.</summary>
    public static SettableClock StartingNowWithFakeTimers() => WithFakeTimers(WholeSecondNow());

    private static DateTimeOffset WholeSecondNow()
    {
        var now = System.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
