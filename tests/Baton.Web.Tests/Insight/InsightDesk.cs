using System.Net.Http.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Insight;

/// <summary>
/// Baton on a manual clock for the insight tests. Each test builds its own client (and moves the clock as it needs), so
/// tests in a class share the app without seeing each other's projects.
/// </summary>
public sealed class InsightDesk : IAsyncLifetime
{
    /// <summary>2027-03-01 10:30 UTC: 23:30 that day in Pacific/Auckland (UTC+13), half an hour before its midnight.</summary>
    public static readonly DateTimeOffset BeforeAucklandMidnight = new(2027, 3, 1, 10, 30, 0, TimeSpan.Zero);

    public InsightDesk() => App.TestServices.Add(s => s.AddSingleton<TimeProvider>(Clock));

    public SettableClock Clock { get; } = new(BeforeAucklandMidnight);

    public BatonAppFactory App { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>A client in <paramref name="zone"/> with an agent (the API caller) and a lead tech who has a phone.</summary>
    public async Task<Scene> SceneAsync(string zone = "UTC")
    {
        var client = await App.CreateClientAsync();
        await App.SetClientTimeZoneAsync(client, zone);
        var agent = await App.CreateAgentAsync("Ada Agent");
        var lead = await App.CreateAgentAsync("Lee Lead");
        await App.SetPhoneAsync(lead, "+64 21 555 0101");
        return new Scene(client, agent, lead, await App.ApiAsAsync(agent));
    }

    public Task<BatonAppFactory.ProjectSetup> ProjectAsync(Scene scene, ProjectStatus status, string name, DateTimeOffset? at = null) =>
        App.CreateProjectAsync(scene.Client, scene.Lead, status, name, now: at ?? Clock.Now);

    /// <summary>An incident at the client, at its site and on its configuration item, opened now by the scene's agent.</summary>
    public async Task<BatonAppFactory.TicketDto> IncidentAsync(Scene scene, string title = "Phones dead on floor 2", bool onSiteAndItem = true) =>
        await BatonAppFactory.OpenIncidentAsync(scene.Api, scene.Client, title,
            onSiteAndItem ? new { scene.Client.SiteId, scene.Client.ConfigurationItemId } : null);

    public static async Task<HttpResponseMessage> AttributeAsync(HttpClient api, string ticket, string project, string verdict, string? note = null) =>
        await api.PostAsJsonAsync($"/api/v1/tickets/{ticket}/attributions", new { projectNumber = project, verdict, note });

    public sealed record Scene(BatonAppFactory.ClientSetup Client, BatonAppFactory.TestUser Agent, BatonAppFactory.TestUser Lead, HttpClient Api);
}
