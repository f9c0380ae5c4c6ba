using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Data;
using Baton.Web.Features.Reports;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Reports;

/// <summary>The daily project report as a page and through the API, read now (the report's zone is UTC by default).</summary>
public sealed class DailyReportTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly TodayUtc => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task Page_ListsEachSection_WithTheEngagementTimesAndTechnicians_AndLeavesOutWhatDoesNotBelong()
    {
        var world = await DailyReportWorld.BuildAsync(app, TodayUtc, TimeProvider.System.GetUtcNow());
        using var agent = await app.SignInAsAgentAsync();

        var html = WebUtility.HtmlDecode(await agent.GetHtmlAsync("/reports/daily"));

        var engagements = Section(html, "dr-engagements");
        Assert.Contains(world.Active.Number, engagements, StringComparison.Ordinal);
        Assert.Contains("09:00–11:30", engagements, StringComparison.Ordinal);
        Assert.Contains("Europe/London", engagements, StringComparison.Ordinal);
        Assert.Contains("Cut-over", engagements, StringComparison.Ordinal);
        Assert.Contains(world.Technician.DisplayName, engagements, StringComparison.Ordinal);
        Assert.DoesNotContain("Next day's work " + world.Client.Code, engagements, StringComparison.Ordinal);

        var attributed = Section(html, "dr-attributed");
        Assert.Contains(world.AttributedTicket, attributed, StringComparison.Ordinal);
        Assert.Contains("Dial plan pushed at 09:10", attributed, StringComparison.Ordinal);

        var hypercare = Section(html, "dr-hypercare");
        Assert.Contains(world.Hypercare.Number, hypercare, StringComparison.Ordinal);

        var active = Section(html, "dr-active");
        Assert.Contains(world.Active.Number, active, StringComparison.Ordinal);
        Assert.Contains(world.Lead.DisplayName, active, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Cancelled.Number, html, StringComparison.Ordinal);

        var closed = Section(html, "dr-closed");
        Assert.Contains(world.RecentlyClosed.Number, closed, StringComparison.Ordinal);
        Assert.Contains($"/Projects/{world.RecentlyClosed.Number}/Handbook", closed, StringComparison.Ordinal);
        Assert.DoesNotContain(world.LongClosed.Number, closed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_GivesTheSameReport_WithDaysLeftAndOpenTicketsForHypercare()
    {
        var world = await DailyReportWorld.BuildAsync(app, TodayUtc, TimeProvider.System.GetUtcNow());
        using var api = await app.ApiAsNewAgentAsync();

        var report = await api.GetFromJsonAsync<JsonElement>("/api/v1/reports/daily");

        Assert.Equal(Iso(TodayUtc), report.GetProperty("date").GetString());
        var hypercare = report.GetProperty("hypercare").EnumerateArray().Single(h => h.GetProperty("project").GetProperty("number").GetString() == world.Hypercare.Number);
        Assert.Equal(20, hypercare.GetProperty("daysLeft").GetInt32());
        Assert.Equal(1, hypercare.GetProperty("openTickets").GetInt32());
        var engagement = report.GetProperty("engagements").EnumerateArray().Single(e => e.GetProperty("project").GetProperty("number").GetString() == world.Active.Number);
        Assert.Equal("CutOver", engagement.GetProperty("engagement").GetProperty("kind").GetString());
        Assert.Contains(report.GetProperty("attributed").EnumerateArray(), a => a.GetProperty("attribution").GetProperty("ticketNumber").GetString() == world.AttributedTicket);
        Assert.Contains(report.GetProperty("recentlyClosed").EnumerateArray(), p => p.GetProperty("number").GetString() == world.RecentlyClosed.Number);
    }

    [Fact]
    public async Task APastDate_IsReadAtTheEndOfThatDay_SoTheLast24HoursAreThatDays()
    {
        // The world's attribution is made two hours before "now": in the first hours after midnight UTC that would be
        // yesterday, so "now" is taken no earlier than 03:00 today (still in the past or the near future of the server).
        var real = TimeProvider.System.GetUtcNow();
        var now = real.TimeOfDay < TimeSpan.FromHours(3) ? new DateTimeOffset(real.UtcDateTime.Date.AddHours(3), TimeSpan.Zero) : real;
        var yesterday = TodayUtc.AddDays(-1);
        var world = await DailyReportWorld.BuildAsync(app, yesterday, now);
        using var api = await app.ApiAsNewAgentAsync();

        var report = await api.GetFromJsonAsync<JsonElement>($"/api/v1/reports/daily?date={Iso(yesterday)}");

        Assert.Equal(Iso(yesterday), report.GetProperty("date").GetString());
        Assert.Equal(yesterday.AddDays(1).ToDateTime(TimeOnly.MinValue).AddTicks(-1), report.GetProperty("asOf").GetDateTimeOffset().UtcDateTime);
        Assert.Contains(report.GetProperty("engagements").EnumerateArray(), e => e.GetProperty("project").GetProperty("number").GetString() == world.Active.Number);
        // attributed two hours ago: today, so not in yesterday's last 24 hours
        Assert.DoesNotContain(report.GetProperty("attributed").EnumerateArray(), a => a.GetProperty("attribution").GetProperty("ticketNumber").GetString() == world.AttributedTicket);
    }

    [Fact]
    public async Task ABadDate_IsAnsweredInline_OnThePage_AndAsAProblemOnTheApi()
    {
        using var agent = await app.SignInAsAgentAsync();
        var html = WebUtility.HtmlDecode(await agent.GetHtmlAsync("/Reports/Daily?date=2026-13-45"));
        Assert.Contains("Give the date as YYYY-MM-DD", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);

        using var api = await app.ApiAsNewAgentAsync();
        var response = await api.GetAsync("/api/v1/reports/daily?date=tomorrow");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ClientContacts_CannotReadTheDailyReport()
    {
        var client = await app.CreateClientAsync();
        var contact = await app.CreateContactUserAsync(client);
        using var page = await app.SignInAsync(contact.Email, UserPassword);
        var response = await page.GetAsync("/Reports/Daily");
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{(int)response.StatusCode}");
        Assert.Contains("AccessDenied", response.Headers.Location?.ToString() ?? "AccessDenied", StringComparison.Ordinal);

        using var api = await app.ApiAsAsync(contact);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/reports/daily")).StatusCode);
    }

    [Fact]
    public async Task SentReports_AreListed_AndShowTheEmailAsQueued()
    {
        var day = new DateOnly(2031, 1, 14);
        var at = new DateTimeOffset(2031, 1, 14, 8, 0, 0, TimeSpan.Zero);
        using (var scope = app.Services.CreateScope())
        {
            var run = await scope.ServiceProvider.GetRequiredService<DailyReportJob>().RunIfDueAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), at, default);
            Assert.NotNull(run);
            Assert.Null(run.OutboxMessage); // no recipients configured in this class
        }

        using var agent = await app.SignInAsAgentAsync();
        var html = WebUtility.HtmlDecode(await agent.GetHtmlAsync("/Reports/Daily"));
        Assert.Contains("2031-01-14", Section(html, "sent-heading"), StringComparison.Ordinal);
        Assert.Contains("no recipients configured", Section(html, "sent-heading"), StringComparison.Ordinal);
    }

    /// <summary>The markup from the heading with <paramref name="id"/> to the end of its section.</summary>
    public static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No section {id}");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}
