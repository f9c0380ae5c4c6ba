using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Baton.Domain.Hypercare;
using Baton.Web.Tests.Infrastructure;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Hypercare;

/// <summary>The dashboard against a hand-built month of hypercare tickets, through the API and the page.</summary>
public sealed partial class HypercareDashboardTests(HypercareDesk desk) : IClassFixture<HypercareDesk>
{
    private sealed record Counts(int P1, int P2, int P3, int P4, int Total);

    private sealed record ScopeCounts(int Operational, int Application, int Technological);

    private sealed record WeekFigures(int Week, Counts Opened, ScopeCounts OpenedByScope, int OpenAtEnd, int ResolvedAtEnd, int ResolvedInWeek, decimal? MeanHoursToResolve, int FeedbackCount, decimal? FeedbackMean);

    private sealed record CategoryCount(string Category, int Tickets);

    private sealed record Dashboard(int Tickets, int Open, int Resolved, decimal? MeanHoursToResolve, Counts ByPriority, ScopeCounts ByScope, List<WeekFigures> Weeks, List<CategoryCount> TopCategories, int FeedbackCount, decimal? FeedbackMean, DateTimeOffset AsOf);

    private async Task<TicketDto> OpenAtAsync(HypercareDesk.Crew crew, DateTimeOffset at, string priority, object extra)
    {
        desk.Clock.Set(at);
        var (impact, urgency) = priority switch { "P1" => ("High", "High"), "P2" => ("High", "Medium"), "P3" => ("Medium", "Medium"), _ => ("Low", "Medium") };
        var body = new Dictionary<string, object?> { ["title"] = "Month ticket", ["clientId"] = crew.Client.ClientId, ["requesterId"] = crew.Client.ContactId, ["impact"] = impact, ["urgency"] = urgency };
        foreach (var p in extra.GetType().GetProperties())
        {
            body[System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name)] = p.GetValue(extra);
        }

        var response = await crew.Api.PostAsJsonAsync("/api/v1/tickets", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var ticket = (await response.Content.ReadFromJsonAsync<TicketDto>(Json))!;
        Assert.Equal(priority, ticket.Priority);
        return ticket;
    }

