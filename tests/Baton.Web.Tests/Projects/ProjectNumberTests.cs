using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Projects;

public sealed class ProjectNumberTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    [Fact]
    public async Task PlanningProjectsConcurrently_IssuesDistinctConsecutiveNumbers()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.CreateProjectAsync(client, lead)));

        var numbers = created.Select(p => p.Number).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.All(numbers, n => Assert.Matches("^PRJ-[0-9]{6}$", n));
        var sequences = numbers.Select(n => int.Parse(n[4..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(sequences[0], 8), sequences);
        var stored = await app.WithDbAsync(db => db.Projects.Where(p => p.ClientId == client.ClientId).Select(p => p.Status).ToListAsync());
        Assert.All(stored, s => Assert.Equal(ProjectStatus.Active, s));
    }
}
