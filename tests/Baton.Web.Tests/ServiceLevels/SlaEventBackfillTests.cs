using Baton.Domain.ServiceLevels;
using Baton.Web.Data;
using Baton.Web.Data.Migrations.Legacy;
using Baton.Web.Tests.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>
/// Events recorded before SLA events had a crossing instant get one from the SlaCrossingInstants migration: a breach its
/// due instant, an at-risk its clock's warning instant while the clock still has that due instant, else the instant it
/// was noticed. The desk is stepped back to the baseline (the generated Down) and up again, on its own database.
/// </summary>
public sealed class SlaEventBackfillTests(SlaDesk desk) : IClassFixture<SlaDesk>
{
    [Fact]
    public async Task EventsFromBeforeTheMigration_GetTheInstantTheClockCrossed_OrTheNoticedInstantWhenItCannotBeKnown()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew);
        await desk.RunJobAsync(opened.AddHours(5));
        desk.Clock.Set(opened.AddHours(10));
        await TicketsApiTests.Transition(crew.Api, ticket.Number, "Acknowledge"); // the first-response clock stops
        await desk.RunJobAsync(opened.AddHours(30));

        using (var scope = desk.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(LegacyMigrations.Baseline);
            await migrator.MigrateAsync();
        }

        Assert.Equal(
            [
                new(SlaClockKind.FirstResponse, SlaEventKind.AtRisk, opened.AddHours(5), opened.AddHours(5)), // clock stopped: noticed
                new(SlaClockKind.FirstResponse, SlaEventKind.Breached, opened.AddHours(4), opened.AddHours(5)),
                new(SlaClockKind.Resolution, SlaEventKind.AtRisk, opened.AddHours(18), opened.AddHours(30)), // its warning instant
                new(SlaClockKind.Resolution, SlaEventKind.Breached, opened.AddHours(24), opened.AddHours(30)),
            ],
            await desk.CrossingsAsync(ticket.Id));
    }
}