    private async Task MoveAtAsync(HypercareDesk.Crew crew, TicketDto ticket, DateTimeOffset at, string transition, string? note = null)
    {
        desk.Clock.Set(at);
        var response = await crew.Api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition, note });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task FeedbackAtAsync(HttpClient contact, string project, DateTimeOffset at, int rating)
    {
        desk.Clock.Set(at);
        var response = await contact.PostAsJsonAsync($"/api/v1/projects/{project}/feedback", new { rating, comment = $"Rated {rating}" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dashboard_AHandBuiltMonth_CountsWeeksPrioritiesScopesStatesTimesCategoriesAndFeedback()
    {
        var crew = await desk.CrewAsync();
        var t0 = desk.Clock.Now;
        await desk.EnterAsync(crew, 30);
        using var mia = await desk.App.ApiAsAsync(await desk.App.CreateContactUserAsync(crew.Client));
        using var noah = await desk.App.ApiAsAsync(await desk.App.CreateContactUserAsync(crew.Client));
        var site = crew.Client.SiteId;

        // A: week 1, P2, application, resolved 4 h after opening.
        var a = await OpenAtAsync(crew, t0.AddHours(1), "P2", new { siteId = site, categoryId = crew.Software });
        await MoveAtAsync(crew, a, t0.AddHours(4), "Acknowledge");
        await MoveAtAsync(crew, a, t0.AddHours(5), "Resolve", "Fixed the posting rule.");
        await FeedbackAtAsync(mia, crew.Project.Number, t0.AddDays(1), 4);
        await FeedbackAtAsync(noah, crew.Project.Number, t0.AddDays(1).AddHours(2), 2);

        // B: week 1, P1, technological; resolved on day 3, reopened on day 8, resolved for good on day 9.
        var b = await OpenAtAsync(crew, t0.AddDays(2), "P1", new { configurationItemId = crew.Client.ConfigurationItemId, categoryId = crew.Network });
        await MoveAtAsync(crew, b, t0.AddDays(2).AddHours(1), "Acknowledge");
        await MoveAtAsync(crew, b, t0.AddDays(3), "Resolve", "Replaced the switch.");

        // D: the last minute of week 1, P4, application; resolved on day 15, closed the next day.
        var d = await OpenAtAsync(crew, t0.AddDays(7).AddMinutes(-1), "P4", new { siteId = site, categoryId = crew.Software });

        // C: the first instant of week 2, P3, non-technical (operational), no category; stays open.
        await OpenAtAsync(crew, t0.AddDays(7), "P3", new { siteId = site, requestType = "NonTechnical" });
        await MoveAtAsync(crew, b, t0.AddDays(8), "Reopen", "Dropped again.");
        await FeedbackAtAsync(mia, crew.Project.Number, t0.AddDays(8), 5);
        await MoveAtAsync(crew, b, t0.AddDays(9), "Resolve", "Replaced the uplink cable too.");

        // Not a hypercare ticket (touches nothing of the project): not counted.
        await OpenAtAsync(crew, t0.AddDays(10), "P1", new { categoryId = crew.Software });

        await MoveAtAsync(crew, d, t0.AddDays(15).AddMinutes(-1), "Acknowledge");
        await MoveAtAsync(crew, d, t0.AddDays(15), "Resolve", "Re-ran the export.");
        await MoveAtAsync(crew, d, t0.AddDays(16).AddHours(-1), "Close");
        desk.Clock.Set(t0.AddDays(16));

        var board = (await crew.Api.GetFromJsonAsync<Dashboard>($"/api/v1/projects/{crew.Project.Number}/hypercare/dashboard", Json))!;

        Assert.Equal((4, 1, 3), (board.Tickets, board.Open, board.Resolved));
        Assert.Equal(new Counts(1, 1, 1, 1, 4), board.ByPriority);
        Assert.Equal(new ScopeCounts(1, 2, 1), board.ByScope);
        Assert.Equal(121.3m, board.MeanHoursToResolve); // (4 h + 7 d + 8 d 1 min) / 3
        Assert.Equal(t0.AddDays(16), board.AsOf);
        Assert.Equal(
            [
                new WeekFigures(1, new Counts(1, 1, 0, 1, 3), new ScopeCounts(0, 2, 1), 1, 2, 1, 4.0m, 2, 3.00m),
                new WeekFigures(2, new Counts(0, 0, 1, 0, 1), new ScopeCounts(1, 0, 0), 2, 2, 1, 168.0m, 1, 5.00m),
                new WeekFigures(3, new Counts(0, 0, 0, 0, 0), new ScopeCounts(0, 0, 0), 1, 3, 1, 192.0m, 0, null),
            ],
            board.Weeks);
        Assert.Equal(["Software", "Network", "No category"], board.TopCategories.Select(c => c.Category.Split(' ')[0] == "No" ? c.Category : c.Category.Split(' ')[0]));
        Assert.Equal([2, 1, 1], board.TopCategories.Select(c => c.Tickets));
        Assert.Equal((3, 3.67m), (board.FeedbackCount, board.FeedbackMean));

        // The page draws the same figures as SVG charts, each with a title, a description and a data table.
        var staff = await desk.App.CreateAgentAsync();
        using var page = await desk.App.SignInAsync(staff.Email, UserPassword);
        var response = await page.GetAsync($"/Projects/{crew.Project.Number}/Hypercare");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"tickets-total\">4<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"mean-time-to-resolve\">121.3 h<", html, StringComparison.Ordinal);
        Assert.Equal(6, SvgOpen().Count(html));
        Assert.Contains("role=\"img\" aria-labelledby=\"chart-priority-title chart-priority-desc\"", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-priority-title\">Tickets per week by priority</title>", html, StringComparison.Ordinal);
        Assert.Contains("<caption>Open and resolved over time</caption>", html, StringComparison.Ordinal);
        Assert.Matches("<tr><th scope=\"row\">W3</th><td>1</td><td>3</td></tr>", html); // open, resolved at the end of week 3
        Assert.DoesNotMatch(" style=\"", html);
        Assert.Contains("Rated 5", html, StringComparison.Ordinal);
    }

    /// <summary>A chart's opening tag (the page's icons are SVG too, and are not charts).</summary>
    [GeneratedRegex("""<svg [^>]*class="chart"[^>]*role="img"[^>]*>""")]
    private static partial Regex SvgOpen();
}
