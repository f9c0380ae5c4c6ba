using Baton.Domain.ServiceLevels;
using static Baton.Domain.Tests.ServiceLevels.Calendars;

namespace Baton.Domain.Tests.ServiceLevels;

public sealed class CreatingABusinessCalendarTests
{
    private static readonly WorkingInterval[] NineToFive = Weekdays((9 * 60, 17 * 60));

    private static DomainRuleException Rejected(
        string name = "Office", string timeZoneId = "Europe/London", WorkingInterval[]? hours = null, Holiday[]? holidays = null) =>
        Assert.Throws<DomainRuleException>(() => BusinessCalendar.Create(name, timeZoneId, hours ?? NineToFive, holidays ?? []));

    [Fact]
    public void Create_keeps_the_hours_sorted_by_day_and_start_and_the_holidays_as_given()
    {
        var christmas = new Holiday(new DateOnly(2026, 12, 25), true, "Christmas Day");

        var calendar = BusinessCalendar.Create(
            " UK office ",
            "Europe/London",
            [new(DayOfWeek.Monday, 13 * 60, 17 * 60), new(DayOfWeek.Sunday, 600, 660), new(DayOfWeek.Monday, 8 * 60, 12 * 60)],
            [christmas]);

        Assert.Equal("UK office", calendar.Name);
        Assert.Equal("Europe/London", calendar.TimeZoneId);
        Assert.False(calendar.IsAlwaysOpen);
        Assert.Equal(
            [new(DayOfWeek.Sunday, 600, 660), new(DayOfWeek.Monday, 8 * 60, 12 * 60), new WorkingInterval(DayOfWeek.Monday, 13 * 60, 17 * 60)],
            calendar.Hours);
        Assert.Equal([christmas], calendar.Holidays);
    }

