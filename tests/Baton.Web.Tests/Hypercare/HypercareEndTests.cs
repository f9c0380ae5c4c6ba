using System.Net;
using System.Net.Http.Json;
using Baton.Web.Data;
using Baton.Web.Features.Hypercare;
using Baton.Web.Features.Notifications;
using Baton.Web.Features.Shared;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Hypercare;

/// <summary>
/// The in-app channel, except that a project notice (hypercare ended) waits until a second one arrives (or 5 s pass):
/// two period-end runners then both hold the project, read before either saved, when they save.
/// </summary>
public sealed class RendezvousChannel : INotificationChannel
{
    private readonly InAppNotifications _inApp = new();
    private CountdownEvent? _rendezvous;

    private int _projectNotices;
    private int _missed;

    public int ProjectNotices => Volatile.Read(ref _projectNotices);

    /// <summary>Runners that waited in vain: the other never arrived while this one held the project.</summary>
    public int Missed => Volatile.Read(ref _missed);

    public void Arm(int runners) => _rendezvous = new CountdownEvent(runners);

    public Task NotifyAsync(BatonDb db, IReadOnlyCollection<string> userIds, Notice notice, CancellationToken ct)
    {
        if (notice.TicketId is null)
        {
            Interlocked.Increment(ref _projectNotices);
            if (_rendezvous is { } meet)
            {
                meet.Signal();
                if (!meet.Wait(TimeSpan.FromSeconds(5), CancellationToken.None))
                {
                    Interlocked.Increment(ref _missed);
                }
            }
        }

        return _inApp.NotifyAsync(db, userIds, notice, ct);
    }
}

public sealed class RacingEndDesk : IAsyncLifetime
{
    public RacingEndDesk() => Desk.App.TestServices.Add(s => s.AddSingleton<INotificationChannel>(Channel));

    public HypercareDesk Desk { get; } = new();

    public RendezvousChannel Channel { get; } = new();

    public Task InitializeAsync() => Desk.InitializeAsync();

    public Task DisposeAsync() => Desk.DisposeAsync();
}

public sealed class HypercarePeriodEndRaceTests(RacingEndDesk racing) : IClassFixture<RacingEndDesk>
{
    [Fact]
    public async Task PeriodEnd_TwoRunnersRacing_CloseTheProjectExactlyOnce_AtTheEndOfThePeriod()
    {
        var desk = racing.Desk;
        var crew = await desk.CrewAsync();
        var entered = await desk.EnterAsync(crew, 28);
        var ticket = await OpenIncidentAsync(crew.Api, crew.Client, "Routed during hypercare", new { siteId = crew.Client.SiteId });
        Assert.Equal(0, await desk.RunEndJobAsync(entered.EndsAt!.Value.AddTicks(-10)));

        racing.Channel.Arm(2);
        var later = entered.EndsAt!.Value.AddHours(6); // the job was down when the period ended
        // Each on its own thread: SQLite's "async" calls complete synchronously, so two plain calls would run one after the other.
        var runs = await Task.WhenAll(Task.Run(() => desk.RunEndJobAsync(later)), Task.Run(() => desk.RunEndJobAsync(later)));

        Assert.Equal((2, 0), (racing.Channel.ProjectNotices, racing.Channel.Missed)); // both held the project, read in hypercare, at once
        Assert.Equal(1, runs.Sum());
        var project = await desk.App.WithDbAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == crew.Project.Id));
        Assert.Equal((Baton.Domain.Projects.ProjectStatus.Closed, entered.EndsAt, entered.EndsAt), (project.Status, project.ClosedAt, project.HypercareEndsAt));
        var notices = (await desk.NoticesAsync(crew.Coordinator.Id, crew.CoordinationLead.Id, crew.Lead.Id)).Where(n => n.TicketId is null).ToList();
        Assert.Equal(3, notices.Count);
        Assert.All(notices, n => Assert.Equal($"{crew.Project.Number} · hypercare period ended: the project is closed and its tickets continue as normal support.", n.Text));
        Assert.Equal(0, await desk.RunEndJobAsync(later.AddHours(1)));

        // The ticket carries on as normal support: still tagged for history, still with the team routing gave it.
        Assert.NotNull(await desk.TagAsync(ticket.Id));
        Assert.Equal(crew.DevTeam, (await crew.Api.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Number}", Json))!.TeamId);
    }
}

