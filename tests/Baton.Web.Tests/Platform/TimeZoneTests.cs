using System.Globalization;
using System.Net;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Platform;

public sealed class TimeZoneTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    [Fact]
    public async Task Times_AreStoredInUtc_AndShownInTheReadersZone()
    {
        var (page, created, html) = await TicketPageInKolkataAsync();
        using var _ = page;
        Assert.Equal(TimeSpan.Zero, created.Offset);

        var local = TimeZoneInfo.ConvertTime(created, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));
        Assert.Contains(local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC+05:30", html, StringComparison.Ordinal);
        Assert.Contains($"datetime=\"{created.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecentTimes_ReadRelative_WithTheExactTimeOnHover_AndThePageNamesTheZoneOnce()
    {
        var (page, created, html) = await TicketPageInKolkataAsync();
        using var _ = page;

        var local = TimeZoneInfo.ConvertTime(created, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));
        var exact = local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC+05:30";
        Assert.Matches($"<time datetime=\"{created.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z\" title=\"{System.Text.RegularExpressions.Regex.Escape(exact)}\">(just now|\\d+ min ago)</time>", html);
        Assert.Contains("Times are in Asia/Kolkata (UTC+05:30)", html, StringComparison.Ordinal);
        var text = System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ");
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(text, "UTC\\+05:30"));
    }

    [Fact]
    public async Task TimeZoneField_IsSearchable_WithTheCommonZonesFirst()
    {
        using var page = await app.SignInAsAgentAsync();

        var html = await page.GetHtmlAsync("/Account/Profile");

        Assert.Matches("<input[^>]*list=\"time-zones\"[^>]*name=\"Settings.TimeZoneId\"|<input[^>]*name=\"Settings.TimeZoneId\"[^>]*list=\"time-zones\"", html);
        var zones = System.Text.RegularExpressions.Regex.Matches(html, "<option value=\"([^\"]+)\">UTC").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["UTC", "Europe/London"], zones.Take(2));
        Assert.True(zones.Count > 300, $"Only {zones.Count} zones offered.");
        Assert.Single(zones, "Europe/London");
    }

    [Fact]
    public async Task UnknownTimeZone_IsAnsweredInline()
    {
        using var page = await app.SignInAsAgentAsync();

        var response = await page.PostFormAsync("/Account/Profile?handler=Settings", new() { ["Settings.DisplayName"] = "X", ["Settings.TimeZoneId"] = "Mars/Olympus" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose a time zone from the list", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A ticket just opened, and its page as read by an agent whose zone is Asia/Kolkata.</summary>
    private async Task<(PageClient Page, DateTimeOffset Created, string Html)> TicketPageInKolkataAsync()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        using var api = await app.ApiAsAsync(agent);
        var ticket = await OpenIncidentAsync(api, client, "Zone test");
        var created = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == ticket.Id).Select(t => t.CreatedAt).SingleAsync());
        var page = await app.SignInAsync(agent.Email, UserPassword);
        var saved = await page.PostFormAsync("/Account/Profile?handler=Settings", new() { ["Settings.DisplayName"] = "Zoned", ["Settings.TimeZoneId"] = "Asia/Kolkata" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return (page, created, WebUtility.HtmlDecode(await page.GetHtmlAsync($"/Tickets/{ticket.Number}")));
    }
}
