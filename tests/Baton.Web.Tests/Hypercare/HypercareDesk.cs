using System.Net;
using System.Net.Http.Json;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Hypercare;
using Baton.Web.Features.Shared;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Hypercare;

/// <summary>
/// Baton on a <see cref="SettableClock"/> for hypercare tests. Background jobs run at start only (tests run the
/// period-end job themselves, with explicit instants), unless the clock has fake timers. <see cref="CrewAsync"/> builds a client and a whole hypercare team.
/// </summary>
public sealed class HypercareDesk : IAsyncLifetime
{
    // xunit fills a class fixture through its one public, parameterless constructor; tests that need another clock use the internal one.
    public HypercareDesk()
        : this(null)
    {
    }

    internal HypercareDesk(SettableClock? clock)
    {
        Clock = clock ?? SettableClock.StartingNow();
        App.Settings["ServiceLevels:EscalationInterval"] = "01:00:00";
        App.Settings["Hypercare:EndCheckInterval"] = "01:00:00";
        App.TestServices.Add(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public BatonAppFactory App { get; } = new();

    public SettableClock Clock { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>
    /// A client; its released project (touching the client's site and server) led by <see cref="Crew.Lead"/>; teams for
    /// SMEs, development, infrastructure and coordination (the coordination team has a lead and a member); a staff API client.
    /// </summary>
    public sealed record Crew(
        ClientSetup Client, ProjectSetup Project, TestUser Lead, TestUser Agent, TestUser Coordinator, TestUser CoordinationLead,
        int SmeTeam, int DevTeam, int InfraTeam, int CoordinationTeam, int Software, int Network, int Procedures, HttpClient Api);

    public async Task<Crew> CrewAsync(bool touchesSiteAndItem = true)
    {
        var client = await App.CreateClientAsync();
        var lead = await App.CreateAgentAsync("Lee Lead");
        var agent = await App.CreateAgentAsync("Dana Desk");
        var coordinator = await App.CreateAgentAsync("Cora Coordinator");
        var coordinationLead = await App.CreateAgentAsync("Colin Coordination Lead");
        var sme = await App.CreateTeamAsync();
        var dev = await App.CreateTeamAsync();
        var infra = await App.CreateTeamAsync();
        var coordination = await App.CreateTeamAsync();
        await App.AddTeamMembersAsync(coordination, leadFirst: true, coordinationLead, coordinator);
        var project = await App.CreateReleasedProjectAsync(client, lead, touchesSiteAndItem, Clock.Now);
        return new Crew(
            client, project, lead, agent, coordinator, coordinationLead, sme, dev, infra, coordination,
            await App.CreateCategoryAsync("Software"), await App.CreateCategoryAsync("Network"), await App.CreateCategoryAsync("Procedures"),
            await App.ApiAsAsync(agent));
    }

    public static object[] TeamOf(Crew crew) =>
    [
        new { role = "SubjectMatterExperts", teamId = crew.SmeTeam },
        new { role = "Development", teamId = crew.DevTeam, scopes = new[] { "Application" } },
        new { role = "Infrastructure", teamId = crew.InfraTeam, scopes = new[] { "Technological" } },
        new { role = "Coordination", teamId = crew.CoordinationTeam },
    ];

    /// <summary>Puts the crew's project into hypercare through the API, now on the desk's clock.</summary>
    public async Task<HypercareDto> EnterAsync(Crew crew, int? days = null, object[]? team = null)
    {
        var response = await crew.Api.PostAsJsonAsync($"/api/v1/projects/{crew.Project.Number}/hypercare", new { days, team = team ?? TeamOf(crew) });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<HypercareDto>(Json))!;
    }

    public sealed record RoleDto(string Role, int? TeamId, string? TeamName, List<AgentDto> Agents, List<string> Scopes);

    public sealed record AgentDto(string Id, string Name);

    public sealed record HypercareDto(
        string ProjectNumber, string Status, DateTimeOffset? StartedAt, DateTimeOffset? EndsAt, DateTimeOffset? ClosedAt, bool InHypercare, int? DaysLeft,
        bool CanEnter, string? CannotEnterBecause, List<RoleDto> Team, int Version, int? TeamVersion);

    public sealed record TagDto(string ProjectNumber, long TicketId, string TicketNumber, string Scope, string Reason, string? RoutedRole, string RoutedTo, string TaggedBy);

    public Task<TagDto?> TagAsync(long ticketId) => App.WithDbAsync(async db =>
    {
        var tag = await db.HypercareTags.AsNoTracking().Where(t => t.TicketId == ticketId)
            .Join(db.Projects, t => t.ProjectId, p => p.Id, (t, p) => new { p.Number, t.TicketId, t.Scope, t.Reason, t.RoutedRole, t.RoutedTo, t.TaggedByName })
            .SingleOrDefaultAsync();
        return tag is null ? null : new TagDto(tag.Number, tag.TicketId, "", tag.Scope.ToString(), tag.Reason.ToString(), tag.RoutedRole?.ToString(), tag.RoutedTo, tag.TaggedByName);
    });

    public sealed record Notice(string UserId, long? TicketId, string Text);

    public Task<List<Notice>> NoticesAsync(params string[] userIds) => App.WithDbAsync(db => db.Notifications.AsNoTracking()
        .Where(n => userIds.Contains(n.UserId)).OrderBy(n => n.Id).Select(n => new Notice(n.UserId, n.TicketId, n.Text)).ToListAsync());

    public sealed record AuditDto(string ActorName, string Field, string? OldValue, string? NewValue);

    public Task<List<AuditDto>> AuditAsync(long ticketId) => App.WithDbAsync(db => db.AuditEntries.AsNoTracking()
        .Where(a => a.RecordKind == Ticket.RecordKind && a.RecordId == ticketId).OrderBy(a => a.Id).Select(a => new AuditDto(a.ActorName, a.Field, a.OldValue, a.NewValue)).ToListAsync());

    public Task<string> TeamNameAsync(int teamId) => App.WithDbAsync(db => db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).SingleAsync());

    /// <summary>Runs the period-end job once, as the background service would, at <paramref name="now"/>.</summary>
    public async Task<int> RunEndJobAsync(DateTimeOffset now)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
        return await App.Services.GetRequiredService<CloseEndedHypercare>().RunOnceAsync(db, now, CancellationToken.None);
    }
}
