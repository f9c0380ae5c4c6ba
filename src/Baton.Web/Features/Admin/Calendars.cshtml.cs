using Baton.Domain;
using Baton.Domain.ServiceLevels;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>
/// Business calendars: when SLA clocks run. Editing the hours, holidays or zone of a calendar recomputes the due
/// instants of the open tickets on it. The built-in 24×7 calendar is listed but cannot be edited.
/// </summary>
public sealed class CalendarsModel(BatonDb db, TimeProvider clock) : PageModel
{
    public sealed record CalendarInput
    {
        public int? Id { get; set; }
        public string? Name { get; set; }
        public string? TimeZoneId { get; set; }
        public string? Hours { get; set; }
        public string? Holidays { get; set; }
    }

    public sealed record CalendarRow(int Id, string Name, string TimeZoneId, bool IsBuiltIn, string Hours, int Holidays, int Policies);

    /// <summary>The create form, or the edit form of the calendar chosen with ?edit=.</summary>
    [BindProperty]
    public CalendarInput Input { get; set; } = new() { TimeZoneId = "Europe/London", Hours = "Mon-Fri 09:00-17:30" };

    public List<CalendarRow> Calendars { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (edit is not null)
        {
            var calendar = await db.ServiceCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == edit && !c.IsBuiltIn, ct);
            if (calendar is null)
            {
                return NotFound();
            }

            Input = new CalendarInput
            {
                Id = calendar.Id, Name = calendar.Name, TimeZoneId = calendar.TimeZoneId, Hours = string.Join('\n', DayRanges(ServiceCalendar.ParseHours(calendar.HoursText))),
                Holidays = calendar.HolidaysText,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Input));
        if (ModelState.HasBindingErrors(nameof(Input)))
        {
            return await RedisplayAsync(ct);
        }

        // Read both texts first, so a mistake in each is shown at once.
        IReadOnlyList<WorkingInterval> hours = [];
        IReadOnlyList<Holiday> holidays = [];
        try
        {
            hours = ServiceCalendar.ParseHours(Input.Hours);
        }
        catch (Exception e) when (this.Refused(nameof(Input), e))
        {
        }

        try
        {
            holidays = ServiceCalendar.ParseHolidays(Input.Holidays);
        }
        catch (Exception e) when (this.Refused(nameof(Input), e))
        {
        }

        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(ct);
        }

        ServiceCalendar? calendar;
        try
        {
            calendar = await SaveCalendar.ExecuteAsync(db, Input.Id, new CalendarChange(Input.Name ?? "", Input.TimeZoneId ?? "", hours, holidays), clock.GetUtcNow(), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Before the runner's own sentence: this form keeps what was typed, so it is not "reloaded below".
            ModelState.AddModelError(nameof(Input), "Someone else changed this calendar while you edited it. Reload the page, check their change, and try again.");
            return await RedisplayAsync(ct);
        }
        catch (Exception e) when (this.Refused(nameof(Input), e))
        {
            return await RedisplayAsync(ct);
        }

        if (calendar is null)
        {
            return NotFound();
        }

        TempData["Flash"] = Input.Id is null ? $"Calendar {calendar.Name} created." : $"Calendar {calendar.Name} saved; its open tickets follow the new hours.";
        return RedirectToPage();
    }

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var policies = await db.SlaPolicies.AsNoTracking().GroupBy(p => p.CalendarId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        Calendars = (await db.ServiceCalendars.AsNoTracking().OrderByDescending(c => c.IsBuiltIn).ThenBy(c => c.Name).ToListAsync(ct))
            .Select(c => new CalendarRow(c.Id, c.Name, c.TimeZoneId, c.IsBuiltIn,
                c.IsBuiltIn ? "Every day, all day" : string.Join(", ", DayRanges(ServiceCalendar.ParseHours(c.HoursText))),
                c.HolidaysText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length,
                policies.FirstOrDefault(p => p.Key == c.Id)?.Count ?? 0))
            .ToList();
    }

    /// <summary>
    /// The hours the way people write them, and the way <see cref="ServiceCalendar.ParseHours"/> reads them back:
    /// days with the same interval in a row become a range ("Mon-Fri 08:00-12:00").
    /// </summary>
    public static IEnumerable<string> DayRanges(IEnumerable<WorkingInterval> hours)
    {
        static int MondayFirst(DayOfWeek d) => ((int)d + 6) % 7;
        static string Day(DayOfWeek d) => d.ToString()[..3];
        foreach (var same in hours.GroupBy(h => (h.StartMinute, h.EndMinute)).OrderBy(g => g.Min(h => MondayFirst(h.Day))).ThenBy(g => g.Key.StartMinute))
        {
            var days = same.Select(h => h.Day).Distinct().OrderBy(MondayFirst).ToList();
            var times = $"{ServiceCalendar.Clock(same.Key.StartMinute)}-{ServiceCalendar.Clock(same.Key.EndMinute)}";
            for (var i = 0; i < days.Count;)
            {
                var j = i;
                while (j + 1 < days.Count && MondayFirst(days[j + 1]) == MondayFirst(days[j]) + 1)
                {
                    j++;
                }

                yield return (i == j ? Day(days[i]) : $"{Day(days[i])}-{Day(days[j])}") + " " + times;
                i = j + 1;
            }
        }
    }
}
