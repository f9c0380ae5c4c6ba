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
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        using var api = await app.ApiAsAsync(agent);
        var ticket = await OpenIncidentAsync(api, client, "Zone test");
        var created = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == ticket.Id).Select(t => t.CreatedAt).SingleAsync());
        Assert.Equal(TimeSpan.Zero, created.Offset);

        using var page = await app.SignInAsync(agent.Email, UserPassword);
        var saved = await page.PostFormAsync("/Account/Profile?handler=Settings", new() { ["Settings.DisplayName"] = "Zoned", ["Settings.TimeZoneId"] = "Asia/Kolkata" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync($"/Tickets/{ticket.Number}"));
        var local = TimeZoneInfo.ConvertTime(created, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));
        Assert.Contains(local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC+05:30", html, StringComparison.Ordinal);
        Assert.Contains($"datetime=\"{created.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownTimeZone_IsAnsweredInline()
    {
        using var page = await app.SignInAsAgentAsync();

        var response = await page.PostFormAsync("/Account/Profile?handler=Settings", new() { ["Settings.DisplayName"] = "X", ["Settings.TimeZoneId"] = "Mars/Olympus" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose a time zone from the list", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
