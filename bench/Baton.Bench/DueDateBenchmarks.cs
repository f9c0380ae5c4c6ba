using BenchmarkDotNet.Attributes;
using Baton.Domain.ServiceLevels;

namespace Baton.Bench;

/// <summary>
/// Scenario "sla", micro-benchmarks: one <see cref="BusinessCalendar.Due(DateTimeOffset, TimeSpan)"/> or
/// <see cref="BusinessCalendar.Elapsed(DateTimeOffset, DateTimeOffset)"/> per operation, over a batch of pre-generated
/// random starts (October–December 2026: a daylight-saving change, Christmas and New Year), so that one call's own cost
/// is measured rather than the harness's. The yearly tables are warm: this is the steady state. The loops are written
/// out in each method rather than passed a delegate, so that an indirect call does not blur nanosecond results.
/// </summary>
[MemoryDiagnoser]
public class DueDateBenchmarks
{
    public const int Batch = 1_000;

    private static readonly TimeSpan[] TypicalTargets =
        [TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(8.5), TimeSpan.FromHours(25.5), TimeSpan.FromHours(42.5)];

    private BusinessCalendar _calendar = BusinessCalendar.AlwaysOpen;
    private DateTimeOffset[] _starts = [];
    private DateTimeOffset[] _ends = [];
    private TimeSpan[] _targets = [];
    private Pause[][] _pauses = [];

    [Params("business hours", "24×7")]
    public string Calendar { get; set; } = "";

    /// <summary>Europe/London, Mon–Fri 08:00–12:00 and 13:00–17:30, the English bank holidays of 2026–2027.</summary>
    public static BusinessCalendar LondonBusinessHours(params Holiday[] extraHolidays)
    {
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        return BusinessCalendar.Create(
            "London business hours",
            "Europe/London",
            weekdays.SelectMany(day => new[] { new WorkingInterval(day, 8 * 60, 12 * 60), new WorkingInterval(day, 13 * 60, (17 * 60) + 30) }),
            [
                new(new DateOnly(2026, 1, 1), true, "New Year's Day"),
                new(new DateOnly(2026, 4, 3), false, "Good Friday"),
                new(new DateOnly(2026, 4, 6), false, "Easter Monday"),
                new(new DateOnly(2026, 5, 4), false, "Early May bank holiday"),
                new(new DateOnly(2026, 5, 25), false, "Spring bank holiday"),
                new(new DateOnly(2026, 8, 31), false, "Summer bank holiday"),
                new(new DateOnly(2026, 12, 25), true, "Christmas Day"),
                new(new DateOnly(2026, 12, 28), false, "Boxing Day (substitute)"),
                new(new DateOnly(2027, 3, 26), false, "Good Friday"),
                new(new DateOnly(2027, 3, 29), false, "Easter Monday"),
                .. extraHolidays,
            ]);
    }

    [GlobalSetup]
    public void Setup()
    {
        _calendar = Calendar == "24×7" ? BusinessCalendar.AlwaysOpen : LondonBusinessHours();
        var random = new Random(42);
        var from = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        _starts = [.. Enumerable.Range(0, Batch).Select(_ => from.AddMinutes(random.Next(0, 92 * 24 * 60)))];
        _ends = [.. _starts.Select(s => s.AddMinutes(random.Next(0, 10 * 24 * 60)))];
        _targets = [.. _starts.Select(_ => TypicalTargets[random.Next(TypicalTargets.Length)])];
        _pauses = [.. _starts.Select(s => new[]
        {
            new Pause(s.AddHours(random.Next(0, 48)), s.AddHours(random.Next(48, 96))),
            new Pause(s.AddHours(random.Next(96, 120)), s.AddHours(random.Next(120, 200))),
        })];

        // Build the yearly tables now: the benchmarks measure the steady state, not the first call of a year.
        foreach (var start in _starts)
        {
            _calendar.Due(start, TimeSpan.FromHours(100));
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public long Due_30_minutes() => DueFor(TimeSpan.FromMinutes(30));

    [Benchmark(OperationsPerInvoke = Batch)]
    public long Due_8_hours() => DueFor(TimeSpan.FromHours(8));

    [Benchmark(OperationsPerInvoke = Batch)]
    public long Due_5_business_days() => DueFor(TimeSpan.FromHours(42.5));

    /// <summary>30 min, 1 h, 4 h, 1, 3 or 5 business days, mixed as a queue of tickets would be.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long Due_typical_mix()
    {
        var sum = 0L;
        for (var i = 0; i < _starts.Length; i++)
        {
            sum += _calendar.Due(_starts[i], _targets[i]).UtcTicks;
        }

        return sum;
    }

    /// <summary>The typical mix again, each ticket with two pauses.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long Due_typical_mix_with_two_pauses()
    {
        var sum = 0L;
        for (var i = 0; i < _starts.Length; i++)
        {
            sum += _calendar.Due(_starts[i], _targets[i], _pauses[i]).UtcTicks;
        }

        return sum;
    }

    /// <summary>Business time between a start and an instant up to ten days later.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long Elapsed_up_to_10_days()
    {
        var sum = 0L;
        for (var i = 0; i < _starts.Length; i++)
        {
            sum += _calendar.Elapsed(_starts[i], _ends[i]).Ticks;
        }

        return sum;
    }

    private long DueFor(TimeSpan target)
    {
        var sum = 0L;
        foreach (var start in _starts)
        {
            sum += _calendar.Due(start, target).UtcTicks;
        }

        return sum;
    }
}
