using System.Net;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Operations;

/// <summary>Two instances started at the same moment on one empty database: both come up; the schema and the seed exist once.</summary>
public sealed class StartingTogetherTests
{
    [Fact]
    public async Task TwoInstances_StartingTogetherOnAnEmptyDatabase_BothComeUp_WithOneSchemaAndOneSeed()
    {
        await using var first = new BatonAppFactory();
        await using var second = Instances.SecondOn(first);

        // Each factory returns once its instance reports ready (migrated and seeded), or throws what start-up threw.
        await Task.WhenAll(Task.Run(() => first.Services), Task.Run(() => second.Services));

        foreach (var app in new[] { first, second })
        {
            using var http = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        }

        await first.WithDbAsync(async db =>
        {
            var migrations = db.Database.GetMigrations().ToList();
            Assert.Equal(migrations, (await db.Database.GetAppliedMigrationsAsync()).ToList());
            var sequences = await db.NumberSequences.Select(s => s.Name).ToListAsync();
            var expected = Enum.GetValues<TicketKind>().Select(TicketNumber.Prefix).Append(ProjectNumber.Prefix).ToList();
            Assert.Equal(expected.Order(), sequences.Order());
            Assert.Equal(Roles.All.Length, await db.Roles.CountAsync());
            Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == BatonAppFactory.AdminEmail.ToUpperInvariant()));
            Assert.Equal(await db.PriorityCells.Select(c => new { c.Impact, c.Urgency }).Distinct().CountAsync(), await db.PriorityCells.CountAsync());
            Assert.Equal(await db.ProjectTypes.Select(t => t.Name).Distinct().CountAsync(), await db.ProjectTypes.CountAsync());
        });

        // And both work: a ticket opened on each, numbered from the one sequence.
        var client = await first.CreateClientAsync();
        var onFirst = await BatonAppFactory.OpenIncidentAsync(await first.ApiAsNewAgentAsync(), client);
        var onSecond = await BatonAppFactory.OpenIncidentAsync(await second.ApiAsNewAgentAsync(), client);
        Assert.NotEqual(onFirst.Number, onSecond.Number);
    }

    [Fact]
    public async Task TwoMigrateRuns_Together_BothSucceed()
    {
        var directory = Directory.CreateTempSubdirectory("baton-migrate-").FullName;
        try
        {
            var environment = new Dictionary<string, string> { ["Baton__DataDirectory"] = directory };
            if (TestDatabase.IsPostgres)
            {
                environment["Database__Provider"] = "Postgres";
                environment["ConnectionStrings__Baton"] = $"{TestDatabase.PostgresServer};Database=baton_test_migrate_{Guid.NewGuid().ToString("N")[..10]}";
            }

            using var one = new BatonProcess(environment, "--migrate");
            using var two = new BatonProcess(environment, "--migrate");
            Assert.True(await one.ExitCodeAsync(TimeSpan.FromMinutes(2)) == 0, one.Output);
            Assert.True(await two.ExitCodeAsync(TimeSpan.FromMinutes(2)) == 0, two.Output);
            Assert.Contains("Migrations applied.", one.Output, StringComparison.Ordinal);
            Assert.Contains("Migrations applied.", two.Output, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
