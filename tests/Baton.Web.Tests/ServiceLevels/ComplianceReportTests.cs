using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Baton.Web.Features.Shared;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>
/// The SLA compliance report over HTTP, against the hand-worked month of <see cref="ComplianceReportWorld"/> (the
/// table there has every ticket's clocks; the arithmetic is repeated in comments here).
/// </summary>
public sealed class ComplianceReportTests(ComplianceReportWorld world) : IClassFixture<ComplianceReportWorld>
{
    [Fact]
    public async Task Get_ClientWithoutPeriod_ReportsThePreviousMonthAsHandWorked()
    {
        var report = await GetReportAsync($"clientId={world.Northwind.ClientId}");

        Assert.Equal(("2027-03-01", "2027-03-31"), (report.Scope.From, report.Scope.To));
        Assert.Equal(ComplianceReportWorld.ReadAt, report.Scope.AsOf);
        Assert.Equal("Northwind Traders", report.Scope.ClientName);
        // T0 (02-28) and T8 (04-01) are outside March; Contoso's ticket is another client's.
        Assert.Equal(Numbers("T1", "T2", "T3", "T4", "T5", "T6", "T7"), report.Tickets.Select(t => t.Number));
        Assert.Equal(7, report.Summary.TicketsInScope);

        // First response. Met: T1, T3, T5, T6, T7; missed: T2; breached: T4. 5 / (5 + 1 + 1) = 71.428… → 71.4 %.
        // Stopped: 30, 90, 60, 10, 20, 10 (n = 6): mean 220 / 6 = 36.67 min; P90 rank ⌈5.4⌉ = 6 of 10, 10, 20, 30, 60, 90 → 90.
        Assert.Equal(new ClockSummary(5, 1, 1, 0, 7, 71.4m, 6, 36.67m, 90m), report.Summary.FirstResponse);
        // Resolution. Met: T1, T2, T6; missed: T3; breached: T4; pending: T5 (paused), T7 (running). 3 / 5 = 60 %.
        // Stopped: 240, 240, 1680, 240 (n = 4): mean 2400 / 4 = 600; P90 rank ⌈3.6⌉ = 4 of 240, 240, 240, 1680 → 1680.
        Assert.Equal(new ClockSummary(3, 1, 1, 2, 5, 60.0m, 4, 600m, 1680m), report.Summary.Resolution);

        Assert.Equal(
            [
                (world.Number("T2"), "FirstResponse", "Missed", 60m, 90m, 30m),
                (world.Number("T3"), "Resolution", "Missed", 1440m, 1680m, 240m),
                (world.Number("T4"), "FirstResponse", "Breached", 60m, 40320m, 40260m),  // 28 days × 1440 − 60
                (world.Number("T4"), "Resolution", "Breached", 480m, 40320m, 39840m),    // 28 days × 1440 − 480
            ],
            report.Breaches.Select(b => (b.Number, b.Clock, b.Outcome, b.TargetMinutes, b.ElapsedMinutes, b.OverByMinutes)));

        Assert.Equal(
            [
                ("P2", 60m, 30m, "Met", 480m, 240m, "Met"),
                ("P2", 60m, 90m, "Missed", 480m, 240m, "Met"),        // 480 on the wall, 240 awaiting the customer
                ("P3", 240m, 60m, "Met", 1440m, 1680m, "Missed"),     // first response stopped by the reply, not the acknowledgement
                ("P2", 60m, 40320m, "Breached", 480m, 40320m, "Breached"),
                ("P2", 60m, 10m, "Met", 480m, 70m, "Pending"),        // paused since 10:10
                ("P2", 60m, 20m, "Met", 480m, 240m, "Met"),           // 120 + 120, the resolved hour before the reopen not counted
                ("P3", 240m, 10m, "Met", 1440m, 570m, "Pending"),     // 23:30 → 09:00
            ],
            report.Tickets.Select(t => (t.Priority, t.FirstResponse.TargetMinutes, t.FirstResponse.ElapsedMinutes, t.FirstResponse.Outcome,
                t.Resolution.TargetMinutes, t.Resolution.ElapsedMinutes, t.Resolution.Outcome)));
        Assert.Equal(ComplianceReportWorld.At("2027-03-03 10:00"), report.Tickets[2].FirstResponse.StoppedAt);
    }

