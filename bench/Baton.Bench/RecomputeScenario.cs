using System.Diagnostics;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Bench;

/// <summary>
/// Scenario "recompute": N open tickets with clocks on an office-hours calendar in a SQLite file migrated by Baton;
/// the calendar gains a holiday and <see cref="ClockRecompute"/> (what the calendar page runs) recomputes every
/// ticket's stored due and warning instants. Measures the wall time of that, the engine and the database together.
/// </summary>
internal static class RecomputeScenario
{
    /// <param name="Change">"holiday" (a day off added: only clocks running across it move) or "hours" (the working day ends 30 minutes earlier: every clock moves).</param>
    public sealed record Options(long Tickets, string Change);

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var dir = Workspace.NewTempDirectory("recompute");
        var services = new ServiceCollection();
        services.AddBatonDatabase(new ConfigurationBuilder().Build(), dir);
        await using var provider = services.BuildServiceProvider();
        try
        {
            int calendarId, policyId;
            using (var scope = provider.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
                await DatabaseSetup.MigrateAsync(db, ct);
                var office = new ServiceCalendar("Office", "Europe/London", ServiceCalendar.ParseHours("Mon-Fri 08:00-12:00, Mon-Fri 13:00-17:30"), []);
                db.ServiceCalendars.Add(office);
                await db.SaveChangesAsync(ct);
                var policy = new SlaPolicy("Office", office.Id, 75, [TicketStatus.AwaitingCustomer], ServiceLevelDefaults.StandardTargets);
                db.SlaPolicies.Add(policy);
                await db.SaveChangesAsync(ct);
                (calendarId, policyId) = (office.Id, policy.Id);
            }

            SqliteConnection.ClearAllPools();
            Console.WriteLine($"Filling {o.Tickets:N0} tickets …");
            await QueueData.FillAsync(Path.Combine(dir, "baton.db"), o.Tickets, ct);
            await OpenWithClocksAsync(Path.Combine(dir, "baton.db"), calendarId, policyId, ct);

            using (var scope = provider.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
                var calendar = await db.ServiceCalendars.SingleAsync(c => c.Id == calendarId, ct);
                if (o.Change == "hours")
                {
                    calendar.Update(calendar.Name, calendar.TimeZoneId, ServiceCalendar.ParseHours("Mon-Fri 08:00-12:00, Mon-Fri 13:00-17:00"), []);
                }
                else
                {
                    calendar.Update(calendar.Name, calendar.TimeZoneId, ServiceCalendar.ParseHours(calendar.HoursText), ServiceCalendar.ParseHolidays("2025-12-24 Christmas Eve (office closed)"));
                }

                await db.SaveChangesAsync(ct);

                Console.WriteLine($"Recomputing … ({Machine.Load()})");
                var wall = Stopwatch.StartNew();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var count = await ClockRecompute.ExecuteAsync(db, calendarId, calendar.ToBusinessCalendar(), TimeProvider.System.GetUtcNow(), ct);
                wall.Stop();
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

                var table = new MarkdownTable("open tickets recomputed", "wall time s", "tickets/s", "CPU s", "memory after MiB");
                table.Add(Format.N(count), wall.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), Format.N(count / wall.Elapsed.TotalSeconds),
                    cpu.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), Format.N(GC.GetTotalMemory(false) / 1024.0 / 1024.0));
                Console.WriteLine();
                Console.WriteLine(o.Change == "hours"
                    ? "### Recomputing stored clocks after a calendar edit (SQLite, office hours shortened: every clock moves)"
                    : "### Recomputing stored clocks after a calendar edit (SQLite, office hours, one holiday added)");
                Console.WriteLine();
                Console.Write(table);
                Console.WriteLine($"Machine: {Machine.Load()}.");
                return count == o.Tickets ? 0 : 1;
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Workspace.Remove(dir);
        }
    }

    /// <summary>Opens every filled ticket (In progress) with clocks on the calendar, as if created under the "Office" policy.</summary>
    private static async Task OpenWithClocksAsync(string path, int calendarId, int policyId, CancellationToken ct)
    {
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync(ct);
        await using var update = c.CreateCommand();
        update.CommandText = $"""
            UPDATE "Tickets" SET "Status" = {(int)TicketStatus.InProgress}, "Sla_PolicyId" = {policyId}, "Sla_CalendarId" = {calendarId},
                "Sla_Coverage" = {(int)CoverageStatus.NoContract}, "Sla_CoverageNote" = 'No contract in force', "Sla_Priority" = "Priority",
                "Sla_ResponseTarget" = {TimeSpan.FromHours(4).Ticks}, "Sla_ResolutionTarget" = {TimeSpan.FromHours(24).Ticks},
                "Sla_WarningPercent" = 75, "Sla_PausingStatuses" = 'AwaitingCustomer', "Sla_StartedAt" = "CreatedAt", "Sla_Pauses" = '';
            """;
        update.CommandTimeout = 0;
        await update.ExecuteNonQueryAsync(ct);
    }
}
