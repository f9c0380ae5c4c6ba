using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Projects.ProjectKit;

namespace Baton.Web.Tests.Projects;

/// <summary>Engagements are scheduled in the client's own time zone, kept in UTC, and shown saying the zone.</summary>
public sealed class EngagementSchedulingTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private async Task<(BatonAppFactory.ClientSetup Client, BatonAppFactory.ProjectSetup Project, BatonAppFactory.TestUser Tech)> ArrangeAsync(string zone)
    {
        var client = await app.CreateClientAsync();
        await SetTimeZoneAsync(app, client, zone);
        var tech = await app.CreateAgentAsync("Olu Onsite");
        var project = await app.CreateProjectAsync(client, tech, ProjectStatus.Active);
        return (client, project, tech);
    }

    [Fact]
    public async Task Scheduling_TakesTheClientsWallClock_AndStoresUtc()
    {
        var (_, project, tech) = await ArrangeAsync("America/New_York");
        using var api = await app.ApiAsAsync(tech);

        var created = await api.PostAsJsonAsync($"/api/v1/projects/{project.Number}/engagements", new
        {
            date = "2026-07-14", start = "22:00", end = "02:00", kind = "CutOver", technicianIds = new[] { tech.Id }, touches = "Core switch; VoIP", notes = "Bring console cable",
        });

        var e = await JsonAsync(created, HttpStatusCode.Created);
        Assert.Equal("America/New_York", e.GetProperty("timeZoneId").GetString());
        Assert.Equal(new DateTimeOffset(2026, 7, 15, 2, 0, 0, TimeSpan.Zero), e.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 7, 15, 6, 0, 0, TimeSpan.Zero), e.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal("22:00:00", e.GetProperty("startTime").GetString());
        Assert.Equal("Olu Onsite", e.GetProperty("technicians")[0].GetProperty("name").GetString());
        Assert.Equal(0, e.GetProperty("sequence").GetInt32());
        var id = e.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/projects/{project.Number}/engagements/{id}", created.Headers.Location?.ToString());
        var listed = await JsonAsync(await api.GetAsync($"/api/v1/projects/{project.Number}/engagements"), HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task OnTheDayTheClocksGoForward_LondonTimesMapToTheRightUtc()
    {
        var (_, project, tech) = await ArrangeAsync("Europe/London");
        using var api = await app.ApiAsAsync(tech);

        // 29 March 2026: at 01:00 GMT the clocks jump to 02:00 BST.
        var early = await JsonAsync(await api.PostAsJsonAsync($"/api/v1/projects/{project.Number}/engagements",
            new { date = "2026-03-29", start = "00:30", end = "03:00", kind = "MaintenanceWindow" }), HttpStatusCode.Created);
        var morning = await JsonAsync(await api.PostAsJsonAsync($"/api/v1/projects/{project.Number}/engagements",
            new { date = "2026-03-29", start = "09:00", end = "12:00", kind = "OnSite" }), HttpStatusCode.Created);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero), early.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 2, 0, 0, TimeSpan.Zero), early.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 8, 0, 0, TimeSpan.Zero), morning.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 11, 0, 0, TimeSpan.Zero), morning.GetProperty("endsAt").GetDateTimeOffset());

        using var page = await app.SignInAsync(tech.Email, BatonAppFactory.UserPassword);
        var html = Text(await page.GetHtmlAsync($"/Projects/{project.Number}/Engagements"));
        Assert.Contains("Sun 29 Mar 2026 09:00–12:00 Europe/London (UTC+01:00)", html, StringComparison.Ordinal);
        Assert.Contains("Sun 29 Mar 2026 00:30–03:00 Europe/London (UTC+00:00)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rescheduling_BumpsTheSequence_AndCancellingKeepsTheEngagementOnRecord()
    {
        var (_, project, tech) = await ArrangeAsync("Europe/Paris");
        using var api = await app.ApiAsAsync(tech);
        var url = $"/api/v1/projects/{project.Number}/engagements";
        var id = (await JsonAsync(await api.PostAsJsonAsync(url, new { date = "2026-05-04", start = "09:00", end = "11:00", kind = "OnSite" }), HttpStatusCode.Created))
            .GetProperty("id").GetInt32();

        var moved = await JsonAsync(await api.PutAsJsonAsync($"{url}/{id}", new { date = "2026-05-05", start = "14:00", end = "16:00", kind = "Remote" }), HttpStatusCode.OK);
        Assert.Equal(1, moved.GetProperty("sequence").GetInt32());
        Assert.Equal(new DateTimeOffset(2026, 5, 5, 12, 0, 0, TimeSpan.Zero), moved.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal("Remote", moved.GetProperty("kind").GetString());

        var cancelled = await JsonAsync(await api.DeleteAsync($"{url}/{id}"), HttpStatusCode.OK);
        Assert.True(cancelled.GetProperty("isCancelled").GetBoolean());
        Assert.Equal(2, cancelled.GetProperty("sequence").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await api.DeleteAsync($"{url}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PutAsJsonAsync($"{url}/{id}", new { date = "2026-05-06", start = "09:00", end = "10:00", kind = "OnSite" })).StatusCode);
        Assert.True((await JsonAsync(await api.GetAsync($"{url}/{id}"), HttpStatusCode.OK)).GetProperty("isCancelled").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"{url}/{id + 100_000}")).StatusCode);
    }

    [Fact]
    public async Task AClosedOrCancelledProject_TakesNoNewEngagements()
    {
        var client = await app.CreateClientAsync();
        var tech = await app.CreateAgentAsync();
        var closed = await app.CreateProjectAsync(client, tech, ProjectStatus.Closed);
        var cancelled = await app.CreateProjectAsync(client, tech, ProjectStatus.Cancelled);
        using var api = await app.ApiAsAsync(tech);

        foreach (var number in new[] { closed.Number, cancelled.Number })
        {
            var response = await api.PostAsJsonAsync($"/api/v1/projects/{number}/engagements", new { date = "2026-05-04", start = "09:00", end = "11:00", kind = "OnSite" });
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains("any more", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.False(await app.WithDbAsync(db => db.Engagements.AnyAsync(e => e.ProjectId == closed.Id || e.ProjectId == cancelled.Id)));
    }

    [Fact]
    public async Task TheEngagementsPage_SchedulesReschedulesAndCancels()
    {
        var (_, project, tech) = await ArrangeAsync("Europe/Berlin");
        using var page = await app.SignInAsync(tech.Email, BatonAppFactory.UserPassword);
        var url = $"/Projects/{project.Number}/Engagements";

        var bad = await page.PostFormAsync(url + "?handler=Save", new() { ["Input.Date"] = "2026-06-10", ["Input.Start"] = "10:00", ["Input.End"] = "10:00", ["Input.Kind"] = "OnSite" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.False(string.IsNullOrEmpty(FieldError(await bad.Content.ReadAsStringAsync(), "Input.End")));
        var missing = await page.PostFormAsync(url + "?handler=Save", new() { ["Input.Start"] = "10:00", ["Input.End"] = "11:00", ["Input.Kind"] = "OnSite" });
        Assert.False(string.IsNullOrEmpty(FieldError(await missing.Content.ReadAsStringAsync(), "Input.Date")));

        var saved = await page.PostFormAsync(url + "?handler=Save", new()
        {
            ["Input.Date"] = "2026-06-10", ["Input.Start"] = "08:00", ["Input.End"] = "12:30", ["Input.Kind"] = "OnSite", ["Input.TechnicianIds"] = tech.Id,
            ["Input.Touches"] = "Warehouse Wi-Fi",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var engagement = await app.WithDbAsync(db => db.Engagements.AsNoTracking().SingleAsync(e => e.ProjectId == project.Id));
        Assert.Equal(new DateTimeOffset(2026, 6, 10, 6, 0, 0, TimeSpan.Zero), engagement.StartsAt);
        var html = Text(await page.GetHtmlAsync(url));
        Assert.Contains("Wed 10 Jun 2026 08:00–12:30 Europe/Berlin (UTC+02:00)", html, StringComparison.Ordinal);
        Assert.Contains("Olu Onsite", html, StringComparison.Ordinal);
        Assert.Contains("Warehouse Wi-Fi", Text(await page.GetHtmlAsync($"/Projects/{project.Number}")), StringComparison.Ordinal);

        var form = await page.GetHtmlAsync($"{url}?edit={engagement.Id}");
        Assert.Contains("Reschedule the engagement", form, StringComparison.Ordinal);
        var moved = await page.PostFormAsync(url + "?handler=Save", new()
        {
            ["Input.Id"] = Id(engagement.Id), ["Input.Date"] = "2026-06-11", ["Input.Start"] = "13:00", ["Input.End"] = "15:00", ["Input.Kind"] = "Remote",
        });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var after = await app.WithDbAsync(db => db.Engagements.AsNoTracking().SingleAsync(e => e.Id == engagement.Id));
        Assert.Equal(new DateTimeOffset(2026, 6, 11, 11, 0, 0, TimeSpan.Zero), after.StartsAt);
        Assert.Empty(after.TechnicianIds);
        Assert.Equal(1, after.Sequence);

        var cancel = await page.PostFormAsync($"{url}?handler=Cancel&engagementId={engagement.Id}", []);
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Engagements.Where(e => e.Id == engagement.Id).Select(e => e.IsCancelled).SingleAsync()));
        Assert.Contains("Cancelled", Text(await page.GetHtmlAsync(url)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientContact_SeesTheEngagementsButNoSchedulingForm()
    {
        var (client, project, tech) = await ArrangeAsync("Europe/London");
        using var api = await app.ApiAsAsync(tech);
        await JsonAsync(await api.PostAsJsonAsync($"/api/v1/projects/{project.Number}/engagements", new { date = "2026-08-03", start = "09:00", end = "10:00", kind = "OnSite" }), HttpStatusCode.Created);
        var contact = await app.CreateContactUserAsync(client);
        using var page = await app.SignInAsync(contact.Email, BatonAppFactory.UserPassword);

        var html = Text(await page.GetHtmlAsync($"/Projects/{project.Number}/Engagements"));

        Assert.Contains("Mon 3 Aug 2026 09:00–10:00 Europe/London (UTC+01:00)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Schedule an engagement", html, StringComparison.Ordinal);
        var post = await page.PostFormAsync($"/Projects/{project.Number}/Engagements?handler=Save",
            new() { ["Input.Date"] = "2026-08-04", ["Input.Start"] = "09:00", ["Input.End"] = "10:00", ["Input.Kind"] = "OnSite" }, $"/Projects/{project.Number}");
        Assert.Contains("Only the service desk", Alert(await post.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Engagements.CountAsync(e => e.ProjectId == project.Id)));
    }
}
