using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Baton.Web.Tests.Projects.ProjectKit;

namespace Baton.Web.Tests.Projects;

/// <summary>
/// The .ics feeds, read back by an independent parser (Ical.Net; Baton writes them with its own IcsWriter): events, UTC times, UIDs, sequence,
/// cancellation, and nothing of another client's. Calendar apps subscribe with a feed token in ?token=: it opens its own feed
/// and nothing else, and API tokens do not open feeds.
/// </summary>
public sealed class CalendarFeedTests(CalendarFeedTests.Desk desk) : IClassFixture<CalendarFeedTests.Desk>
{
    /// <summary>Baton whose clock reads 1 March 2026, so the all-projects feed's 90-day window holds the engagements below.</summary>
    public sealed class Desk : IAsyncLifetime
    {
        public static readonly DateTimeOffset Now = new(2026, 3, 1, 7, 0, 0, TimeSpan.Zero);

        public Desk() => App.TestServices.Add(s => s.AddSingleton<TimeProvider>(new SettableClock(Now)));

        public BatonAppFactory App { get; } = new();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    private readonly BatonAppFactory app = desk.App;

    private sealed record Arranged(BatonAppFactory.ClientSetup Client, BatonAppFactory.ProjectSetup Project, int Engagement, int Cancelled, BatonAppFactory.TestUser Tech);

    /// <summary>A London client with a project touching its site: one engagement on the day the clocks go forward, one cancelled.</summary>
    private async Task<Arranged> ArrangeAsync(string name)
    {
        var client = await app.CreateClientAsync(name);
        await SetTimeZoneAsync(app, client, "Europe/London");
        var tech = await app.CreateAgentAsync("Kai Cutover");
        var project = await app.CreateProjectAsync(client, tech, ProjectStatus.Active, name: "Phones, VoIP; and \\ trunks", touchesSiteAndItem: true);
        using var api = await app.ApiAsAsync(tech);
        var url = $"/api/v1/projects/{project.Number}/engagements";
        var kept = await JsonAsync(await api.PostAsJsonAsync(url, new
        {
            date = "2026-03-29", start = "09:00", end = "12:30", kind = "CutOver", technicianIds = new[] { tech.Id },
            touches = "SIP trunk, call queues; reception handsets\nand the fax line",
        }), HttpStatusCode.Created);
        var dropped = await JsonAsync(await api.PostAsJsonAsync(url, new { date = "2026-04-01", start = "18:00", end = "20:00", kind = "Remote" }), HttpStatusCode.Created);
        var droppedId = dropped.GetProperty("id").GetInt32();
        await JsonAsync(await api.DeleteAsync($"{url}/{droppedId}"), HttpStatusCode.OK);
        return new Arranged(client, project, kept.GetProperty("id").GetInt32(), droppedId, tech);
    }