    [Fact]
    public async Task Get_Contract_CountsOnlyTheTicketsUnderIt()
    {
        var report = await GetReportAsync($"clientId={world.Northwind.ClientId}&contractId={world.GoldContractId}&from=2027-03-01&to=2027-03-31");

        // Gold 2027 starts on 03-04: T4–T7.
        Assert.Equal("Gold 2027", report.Scope.ContractName);
        Assert.Equal(Numbers("T4", "T5", "T6", "T7"), report.Tickets.Select(t => t.Number));
        Assert.All(report.Tickets, t => Assert.Equal("Gold 2027", t.ContractName));
        // First response: met T5, T6, T7; breached T4. 3 / 4 = 75 %. Stopped 10, 20, 10: mean 40 / 3 = 13.33; P90 rank ⌈2.7⌉ = 3 → 20.
        Assert.Equal(new ClockSummary(3, 0, 1, 0, 4, 75.0m, 3, 13.33m, 20m), report.Summary.FirstResponse);
        // Resolution: met T6; breached T4; pending T5, T7. 1 / 2 = 50 %. Stopped: 240 only.
        Assert.Equal(new ClockSummary(1, 0, 1, 2, 2, 50.0m, 1, 240m, 240m), report.Summary.Resolution);
        Assert.Equal([world.Number("T4"), world.Number("T4")], report.Breaches.Select(b => b.Number));
    }

    [Fact]
    public async Task Get_AllClients_AddsTheOtherClientsTickets()
    {
        var report = await GetReportAsync("from=2027-03-01&to=2027-03-31");

        Assert.Null(report.Scope.ClientId);
        // Northwind's seven and Contoso's C1 (created 03-10, between T6 and T7).
        Assert.Equal(Numbers("T1", "T2", "T3", "T4", "T5", "T6", "C1", "T7"), report.Tickets.Select(t => t.Number));
        // First response: C1 met in 5 min. 6 / (6 + 1 + 1) = 75 %. Stopped 30, 90, 60, 10, 20, 5, 10: mean 225 / 7 = 32.14; P90 rank ⌈6.3⌉ = 7 → 90.
        Assert.Equal(new ClockSummary(6, 1, 1, 0, 8, 75.0m, 7, 32.14m, 90m), report.Summary.FirstResponse);
        // Resolution: C1 breached (22 days = 31680 min of 480). 3 / (3 + 1 + 2) = 50 %.
        Assert.Equal(new ClockSummary(3, 1, 2, 2, 6, 50.0m, 4, 600m, 1680m), report.Summary.Resolution);
        var c1 = Assert.Single(report.Breaches, b => b.Number == world.Number("C1"));
        Assert.Equal(("Resolution", "Breached", 480m, 31680m, 31200m), (c1.Clock, c1.Outcome, c1.TargetMinutes, c1.ElapsedMinutes, c1.OverByMinutes));
    }

