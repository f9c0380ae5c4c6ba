using System.Globalization;
using Baton.Domain.ServiceLevels;
using static Baton.Domain.Tests.ServiceLevels.Calendars;

namespace Baton.Domain.Tests.ServiceLevels;

/// <summary>
/// Laws that hold for every calendar, start and target, checked on thousands of generated cases with fixed seeds so
/// that a failure reproduces; each failure message prints the calendar and the case.
/// </summary>
public sealed class BusinessCalendarPropertyTests
{
    private const int Seed = 20_261_122;
    private const int Cases = 3_000;

    private static readonly DateTimeOffset RangeStart = At("2025-12-01 00:00 +00:00");
    private static readonly DateTimeOffset RangeEnd = At("2028-12-31 00:00 +00:00");

    /// <summary>Generated calendars in zones with and without daylight saving (and odd offsets), plus the hand-made ones.</summary>
    private static readonly BusinessCalendar[] AllCalendars =
    [
        .. Enumerable.Range(0, 10).Select(GeneratedCalendars.Generate),
        .. ByName.Values,
    ];

    [Fact]
    public void Elapsed_from_the_start_to_due_is_the_target()
    {
        var random = new Random(Seed);
        for (var i = 0; i < Cases; i++)
        {
            var (calendar, start, target) = (Pick(random), AnyInstant(random), AnyTarget(random));

            var due = calendar.Due(start, target);

            Check(calendar.Elapsed(start, due) == target, calendar, () => $"start {start:O}, target {target}, due {due:O}");
            Check(due.Offset == TimeSpan.Zero, calendar, () => $"start {start:O}, target {target}: due {due:O} is not UTC");
        }
    }

    [Fact]
    public void Due_never_moves_earlier_as_the_target_grows()
    {
        var random = new Random(Seed + 1);
        for (var i = 0; i < Cases; i++)
        {
            var (calendar, start) = (Pick(random), AnyInstant(random));
            var (shorter, longer) = Ordered(AnyTarget(random), AnyTarget(random));

            Check(calendar.Due(start, shorter) <= calendar.Due(start, longer), calendar, () => $"start {start:O}, targets {shorter} and {longer}");
        }
    }

    [Fact]
    public void Due_of_two_targets_added_is_due_of_one_after_the_other()
    {
        var random = new Random(Seed + 2);
        for (var i = 0; i < Cases; i++)
        {
            var (calendar, start, first, second) = (Pick(random), AnyInstant(random), AnyTarget(random), AnyTarget(random));

            var together = calendar.Due(start, first + second);
            var inTurn = calendar.Due(calendar.Due(start, first), second);

            Check(together == inTurn, calendar, () => $"start {start:O}, targets {first} + {second}: {together:O} vs {inTurn:O}");
        }
    }

    [Fact]
    public void Elapsed_over_two_adjacent_ranges_adds_up_and_never_exceeds_the_wall_time()
    {
        var random = new Random(Seed + 3);
        for (var i = 0; i < Cases; i++)
        {
            var calendar = Pick(random);
            var instants = new[] { AnyInstant(random), AnyInstant(random), AnyInstant(random) };
            Array.Sort(instants);
            var (a, b, c) = (instants[0], instants[1], instants[2]);
            // Ranges of realistic length too, not only ones spanning years.
            c = c - a > TimeSpan.FromDays(40) ? b.AddHours(random.Next(0, 24 * 20)) : c;

            var (ab, bc, ac) = (calendar.Elapsed(a, b), calendar.Elapsed(b, c), calendar.Elapsed(a, c));

            Check(ab + bc == ac, calendar, () => $"{a:O} .. {b:O} .. {c:O}: {ab} + {bc} != {ac}");
            Check(ab <= b - a && ab >= TimeSpan.Zero, calendar, () => $"{a:O} .. {b:O}: {ab} is more than the wall time");
        }
    }

    [Fact]
    public void A_pause_on_a_24x7_calendar_moves_due_by_exactly_its_length()
    {
        var random = new Random(Seed + 4);
        var calendar = BusinessCalendar.AlwaysOpen;
        for (var i = 0; i < Cases; i++)
        {
            var (start, target) = (AnyInstant(random), AnyTarget(random) + TimeSpan.FromTicks(1));
            var due = calendar.Due(start, target);
            var pauseStart = start + TimeSpan.FromTicks(Math.Min((long)((due - start).Ticks * random.NextDouble()), (due - start).Ticks - 1));
            var length = TimeSpan.FromMinutes(random.Next(0, 60 * 24 * 10));

            var paused = calendar.Due(start, target, [new Pause(pauseStart, pauseStart + length)]);

            Check(paused == due + length, calendar, () => $"start {start:O}, target {target}, pause {pauseStart:O} for {length}: {paused:O}");
        }
    }

    [Fact]
    public void A_pause_entirely_in_closed_time_changes_nothing()
    {
        var random = new Random(Seed + 5);
        var checkedCases = 0;
        while (checkedCases < Cases)
        {
            var (calendar, closedAt) = (Pick(random), AnyInstant(random));
            if (calendar.IsOpen(closedAt))
            {
                continue;
            }

            // From a closed instant to the next opening (the instant one tick of business time starts from).
            var nextOpening = calendar.Due(closedAt, TimeSpan.FromTicks(1)).AddTicks(-1);
            var pause = new Pause(closedAt, closedAt + ((nextOpening - closedAt) * random.NextDouble()));
            var (start, target) = (closedAt.AddDays(-random.Next(0, 10)).AddMinutes(random.Next(0, 1440)), AnyTarget(random));
            var end = start + (target * 2);

            Check(calendar.Due(start, target, [pause]) == calendar.Due(start, target), calendar,
                () => $"start {start:O}, target {target}, pause {pause.Start:O}–{pause.End:O}");
            Check(calendar.Elapsed(start, end, [pause]) == calendar.Elapsed(start, end), calendar,
                () => $"{start:O} .. {end:O}, pause {pause.Start:O}–{pause.End:O}");
            checkedCases++;
        }
    }