    private static async Task<byte[]> FeedAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)response.StatusCode}");
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private HttpClient Anonymous() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task AProjectFeed_ParsesWithAnIndependentParser_WithUtcTimesStableUidsAndTheCancelledOneMarked()
    {
        var a = await ArrangeAsync("Northwind " + Guid.NewGuid().ToString("N")[..4]);
        using var api = await app.FeedReaderAsync(a.Tech, a.Project.Number);

        var calendar = await ParseIcsAsync(await FeedAsync(api, $"/api/v1/projects/{a.Project.Number}/calendar.ics"));

        Assert.Equal("2.0", calendar.Version);
        Assert.Equal(2, calendar.Events.Count);
        var cutover = calendar.Events.Single(e => e.Uid == $"engagement-{a.Engagement}@baton");
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 8, 0, 0, TimeSpan.Zero), cutover.Start);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 11, 30, 0, TimeSpan.Zero), cutover.End);
        Assert.Equal(TimeSpan.Zero, cutover.Start.Offset);
        Assert.Equal(Desk.Now, cutover.Stamp);
        Assert.Equal(0, cutover.Sequence);
        Assert.Equal("CONFIRMED", cutover.Status);
        Assert.Equal($"{a.Project.Number} Phones, VoIP; and \\ trunks: Cut-over", cutover.Summary);
        Assert.Contains("SIP trunk, call queues; reception handsets\nand the fax line", cutover.Description, StringComparison.Ordinal);
        Assert.Contains("Technicians: Kai Cutover", cutover.Description, StringComparison.Ordinal);
        Assert.Contains("Europe/London", cutover.Description, StringComparison.Ordinal);
        Assert.Contains($"/Projects/{a.Project.Number}", cutover.Description, StringComparison.Ordinal);
        Assert.Equal($"{await ClientNameAsync(a.Client)} / Head office", cutover.Location);

        var cancelled = calendar.Events.Single(e => e.Uid == $"engagement-{a.Cancelled}@baton");
        Assert.Equal("CANCELLED", cancelled.Status);
        Assert.Equal(1, cancelled.Sequence);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 17, 0, 0, TimeSpan.Zero), cancelled.Start);

        var again = await ParseIcsAsync(await FeedAsync(api, $"/api/v1/projects/{a.Project.Number}/calendar.ics"));
        Assert.Equal(calendar.Events.Select(e => e.Uid).Order(), again.Events.Select(e => e.Uid).Order());
    }

    [Fact]
    public async Task Rescheduling_KeepsTheUidAndRaisesTheSequenceInTheFeed()
    {
        var a = await ArrangeAsync("Rescheduled " + Guid.NewGuid().ToString("N")[..4]);
        using var api = await app.ApiAsAsync(a.Tech);
        await JsonAsync(await api.PutAsJsonAsync($"/api/v1/projects/{a.Project.Number}/engagements/{a.Engagement}",
            new { date = "2026-10-25", start = "09:00", end = "10:00", kind = "CutOver" }), HttpStatusCode.OK);
        using var feed = await app.FeedReaderAsync(a.Tech, a.Project.Number);

        var calendar = await ParseIcsAsync(await FeedAsync(feed, $"/api/v1/projects/{a.Project.Number}/calendar.ics"));

        var moved = calendar.Events.Single(e => e.Uid == $"engagement-{a.Engagement}@baton");
        Assert.Equal(1, moved.Sequence);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 9, 0, 0, TimeSpan.Zero), moved.Start); // GMT again after the clocks went back
    }

    [Fact]
    public async Task TheAllProjectsFeed_OfAContact_HasTheirEngagementsAndNoneOfAnotherClients()
    {
        var a = await ArrangeAsync("Alpha " + Guid.NewGuid().ToString("N")[..4]);
        var b = await ArrangeAsync("Bravo " + Guid.NewGuid().ToString("N")[..4]);
        var userB = await app.CreateContactUserAsync(b.Client);
        using var contactB = await app.FeedReaderAsync(userB, "all");
        using var staff = await app.FeedReaderAsync(await app.CreateAgentAsync(), "all");

        var feedB = await ParseIcsAsync(await FeedAsync(contactB, "/api/v1/projects/calendar.ics"));
        var uidsB = feedB.Events.Select(e => e.Uid).ToHashSet();
        Assert.Equal(new HashSet<string> { $"engagement-{b.Engagement}@baton", $"engagement-{b.Cancelled}@baton" }, uidsB);
        Assert.DoesNotContain(feedB.Events, e => e.Summary.Contains(a.Project.Number, StringComparison.Ordinal) || e.Location.Contains("Alpha", StringComparison.Ordinal));

        var all = await ParseIcsAsync(await FeedAsync(staff, "/api/v1/projects/calendar.ics"));
        Assert.Contains(all.Events, e => e.Uid == $"engagement-{a.Engagement}@baton");
        Assert.Contains(all.Events, e => e.Uid == $"engagement-{b.Engagement}@baton");

        // Even a feed token issued for another client's project opens nothing of it.
        using var contactBOnA = await app.FeedReaderAsync(userB, a.Project.Number);
        Assert.Equal(HttpStatusCode.NotFound, (await contactBOnA.GetAsync($"/api/v1/projects/{a.Project.Number}/calendar.ics")).StatusCode);
    }

    [Fact]
    public async Task AFeedTokenInTheQueryString_OpensItsFeed_ButNoOtherFeedOrEndpoint()
    {
        var a = await ArrangeAsync("Query " + Guid.NewGuid().ToString("N")[..4]);
        var other = await app.CreateProjectAsync(a.Client, a.Tech, ProjectStatus.Active);
        var token = Uri.EscapeDataString(await app.IssueFeedTokenAsync(a.Tech, a.Project.Number));
        var allToken = Uri.EscapeDataString(await app.IssueFeedTokenAsync(a.Tech, "all"));
        using var http = Anonymous();

        var feed = await ParseIcsAsync(await FeedAsync(http, $"/api/v1/projects/{a.Project.Number}/calendar.ics?token={token}"));
        Assert.Equal(2, feed.Events.Count);
        await FeedAsync(http, $"/api/v1/projects/calendar.ics?token={allToken}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/v1/projects/calendar.ics?token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/v1/projects/{other.Number}/calendar.ics?token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/v1/projects/{a.Project.Number}/calendar.ics?token={allToken}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/v1/projects/{a.Project.Number}?token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/v1/projects?token={allToken}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/v1/tickets?token={allToken}")).StatusCode);
        var page = await http.GetAsync($"/Projects/{a.Project.Number}?token={token}");
        Assert.Contains("/Account/Login", page.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);

        var wrong = await http.GetAsync($"/api/v1/projects/calendar.ics?token=batonfeed_nottherighttoken");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var none = await http.GetAsync("/api/v1/projects/calendar.ics");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task AFullApiToken_IsRefusedOnTheFeeds_InTheQueryAndInTheHeader()
    {
        var a = await ArrangeAsync("Full " + Guid.NewGuid().ToString("N")[..4]);
        var token = await app.IssueTokenAsync(a.Tech);
        using var http = Anonymous();

        var inQuery = await http.GetAsync($"/api/v1/projects/{a.Project.Number}/calendar.ics?token={Uri.EscapeDataString(token)}");
        using var bearer = await app.ApiAsAsync(a.Tech);
        var inHeader = await bearer.GetAsync("/api/v1/projects/calendar.ics");

        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, inHeader.StatusCode);
        Assert.Contains("feed token", await inHeader.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFeedToken_IsRefusedByEveryOtherEndpoint_EvenAsABearerHeader()
    {
        var a = await ArrangeAsync("Feedonly " + Guid.NewGuid().ToString("N")[..4]);
        using var feedAsBearer = await app.FeedReaderAsync(a.Tech, "all");

        Assert.Equal(HttpStatusCode.Unauthorized, (await feedAsBearer.GetAsync("/api/v1/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await feedAsBearer.GetAsync($"/api/v1/projects/{a.Project.Number}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await feedAsBearer.PostAsJsonAsync($"/api/v1/projects/{a.Project.Number}/engagements",
            new { date = "2026-05-01", start = "09:00", end = "10:00", kind = "Remote" })).StatusCode);
    }

    [Fact]
    public async Task TheFeeds_AlsoTakeTheFeedTokenAsABearerHeader_AndTheSignInCookie()
    {
        var a = await ArrangeAsync("Cookie " + Guid.NewGuid().ToString("N")[..4]);
        using var bearer = Anonymous();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueFeedTokenAsync(a.Tech, a.Project.Number));
        using var signedIn = await app.SignInAsync(a.Tech.Email, BatonAppFactory.UserPassword);

        Assert.Equal(2, (await ParseIcsAsync(await FeedAsync(bearer, $"/api/v1/projects/{a.Project.Number}/calendar.ics"))).Events.Count);
        Assert.Equal(2, (await ParseIcsAsync(await FeedAsync(signedIn.Http, $"/api/v1/projects/{a.Project.Number}/calendar.ics"))).Events.Count);
    }

    [Fact]
    public async Task ARevokedFeedToken_NoLongerOpensTheFeed()
    {
        var a = await ArrangeAsync("Revoked " + Guid.NewGuid().ToString("N")[..4]);
        var token = await app.IssueFeedTokenAsync(a.Tech, "all");
        await app.WithDbAsync(async db =>
        {
            foreach (var t in db.ApiTokens.Where(t => t.UserId == a.Tech.Id))
            {
                t.RevokedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            }

            await db.SaveChangesAsync();
        });
        using var http = Anonymous();

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/v1/projects/calendar.ics?token={Uri.EscapeDataString(token)}")).StatusCode);
    }

    [Fact]
    public async Task AProjectWithoutEngagements_StillServesAValidCalendar()
    {
        var client = await app.CreateClientAsync();
        var tech = await app.CreateAgentAsync();
        var project = await app.CreateProjectAsync(client, tech, ProjectStatus.Planned);
        using var api = await app.FeedReaderAsync(tech, project.Number);

        var calendar = await ParseIcsAsync(await FeedAsync(api, $"/api/v1/projects/{project.Number}/calendar.ics"));

        Assert.Empty(calendar.Events);
    }

    [Fact]
    public async Task TheProjectPages_Subscribe_ShowsAFeedLinkOnce_ThatOpensThatFeedOnly_AndReplacesTheEarlierOne()
    {
        var a = await ArrangeAsync("Subscribe " + Guid.NewGuid().ToString("N")[..4]);
        var contact = await app.CreateContactUserAsync(a.Client);
        using var page = await app.SignInAsync(contact.Email, BatonAppFactory.UserPassword);

        var html = await page.GetHtmlAsync($"/Projects/{a.Project.Number}");
        Assert.Contains($"/api/v1/projects/{a.Project.Number}/calendar.ics", html, StringComparison.Ordinal);
        var first = await SubscribeAsync(page, $"/Projects/{a.Project.Number}?handler=CalendarToken");
        var url = await SubscribeAsync(page, $"/Projects/{a.Project.Number}?handler=CalendarToken");
        Assert.StartsWith("token=batonfeed_", url.Query.TrimStart('?'), StringComparison.Ordinal);

        using var calendarApp = Anonymous();
        var feed = await ParseIcsAsync(await FeedAsync(calendarApp, url.PathAndQuery));
        Assert.Contains(feed.Events, e => e.Uid == $"engagement-{a.Engagement}@baton");
        Assert.Equal(HttpStatusCode.Unauthorized, (await calendarApp.GetAsync(first.PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await calendarApp.GetAsync($"/api/v1/tickets{url.Query}")).StatusCode);

        var all = await SubscribeAsync(page, "/Projects?handler=CalendarToken");
        Assert.Equal("/api/v1/projects/calendar.ics", all.AbsolutePath);
        await FeedAsync(calendarApp, all.PathAndQuery);

        var profile = await page.GetHtmlAsync("/Account/Profile");
        Assert.Contains($"Calendar: {a.Project.Number}", profile, StringComparison.Ordinal);
        Assert.Contains("Calendar: all projects", profile, StringComparison.Ordinal);
    }

    private static async Task<Uri> SubscribeAsync(PageClient page, string url)
    {
        var issued = await page.PostFormAsync(url, []);
        var link = System.Text.RegularExpressions.Regex.Match(await issued.Content.ReadAsStringAsync(), "id=\"feed-url-token\"[^>]*value=\"([^\"]+)\"");
        Assert.True(link.Success, "no subscription link");
        return new Uri(WebUtility.HtmlDecode(link.Groups[1].Value));
    }

    private Task<string> ClientNameAsync(BatonAppFactory.ClientSetup client) =>
        app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Clients.Where(c => c.Id == client.ClientId).Select(c => c.Name)));
}