    [Theory]
    // The first and the last day both count, by the UTC date of creation.
    [InlineData("from=2027-03-31&to=2027-04-01", "T7,T8")]
    [InlineData("from=2027-02-28&to=2027-02-28", "T0")]
    [InlineData("from=2027-03-04&to=2027-03-05", "T4,T5")]
    [InlineData("from=2027-05-01&to=2027-05-31", "")]
    public async Task Get_Period_IncludesBothEndDays(string period, string expected)
    {
        var report = await GetReportAsync($"clientId={world.Northwind.ClientId}&{period}");

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(world.Number), report.Tickets.Select(t => t.Number));
    }

    [Theory]
    [InlineData("")]
    [InlineData("clientId={Northwind}&contractId={Gold}&from=2027-03-01&to=2027-03-31")]
    [InlineData("from=2027-01-01&to=2027-12-31")]
    public async Task Get_AnyScope_FiguresReconcileWithTheListedTickets(string query)
    {
        var report = await GetReportAsync(Fill(query));

        Assert.Equal(report.Tickets.Count, report.Summary.TicketsInScope);
        Recount(report.Summary.FirstResponse, report.Tickets.Select(t => t.FirstResponse).ToList());
        Recount(report.Summary.Resolution, report.Tickets.Select(t => t.Resolution).ToList());
        // Every breach is a listed ticket's missed or breached clock, and every such clock is a breach.
        var expected = report.Tickets
            .SelectMany(t => new[] { (t.Number, Clock: "FirstResponse", Result: t.FirstResponse), (t.Number, Clock: "Resolution", Result: t.Resolution) })
            .Where(c => c.Result.Outcome is "Missed" or "Breached")
            .Select(c => (c.Number, c.Clock, c.Result.ElapsedMinutes - c.Result.TargetMinutes));
        Assert.Equal(expected, report.Breaches.Select(b => (b.Number, b.Clock, b.OverByMinutes)));
    }

    [Fact]
    public async Task Get_YearOfA366DayLeapYear_IsAllowed()
    {
        using var api = world.AgentApi();

        var response = await api.GetAsync("/api/v1/reports/sla?from=2028-01-01&to=2028-12-31");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("from=2027-03-10&to=2027-03-01", "from")]
    [InlineData("from=2026-01-01&to=2027-01-02", "to")] // 365 + 2 = 367 days
    [InlineData("from=2027-03-01", "to")]
    [InlineData("to=2027-03-01", "from")]
    [InlineData("clientId=987654", "clientId")]
    [InlineData("clientId={Northwind}&contractId=987654", "contractId")]
    [InlineData("clientId={Northwind}&contractId={Contoso}", "contractId")]
    [InlineData("contractId={Gold}", "contractId")]
    public async Task Get_BadInput_AnswersAProblemNamingTheField(string query, string field)
    {
        using var api = world.AgentApi();

        var response = await api.GetAsync("/api/v1/reports/sla?" + Fill(query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), problem.RootElement.ToString());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }

    [Fact]
    public async Task Get_AsClientContact_IsForbidden()
    {
        using var api = await world.ContactApiAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/reports/sla?clientId={world.Northwind.ClientId}")).StatusCode);
    }

    [Fact]
    public async Task Csv_Download_HasTheHeaderAndOneRowPerTicket()
    {
        using var page = await world.SignInAsync(world.Agent);

        var response = await page.GetAsync($"/Reports/Sla?handler=Csv&clientId={world.Northwind.ClientId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"sla-compliance-client-{world.Northwind.ClientId}-2027-03-01-to-2027-03-31.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "number,title,client,contract,priority,created,first_response_target_minutes,first_response_elapsed_minutes,first_response_outcome,"
            + "resolution_target_minutes,resolution_elapsed_minutes,resolution_outcome",
            lines[0]);
        Assert.Equal(Numbers("T1", "T2", "T3", "T4", "T5", "T6", "T7"), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal($"{world.Number("T3")},T3 {world.Northwind.Code},Northwind Traders,,P3,2027-03-03T09:00:00Z,240,60,Met,1440,1680,Missed", lines[3]);
        Assert.Equal($"{world.Number("T5")},T5 {world.Northwind.Code},Northwind Traders,Gold 2027,P2,2027-03-05T09:00:00Z,60,10,Met,480,70,Pending", lines[5]);
    }

    [Fact]
    public async Task Page_Agent_SeesTheFiguresTheBreachesAndEveryTicket()
    {
        using var page = await world.SignInAsync(world.Agent);

        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync($"/Reports/Sla?clientId={world.Northwind.ClientId}"));

        Assert.Contains("<a href=\"/Reports/Sla\" aria-current=\"page\">Reports</a>", html, StringComparison.Ordinal);
        Assert.Contains("71.4 %", html, StringComparison.Ordinal);
        Assert.Contains("60.0 %", html, StringComparison.Ordinal);
        Assert.Contains("Breaches (4)", html, StringComparison.Ordinal);
        Assert.Contains("Tickets in scope (7)", html, StringComparison.Ordinal);
        Assert.Contains("met ÷ (met + missed + breached)", html, StringComparison.Ordinal);
        foreach (var name in new[] { "T1", "T2", "T3", "T4", "T5", "T6", "T7" })
        {
            Assert.Contains($"href=\"/Tickets/{world.Number(name)}\"", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(world.Number("T0"), html, StringComparison.Ordinal);
        var csv = System.Text.RegularExpressions.Regex.Match(html, "<a href=\"([^\"]+)\">Download CSV</a>");
        Assert.True(csv.Success, "no Download CSV link");
        Assert.Equal(
            ["clientId=" + world.Northwind.ClientId, "from=2027-03-01", "handler=Csv", "to=2027-03-31"],
            csv.Groups[1].Value.Split('?')[1].Split('&').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Page_BadPeriod_ShowsTheProblemInsteadOfFigures()
    {
        using var page = await world.SignInAsync(world.Agent);

        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync("/Reports/Sla?from=2027-03-10&to=2027-03-01"));

        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("from must be on or before to", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Tickets in scope", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_ClientContact_IsSentToAccessDenied()
    {
        using var page = await world.SignInAsync(world.NorthwindContact);

        foreach (var url in new[] { "/Reports/Sla", "/Reports/Sla?handler=Csv" })
        {
            var response = await page.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(">Reports</a>", await page.GetHtmlAsync("/Tickets"), StringComparison.Ordinal);
    }

    // ---- Reading and recounting --------------------------------------------------------------------------

    private static void Recount(ClockSummary summary, IReadOnlyList<ClockResult> clocks)
    {
        int Count(string outcome) => clocks.Count(c => c.Outcome == outcome);
        var stopped = clocks.Where(c => c.Outcome is "Met" or "Missed").Select(c => c.ElapsedMinutes).Order().ToList();
        var counted = Count("Met") + Count("Missed") + Count("Breached");
        Assert.Equal((Count("Met"), Count("Missed"), Count("Breached"), Count("Pending"), counted), (summary.Met, summary.Missed, summary.Breached, summary.Pending, summary.Counted));
        Assert.Equal(clocks.Count, summary.Met + summary.Missed + summary.Breached + summary.Pending);
        Assert.Equal(counted == 0 ? null : Math.Round(100m * Count("Met") / counted, 1, MidpointRounding.AwayFromZero), summary.MetPercent);
        Assert.Equal(stopped.Count, summary.Stopped);
        if (stopped.Count == 0)
        {
            Assert.Null(summary.MeanElapsedMinutes);
            Assert.Null(summary.P90ElapsedMinutes);
            return;
        }

        // Listed minutes have two decimals, so a recounted mean may differ from the exact one in the last place.
        Assert.InRange(summary.MeanElapsedMinutes!.Value, Math.Round(stopped.Average(), 2) - 0.01m, Math.Round(stopped.Average(), 2) + 0.01m);
        Assert.Equal(stopped[((9 * stopped.Count) + 9) / 10 - 1], summary.P90ElapsedMinutes);
    }

    private string Fill(string query) => query
        .Replace("{Northwind}", world.Northwind.ClientId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{Gold}", world.GoldContractId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{Contoso}", world.ContosoContractId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private string[] Numbers(params string[] names) => [.. names.Select(world.Number)];

    private async Task<Report> GetReportAsync(string query)
    {
        using var api = world.AgentApi();
        var response = await api.GetAsync("/api/v1/reports/sla?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Report>(BatonAppFactory.Json))!;
    }

    private sealed record Report(Scope Scope, Summary Summary, List<Breach> Breaches, List<Row> Tickets);

    private sealed record Scope(int? ClientId, string? ClientName, int? ContractId, string? ContractName, string From, string To, DateTimeOffset AsOf);

    private sealed record Summary(int TicketsInScope, ClockSummary FirstResponse, ClockSummary Resolution);

    private sealed record ClockSummary(int Met, int Missed, int Breached, int Pending, int Counted, decimal? MetPercent, int Stopped, decimal? MeanElapsedMinutes, decimal? P90ElapsedMinutes);

    private sealed record Breach(string Number, string Title, string Clock, string Outcome, decimal TargetMinutes, decimal ElapsedMinutes, decimal OverByMinutes);

    private sealed record Row(string Number, string Title, int ClientId, string ClientName, int? ContractId, string? ContractName, string Priority, DateTimeOffset CreatedAt, ClockResult FirstResponse, ClockResult Resolution);

    private sealed record ClockResult(decimal TargetMinutes, decimal ElapsedMinutes, string Outcome, DateTimeOffset? StoppedAt);
}
