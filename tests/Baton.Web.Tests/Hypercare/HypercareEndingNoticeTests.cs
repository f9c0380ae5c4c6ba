using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Data;
using Baton.Web.Features.Hypercare;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Hypercare;

/// <summary>"Hypercare ends in 7 days" is told once per hypercare, to its team, the lead tech and the service managers (issue 13).</summary>
public sealed class HypercareEndingNoticeTests(HypercareDesk desk) : IClassFixture<HypercareDesk>
{
    private async Task<int> RunEndingSweepAsync(DateTimeOffset now)
    {
        using var scope = desk.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
        return await desk.App.Services.GetRequiredService<TellHypercareEnding>().RunOnceAsync(db, now, CancellationToken.None);
    }

    private Task<List<string>> EndingNoticesAsync(int projectId) => desk.App.WithDbAsync(db => db.Notifications.AsNoTracking()
        .Where(n => n.ProjectId == projectId && n.Kind == Baton.Domain.Informing.NoticeKind.HypercareEnding).Select(n => n.UserId).ToListAsync());

    [Fact]
    public async Task SevenDaysBeforeTheEnd_TheTeamLeadTechAndServiceManagerAreTold_OnceEach_HoweverOftenTheSweepRuns()
    {
        var crew = await desk.CrewAsync();
        var manager = await desk.App.CreateUserAsync(Roles.Manager, null, "Grace Manager");
        var entered = await desk.EnterAsync(crew, 30);
        var ends = entered.EndsAt!.Value;

        Assert.Equal(0, await RunEndingSweepAsync(ends.AddDays(-7).AddMinutes(-1))); // not yet within 7 days
        Assert.Empty(await EndingNoticesAsync(crew.Project.Id));

        desk.Clock.Set(ends.AddDays(-7));
        Assert.Equal(1, await RunEndingSweepAsync(desk.Clock.Now));
        Assert.Equal(0, await RunEndingSweepAsync(desk.Clock.Now.AddHours(1)));

        var told = await EndingNoticesAsync(crew.Project.Id);
        // The coordinating team (member and lead), the lead tech, the service manager; not the desk agent who entered it.
        Assert.Equal(new[] { crew.Coordinator.Id, crew.CoordinationLead.Id, crew.Lead.Id, manager.Id }.Order(), told.Order());

        var api = await desk.App.ApiAsAsync(crew.Lead);
        var notice = (await api.GetFromJsonAsync<JsonElement>("/api/v1/notifications?limit=100")).EnumerateArray()
            .Single(n => n.GetProperty("kind").GetString() == "HypercareEnding");
        Assert.Equal(crew.Project.Number, notice.GetProperty("projectNumber").GetString());
        Assert.Contains("hypercare ends on", notice.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.NotNull(await desk.App.WithDbAsync(db => db.Projects.Where(p => p.Id == crew.Project.Id).Select(p => p.HypercareEndingToldAt).SingleAsync()));
    }

    [Fact]
    public async Task TwoInstancesSweepingAtOnce_TellOnce()
    {
        var crew = await desk.CrewAsync();
        var entered = await desk.EnterAsync(crew, 28);
        var at = entered.EndsAt!.Value.AddDays(-6);

        // Each on its own thread: SQLite's "async" calls complete synchronously, so two plain calls would run one after the other.
        var runs = await Task.WhenAll(Task.Run(() => RunEndingSweepAsync(at)), Task.Run(() => RunEndingSweepAsync(at)));

        Assert.Equal(1, runs.Sum());
        Assert.Single(await EndingNoticesAsync(crew.Project.Id), id => id == crew.Lead.Id);
    }
}
