using System.Net;
using System.Text.RegularExpressions;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Shared;

/// <summary>The frame around every page: one current navigation item, an icon that needs no emoji font, a favicon.</summary>
public sealed partial class LayoutTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    [Theory]
    [InlineData("/Tickets", "/Tickets")]
    [InlineData("/Tickets/New", "/Tickets/New")]
    [InlineData("/Projects", "/Projects")]
    public async Task Navigation_MarksExactlyOneItemCurrent_TheMostSpecific(string url, string current)
    {
        using var page = await app.SignInAsAgentAsync();

        var html = await page.GetHtmlAsync(url);

        Assert.Equal([current], CurrentLinks().Matches(html).Select(m => m.Groups["href"].Value));
    }

    [Fact]
    public async Task NotificationBell_IsAnSvgIcon_NotAnEmoji()
    {
        using var page = await app.SignInAsAgentAsync();

        var html = await page.GetHtmlAsync("/Tickets");

        var bell = BellLink().Match(html);
        Assert.True(bell.Success, "No notification bell on the page.");
        Assert.Contains("<svg", bell.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("🔔", bell.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Favicon_IsLinkedFromEveryPage_AndServedToAnonymousVisitors()
    {
        using var anonymous = app.CreateClient();

        var login = await anonymous.GetStringAsync("/Account/Login");
        using var icon = await anonymous.GetAsync("/favicon.svg");

        Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\"", login, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "image/svg+xml"), (icon.StatusCode, icon.Content.Headers.ContentType?.MediaType));
    }

    [GeneratedRegex("""<a href="(?<href>[^"]+)" aria-current="page">""")]
    private static partial Regex CurrentLinks();

    [GeneratedRegex("""<a href="/Notifications"[^>]*>.*?</a>""", RegexOptions.Singleline)]
    private static partial Regex BellLink();
}