/// <summary>Baton whose period-end service runs every minute of a fake-timer clock.</summary>
public sealed class FastEndDesk : IAsyncLifetime
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public FastEndDesk() => Desk.App.Settings["Hypercare:EndCheckInterval"] = "00:01:00";

    public HypercareDesk Desk { get; } = new(SettableClock.StartingNowWithFakeTimers());

    /// <summary>Starts the host and waits for the service's first round (its timer now exists).</summary>
    public Task InitializeAsync() => Desk.App.RoundAsync<HypercareEndService>(Desk.Clock.Now);

    public Task DisposeAsync() => Desk.DisposeAsync();
}

public sealed class HypercareEndTests(FastEndDesk fast) : IClassFixture<FastEndDesk>
{
    private HypercareDesk Desk => fast.Desk;

    private Task<Baton.Domain.Projects.Project> ProjectAsync(int id) => Desk.App.WithDbAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == id));

    [Fact]
    public async Task Service_ClosesTheProjectOnItsOwn_WhenTheClockPassesTheEnd()
    {
        var crew = await Desk.CrewAsync();
        var entered = await Desk.EnterAsync(crew, 30);
        await Desk.App.NextRoundAsync<HypercareEndService>(Desk.Clock, FastEndDesk.Interval);
        Assert.Equal(Baton.Domain.Projects.ProjectStatus.Hypercare, (await ProjectAsync(crew.Project.Id)).Status); // looked: not over yet

        Desk.Clock.Set(entered.EndsAt!.Value.AddMinutes(1));
        await Desk.App.RoundAsync<HypercareEndService>(Desk.Clock.Now);

        var project = await ProjectAsync(crew.Project.Id);
        Assert.Equal((Baton.Domain.Projects.ProjectStatus.Closed, entered.EndsAt), (project.Status, project.ClosedAt));
        for (var i = 0; i < 3; i++)
        {
            await Desk.App.NextRoundAsync<HypercareEndService>(Desk.Clock, FastEndDesk.Interval); // a few more runs: still one notice each
        }

        Assert.Single(await Desk.NoticesAsync(crew.Coordinator.Id), n => n.TicketId is null);
    }

    [Fact]
    public async Task Staff_EndsHypercareEarlyFromThePage_TheProjectCloses_RoutingStops_TagsStay()
    {
        var crew = await Desk.CrewAsync();
        await Desk.EnterAsync(crew, 60);
        var during = await OpenIncidentAsync(crew.Api, crew.Client, "During", new { siteId = crew.Client.SiteId });
        Desk.Clock.Advance(TimeSpan.FromDays(10));
        using var page = await Desk.App.SignInAsync(crew.Agent.Email, UserPassword);
        var url = $"/Projects/{crew.Project.Number}/Hypercare";
        var html = await page.GetHtmlAsync(url);
        var version = System.Text.RegularExpressions.Regex.Match(html, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;

        var stale = await page.PostFormAsync(url + "?handler=End", new() { ["Version"] = "1" }, url);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("changed by someone else", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ended = await page.PostFormAsync(url + "?handler=End", new() { ["Version"] = version }, url);
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        var project = await ProjectAsync(crew.Project.Id);
        Assert.Equal((Baton.Domain.Projects.ProjectStatus.Closed, Desk.Clock.Now, Desk.Clock.Now), (project.Status, project.ClosedAt, project.HypercareEndsAt));
        var after = await page.GetHtmlAsync(url);
        Assert.Contains("Hypercare ended and the project is closed", after, StringComparison.Ordinal);
        Assert.Contains(during.Number, after, StringComparison.Ordinal); // the tagged ticket stays on the dashboard's list
        Assert.DoesNotContain("Save hypercare team", after, StringComparison.Ordinal);
        Assert.Single(await Desk.NoticesAsync(crew.Coordinator.Id), n => n.TicketId is null && n.Text.Contains("ended early", StringComparison.Ordinal));

        var afterwards = await OpenIncidentAsync(crew.Api, crew.Client, "After", new { siteId = crew.Client.SiteId });
        Assert.Null(await Desk.TagAsync(afterwards.Id));
        Assert.NotNull(await Desk.TagAsync(during.Id));
        var again = await crew.Api.PostAsync($"/api/v1/projects/{crew.Project.Number}/hypercare/end", null);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await crew.Api.GetAsync($"/api/v1/projects/{crew.Project.Number}/hypercare/dashboard")).StatusCode);
    }
}
