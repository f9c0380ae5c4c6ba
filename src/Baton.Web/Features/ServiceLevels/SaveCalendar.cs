using Baton.Domain;
using Baton.Domain.ServiceLevels;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.ServiceLevels;

/// <summary>What an administrator gives for a calendar, already read from the page's text or the API's JSON.</summary>
public sealed record CalendarChange(string Name, string TimeZoneId, IReadOnlyList<WorkingInterval> Hours, IReadOnlyList<Holiday> Holidays);

/// <summary>
/// Creates or edits a business calendar (the page and the API both call this). When the hours, holidays or zone of a
/// calendar change, the stored due instants of its open tickets are recomputed (<see cref="ClockRecompute"/>).
/// Bad input throws <see cref="DomainRuleException"/> naming the field; nothing is saved then.
/// </summary>
public static class SaveCalendar
{
    /// <summary>The saved calendar, or null when <paramref name="id"/> names no calendar.</summary>
    public static async Task<ServiceCalendar?> ExecuteAsync(BatonDb db, int? id, CalendarChange change, DateTimeOffset now, CancellationToken ct)
    {
        ServiceCalendar? calendar;
        string? engineBefore = null;
        if (id is { } calendarId)
        {
            calendar = await db.ServiceCalendars.AsTracking().SingleOrDefaultAsync(c => c.Id == calendarId, ct);
            if (calendar is null)
            {
                return null;
            }

            engineBefore = EngineKey(calendar);
            calendar.Update(change.Name, change.TimeZoneId, change.Hours, change.Holidays);
        }
        else
        {
            calendar = new ServiceCalendar(change.Name, change.TimeZoneId, change.Hours, change.Holidays);
            db.ServiceCalendars.Add(calendar);
        }

        await UniqueNames.SaveAsync(db, "calendar", calendar.Name,
            key => db.ServiceCalendars.Where(c => c.NameKey == key && c.Id != calendar.Id).Select(c => c.Name).FirstOrDefaultAsync(ct), ct);

        // A rename changes no clock; new hours, holidays or zone move the due instants of the calendar's open tickets.
        if (engineBefore is not null && engineBefore != EngineKey(calendar))
        {
            await ClockRecompute.ExecuteAsync(db, calendar.Id, calendar.ToBusinessCalendar(), now, ct);
        }

        return calendar;
    }

    private static string EngineKey(ServiceCalendar c) => $"{c.TimeZoneId}\n{c.HoursText}\n{c.HolidaysText}";
}
