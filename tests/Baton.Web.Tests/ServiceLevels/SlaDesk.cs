using System.Net;
using System.Net.Http.Json;
using Baton.Domain.ServiceLevels;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>
/// Baton on a <see cref="SettableClock"/>: tickets are created at the instant the test sets, and the escalation
/// service only runs at start-up (tests run the job themselves with explicit instants), unless the clock has fake timers.
/// </summary>
public sealed class SlaDesk : IAsyncLifetime
{
    // xunit fills a class fixture through its one public, parameterless constructor; tests that need another clock use the internal one.
    public SlaDesk()
        : this(null)
    {
    }

    internal SlaDesk(SettableClock? clock)
    {
        Clock = clock ?? SettableClock.StartingNow();
        App.Settings["ServiceLevels:EscalationInterval"] = "01:00:00";
        App.TestServices.Add(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public BatonAppFactory App { get; } = new();

    public SettableClock Clock { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>An assignee, a team led by someone else, a client, and the assignee's API client.</summary>
    public sealed record Crew(ClientSetup Client, TestUser Assignee, TestUser Lead, int TeamId, HttpClient Api);

    public async Task<Crew> CrewAsync()
    {
        var client = await App.CreateClientAsync();
        var assignee = await App.CreateAgentAsync();
        var lead = await App.CreateAgentAsync();
        var team = await App.CreateTeamAsync();
        await LeadAsync(team, lead.Id);
        return new Crew(client, assignee, lead, team, await App.ApiAsAsync(assignee));
    }

    public Task LeadAsync(int teamId, string? userId) => App.WithDbAsync(async db =>
    {
        var team = await db.Teams.SingleAsync(t => t.Id == teamId);
        team.SetLead(userId);
        await db.SaveChangesAsync();
    });

    /// <summary>Impact and urgency giving each priority under the default matrix.</summary>
    public static (string Impact, string Urgency) ImpactUrgency(string priority) => priority switch
    {
        "P1" => ("High", "High"),
        "P2" => ("High", "Medium"),
        "P3" => ("Medium", "Medium"),
        _ => ("Low", "Medium"),
    };

    public static object Priority(string priority, int? teamId = null, string? assigneeId = null)
    {
        var (impact, urgency) = ImpactUrgency(priority);
        return new { impact, urgency, teamId, assigneeId };
    }

    /// <summary>A P3 incident (24×7: first response 4 h, resolution 24 h, warnings at 75 %) for the crew, opened now.</summary>
    public async Task<TicketDto> OpenForCrewAsync(Crew crew, string title = "Printer on fire", string priority = "P3")
    {
        var ticket = await OpenIncidentAsync(crew.Api, crew.Client, title, Priority(priority, crew.TeamId, crew.Assignee.Id));
        Assert.Equal(priority, ticket.Priority);
        return ticket;
    }

    public async Task<int> RunJobAsync(DateTimeOffset now)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
        return await App.Services.GetRequiredService<SlaEscalation>().RunOnceAsync(db, now, CancellationToken.None);
    }

    /// <summary>One run of the keep-informed job (progress updates at risk and overdue, stuck tickets) at <paramref name="now"/>.</summary>
    public async Task<int> RunKeepInformedAsync(DateTimeOffset now)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
        return await App.Services.GetRequiredService<KeepInformedEscalation>().RunOnceAsync(db, now, CancellationToken.None);
    }

    public sealed record Clocks(DateTimeOffset CreatedAt, DateTimeOffset? ResponseWarnAt, DateTimeOffset? ResponseDueAt, DateTimeOffset? ResolutionWarnAt, DateTimeOffset? ResolutionDueAt, DateTimeOffset? NextDueAt);

    public Task<Clocks> ClocksAsync(long ticketId) => App.WithDbAsync(db => db.Tickets.AsNoTracking().Where(t => t.Id == ticketId)
        .Select(t => new Clocks(t.CreatedAt, t.Sla!.ResponseWarnAt, t.Sla.ResponseDueAt, t.Sla.ResolutionWarnAt, t.Sla.ResolutionDueAt, t.Sla.NextDueAt))
        .SingleAsync());

    public sealed record Recorded(SlaClockKind Clock, SlaEventKind Kind, DateTimeOffset DueAt);

    public Task<List<Recorded>> EventsAsync(long ticketId) => App.WithDbAsync(db => db.SlaEvents.AsNoTracking()
        .Where(e => e.TicketId == ticketId).OrderBy(e => e.Id).Select(e => new Recorded(e.Clock, e.Kind, e.DueAt)).ToListAsync());

    /// <summary>A recorded event with its instants: when the clock crossed, and when the job noticed it.</summary>
    public sealed record Crossed(SlaClockKind Clock, SlaEventKind Kind, DateTimeOffset CrossedAt, DateTimeOffset NoticedAt);

    public Task<List<Crossed>> CrossingsAsync(long ticketId) => App.WithDbAsync(db => db.SlaEvents.AsNoTracking()
        .Where(e => e.TicketId == ticketId).OrderBy(e => e.Id).Select(e => new Crossed(e.Clock, e.Kind, e.CrossedAt, e.NoticedAt)).ToListAsync());

    public sealed record Notice(string UserId, string Text, DateTimeOffset? ReadAt);

    /// <summary>The ticket's SLA crossing notices (not the notices of its other events: assignment, status, priority).</summary>
    public Task<List<Notice>> NoticesAsync(long ticketId) => App.WithDbAsync(db => db.Notifications.AsNoTracking()
        .Where(n => n.TicketId == ticketId && (n.Kind == Baton.Domain.Informing.NoticeKind.SlaAtRisk || n.Kind == Baton.Domain.Informing.NoticeKind.SlaBreached)).OrderBy(n => n.Id).Select(n => new Notice(n.UserId, n.Text, n.ReadAt)).ToListAsync());

    /// <summary>Changes impact and urgency through the API (PATCH with If-Match), so the priority and its targets change.</summary>
    public static async Task<TicketDto> ReprioritiseAsync(HttpClient api, string number, string priority)
    {
        var current = await api.GetAsync($"/api/v1/tickets/{number}");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tickets/{number}") { Content = JsonContent.Create(new { impact = ImpactUrgency(priority).Impact, urgency = ImpactUrgency(priority).Urgency }) };
        patch.Headers.IfMatch.Add(current.Headers.ETag!);
        var response = await api.SendAsync(patch);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var ticket = (await response.Content.ReadFromJsonAsync<TicketDto>(Json))!;
        Assert.Equal(priority, ticket.Priority);
        return ticket;
    }
}