    [Fact]
    public void Create_accepts_intervals_that_touch()
    {
        var calendar = BusinessCalendar.Create(
            "Split shift", "UTC", [new(DayOfWeek.Monday, 8 * 60, 12 * 60), new(DayOfWeek.Monday, 12 * 60, 13 * 60)], []);

        Assert.Equal(TimeSpan.FromHours(5), calendar.Elapsed(At("2026-01-12 00:00 +00:00"), At("2026-01-13 00:00 +00:00")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_without_a_name_is_rejected_naming_the_name(string name)
    {
        var e = Rejected(name: name);

        Assert.Equal("name", e.Field);
        Assert.Contains("needs a name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_with_a_name_too_long_is_rejected_naming_the_name()
    {
        var e = Rejected(name: new string('x', BusinessCalendar.NameMaxLength + 1));

        Assert.Equal("name", e.Field);
        Assert.Contains($"at most {BusinessCalendar.NameMaxLength} characters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_with_an_unknown_time_zone_is_rejected_suggesting_an_iana_id()
    {
        var e = Rejected(timeZoneId: "Europe/Lndon");

        Assert.Equal("timeZoneId", e.Field);
        Assert.Equal("Unknown time zone 'Europe/Lndon'; use an IANA id such as Europe/London.", e.Message);
    }

    [Fact]
    public void Create_without_a_time_zone_is_rejected_naming_the_time_zone()
    {
        var e = Rejected(timeZoneId: " ");

        Assert.Equal("timeZoneId", e.Field);
        Assert.Contains("IANA id such as Europe/London", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_with_an_interval_that_ends_before_it_starts_is_rejected_suggesting_two_intervals()
    {
        var e = Rejected(hours: [new(DayOfWeek.Friday, 22 * 60, 6 * 60)]);

        Assert.Equal("hours", e.Field);
        Assert.Equal(
            "Friday 22:00–06:00 ends before it starts; split time that runs past midnight into two intervals: "
            + "Friday 22:00–24:00 and Saturday 00:00–06:00.",
            e.Message);
    }

    [Fact]
    public void Create_with_an_empty_interval_is_rejected_naming_the_hours()
    {
        var e = Rejected(hours: [new(DayOfWeek.Monday, 9 * 60, 9 * 60)]);

        Assert.Equal("hours", e.Field);
        Assert.Equal("Monday 09:00–09:00 is empty; give it an end after its start, or remove it.", e.Message);
    }

    [Theory]
    [InlineData(-1, 600)]
    [InlineData(600, 1441)]
    [InlineData(1440, 1500)]
    public void Create_with_minutes_outside_the_day_is_rejected_naming_the_hours(int start, int end)
    {
        var e = Rejected(hours: [new(DayOfWeek.Monday, start, end)]);

        Assert.Equal("hours", e.Field);
        Assert.Contains("minutes run from 0 (00:00) to 1440 (24:00)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_with_a_day_that_is_not_a_weekday_is_rejected_naming_the_hours()
    {
        var e = Rejected(hours: [new((DayOfWeek)7, 600, 660)]);

        Assert.Equal("hours", e.Field);
        Assert.Contains("use Sunday to Saturday", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_with_overlapping_intervals_on_one_day_is_rejected_naming_the_day_and_both_intervals()
    {
        var e = Rejected(hours: [new(DayOfWeek.Monday, 11 * 60, 13 * 60), new(DayOfWeek.Monday, 8 * 60, 12 * 60)]);

        Assert.Equal("hours", e.Field);
        Assert.Equal("Monday 08:00–12:00 overlaps 11:00–13:00; intervals on the same day may touch but not overlap.", e.Message);
    }

    [Fact]
    public void Create_with_the_same_interval_twice_is_rejected_as_an_overlap()
    {
        var e = Rejected(hours: [.. NineToFive, new(DayOfWeek.Wednesday, 9 * 60, 17 * 60)]);

        Assert.Equal("hours", e.Field);
        Assert.StartsWith("Wednesday 09:00–17:00 overlaps 09:00–17:00", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_without_any_working_time_is_rejected_naming_the_hours()
    {
        var e = Rejected(hours: []);

        Assert.Equal("hours", e.Field);
        Assert.Contains("no working time in the week; add at least one interval", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<Holiday, Holiday> DuplicatedHolidays => new()
    {
        // The same fixed date twice.
        { new(new DateOnly(2026, 4, 3), false, "Good Friday"), new(new DateOnly(2026, 4, 3), false, "Bank holiday") },
        // Two recurring holidays on the same month and day, whatever the year written.
        { new(new DateOnly(2026, 12, 25), true, "Christmas Day"), new(new DateOnly(2030, 12, 25), true, "Christmas") },
        // A fixed date that a recurring holiday already closes.
        { new(new DateOnly(2026, 12, 25), true, "Christmas Day"), new(new DateOnly(2027, 12, 25), false, "Christmas 2027") },
        { new(new DateOnly(2027, 12, 25), false, "Christmas 2027"), new(new DateOnly(2026, 12, 25), true, "Christmas Day") },
    };

    [Theory]
    [MemberData(nameof(DuplicatedHolidays))]
    public void Create_with_a_holiday_twice_is_rejected_naming_both(Holiday first, Holiday second)
    {
        var e = Rejected(holidays: [first, second]);

        Assert.Equal("holidays", e.Field);
        Assert.Contains($"'{second.Name}'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"duplicates '{first.Name}'", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("remove one of them.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_with_holidays_on_different_days_of_the_same_date_pattern_is_accepted()
    {
        // A recurring 29 February and a fixed 28 February 2027 close different days.
        var calendar = BusinessCalendar.Create("Office", "UTC", NineToFive,
            [new(new DateOnly(2028, 2, 29), true, "Leap day"), new(new DateOnly(2027, 2, 28), false, "Last of February")]);

        Assert.Equal(2, calendar.Holidays.Count);
    }

    [Fact]
    public void Create_with_a_nameless_holiday_is_rejected_naming_the_holidays()
    {
        var e = Rejected(holidays: [new(new DateOnly(2026, 12, 25), true, " ")]);

        Assert.Equal("holidays", e.Field);
        Assert.Equal("The holiday every 25 December needs a name, e.g. Christmas Day.", e.Message);
    }

    [Fact]
    public void Due_with_a_negative_target_is_rejected_naming_the_target()
    {
        var e = Assert.Throws<DomainRuleException>(() => LondonOffice.Due(At("2026-01-12 09:00 +00:00"), TimeSpan.FromMinutes(-1)));

        Assert.Equal("businessTime", e.Field);
        Assert.Contains("cannot be negative", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pause_that_ends_before_it_starts_is_rejected_naming_the_pauses()
    {
        var backwards = new Pause(At("2026-01-12 10:00 +00:00"), At("2026-01-12 09:00 +00:00"));

        var e = Assert.Throws<DomainRuleException>(() => LondonOffice.Elapsed(At("2026-01-12 08:00 +00:00"), At("2026-01-12 17:00 +00:00"), [backwards]));

        Assert.Equal("pauses", e.Field);
        Assert.StartsWith("A pause cannot end (2026-01-12T09:00:00.0000000+00:00) before it starts", e.Message, StringComparison.Ordinal);
    }
}