    [Fact]
    public void Elapsed_with_pauses_up_to_due_with_the_same_pauses_is_the_target()
    {
        var random = new Random(Seed + 6);
        for (var i = 0; i < Cases; i++)
        {
            var (calendar, start, target) = (Pick(random), AnyInstant(random), AnyTarget(random));
            var pauses = Enumerable.Range(0, random.Next(0, 4)).Select(_ =>
            {
                var pauseStart = start.AddMinutes(random.Next(-600, 60 * 24 * 14));
                return new Pause(pauseStart, pauseStart.AddMinutes(random.Next(0, 60 * 24 * 3)));
            }).ToArray();

            var due = calendar.Due(start, target, pauses);
            var elapsed = calendar.Elapsed(start, due, pauses);

            Check(elapsed == target, calendar,
                () => $"start {start:O}, target {target}, pauses {string.Join(", ", pauses.Select(p => $"{p.Start:O}–{p.End:O}"))}: due {due:O}, elapsed {elapsed}");
            Check(elapsed <= calendar.Elapsed(start, due), calendar, () => $"start {start:O}, due {due:O}: pauses added time");
        }
    }

    public static TheoryData<string> ReferenceWindows => ["2026-03-01", "2026-09-20", "2026-12-15", "2028-02-10"];

    /// <summary>
    /// Windows around the daylight-saving changes of 2026 in both hemispheres, New Year, and the leap day of 2028. The
    /// engine and the minute-by-minute reference must agree on every minute's openness and every generated case.
    /// </summary>
    [Theory]
    [MemberData(nameof(ReferenceWindows))]
    public void The_precomputed_answers_equal_a_minute_by_minute_count(string windowStart)
    {
        const int windowMinutes = 40 * 24 * 60;
        var random = new Random(Seed + DateOnly.Parse(windowStart, CultureInfo.InvariantCulture).DayNumber);
        var skipped = 0;
        foreach (var calendar in AllCalendars)
        {
            var reference = new MinuteByMinuteCalendar(
                calendar, DateTime.Parse(windowStart, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), windowMinutes);
            for (var m = 0; m < windowMinutes; m += 7)
            {
                var at = reference.Instant(m);
                Check(calendar.IsOpen(at) == reference.IsOpen(m), calendar, () => $"IsOpen({at:O}) should be {reference.IsOpen(m)}");
            }

            var weeklyOpenMinutes = reference.Elapsed(0, 7 * 24 * 60);
            for (var i = 0; i < 60; i++)
            {
                var startMinute = random.Next(0, windowMinutes / 2);
                var target = random.Next(0, Math.Max(1, weeklyOpenMinutes * 3 / 2));
                var expected = reference.Due(startMinute, target);
                if (expected is null)
                {
                    skipped++;
                    continue;
                }

                var start = reference.Instant(startMinute);
                var due = calendar.Due(start, TimeSpan.FromMinutes(target));
                Check(due == reference.Instant(expected.Value), calendar,
                    () => $"Due({start:O}, {target} min) = {due:O}, minute by minute {reference.Instant(expected.Value):O}");

                var (from, to) = Ordered(random.Next(0, windowMinutes), random.Next(0, windowMinutes));
                var elapsed = calendar.Elapsed(reference.Instant(from), reference.Instant(to));
                Check(elapsed == TimeSpan.FromMinutes(reference.Elapsed(from, to)), calendar,
                    () => $"Elapsed({reference.Instant(from):O}, {reference.Instant(to):O}) = {elapsed}, minute by minute {reference.Elapsed(from, to)} min");
            }
        }

        Assert.True(skipped < AllCalendars.Length * 60 / 4, $"{skipped} cases ran past the window; widen it");
    }

    private static BusinessCalendar Pick(Random random) => AllCalendars[random.Next(AllCalendars.Length)];

    /// <summary>Any tick between December 2025 and the end of 2028; every fourth one on a whole minute.</summary>
    private static DateTimeOffset AnyInstant(Random random)
    {
        var instant = RangeStart + ((RangeEnd - RangeStart) * random.NextDouble());
        var offset = TimeSpan.FromMinutes(random.Next(-12 * 4, 14 * 4) * 15);
        instant = random.Next(4) == 0 ? instant.AddTicks(-(instant.UtcTicks % TimeSpan.TicksPerMinute)) : instant;
        return instant.ToOffset(offset);
    }

    /// <summary>Zero, whole minutes from 30 min to 5 business days, now and then a few weeks, or any tick count.</summary>
    private static TimeSpan AnyTarget(Random random) => random.Next(10) switch
    {
        0 => TimeSpan.Zero,
        1 => TimeSpan.FromMinutes(random.Next(0, 60 * 24 * 40)),
        2 => TimeSpan.FromTicks(random.NextInt64(0, TimeSpan.TicksPerDay * 3)),
        _ => TimeSpan.FromMinutes(random.Next(30, 60 * 8 * 5)),
    };

    private static (T Low, T High) Ordered<T>(T a, T b) where T : IComparable<T> => a.CompareTo(b) <= 0 ? (a, b) : (b, a);

    /// <summary>Fails with the case and the calendar spelled out; the message is built only on failure.</summary>
    private static void Check(bool holds, BusinessCalendar calendar, Func<string> failedCase)
    {
        if (!holds)
        {
            Assert.Fail($"{failedCase()}\ncalendar: {GeneratedCalendars.Describe(calendar)}");
        }
    }
}
