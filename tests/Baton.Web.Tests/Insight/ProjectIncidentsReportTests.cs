using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Baton.Domain.Insight;
using Baton.Web.Features.Shared;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Insight;

/// <summary>The project-caused incidents report over HTTP (API, page, CSV), against the hand-worked March of <see cref="ProjectIncidentsWorld"/>.</summary>
public sealed class ProjectIncidentsReportTests(ProjectIncidentsWorld world) : IClassFixture<ProjectIncidentsWorld>
{
    [Fact]
    public async Task Get_March_CountsPerProjectAsHandWorked()
    {
        var report = await GetAsync("from=2027-03-01&to=2027-03-31");

        Assert.Equal(("2027-03-01", "2027-03-31", (int?)null), (report.Scope.From, report.Scope.To, report.Scope.ClientId));
        // Most caused first, then most exposed: P4 (2 caused), P1 (1, 4 exposed), P2 (1, 2), P3 (1, 1), P6 (0). P5 worked in February only.
        Assert.Equal(Projects("P4", "P1", "P2", "P3", "P6"), report.Projects.Select(p => p.Number));
        Assert.Equal(
            [
                new Figures(2, 0, 0, 0, 0, null),    // P4: I7 and I9, neither during its work (it had none)
                new Figures(1, 4, 1, 1, 2, 25.0m),   // P1: exposed I3 (not related), I1 (attributed), I9, I5 (no verdict on P1); S1 and I10 out
                new Figures(1, 2, 1, 0, 1, 50.0m),   // P2: exposed I4, I5 (attributed)
                new Figures(1, 1, 1, 0, 0, 100.0m),  // P3: I6
                new Figures(0, 0, 0, 0, 0, null),    // P6
            ],
            report.Projects.Select(p => p.Figures));
        var p1 = report.Projects[1];
        Assert.Equal(
            [(Ticket("I3"), "NotRelated", "Engagement"), (Ticket("I1"), "CausedBy", "Engagement"), (Ticket("I9"), null, "Engagement"), (Ticket("I5"), null, "Engagement")],
            p1.Incidents.Select(i => (i.Number, i.Verdict, i.Exposure)));
        Assert.Equal(("Network refresh", "Northwind Traders"), (p1.Type, p1.ClientName));
    }

    [Fact]
    public async Task Get_March_CountsPerTypeAndInTotal_EachIncidentOnce()
    {
        var report = await GetAsync("from=2027-03-01&to=2027-03-31");

        // UCaaS (P3, P4): caused I6, I7, I9; exposed I6. Network refresh (P1, P2, P6): caused I1, I5; exposed I1, I3, I4, I5, I9.
        Assert.Equal(
            [("UCaaS migration", 2, new Figures(3, 1, 1, 0, 0, 100.0m)), ("Network refresh", 3, new Figures(2, 5, 2, 1, 2, 40.0m))],
            report.Types.Select(t => (t.Type, t.Projects, t.Figures)));
        // Caused I1, I5, I6, I7, I9; exposed I1, I3, I4, I5, I6, I9; attributed I1, I5, I6: 3 of 6.
        Assert.Equal(new Figures(5, 6, 3, 1, 2, 50.0m), report.Total);
    }

    [Fact]
    public async Task Get_WithoutPeriod_ReportsThePreviousMonth()
    {
        var report = await GetAsync("");

        Assert.Equal(("2027-03-01", "2027-03-31"), (report.Scope.From, report.Scope.To));
        Assert.Equal(new Figures(5, 6, 3, 1, 2, 50.0m), report.Total);
    }

    [Fact]
    public async Task Get_OneClient_CountsOnlyItsProjects()
    {
        var report = await GetAsync($"clientId={world.Contoso.ClientId}&from=2027-03-01&to=2027-03-31");

        Assert.Equal("Contoso", report.Scope.ClientName);
        var p3 = Assert.Single(report.Projects);
        Assert.Equal((world.Project("P3"), new Figures(1, 1, 1, 0, 0, 100.0m)), (p3.Number, p3.Figures));
        Assert.Equal(new Figures(1, 1, 1, 0, 0, 100.0m), report.Total);
    }

    [Fact]
    public async Task Get_FiguresReconcileWithTheListedIncidents()
    {
        var report = await GetAsync("from=2027-02-01&to=2027-04-30");

        foreach (var p in report.Projects)
        {
            Assert.Equal(p.Figures.Caused, p.Incidents.Count(i => i.Caused));
            Assert.Equal(p.Figures.Exposed, p.Incidents.Count(i => i.Exposure is not null));
            Assert.Equal(p.Figures.Attributed, p.Incidents.Count(i => i.Attributed));
            Assert.Equal(p.Figures.Exposed, p.Figures.Attributed + p.Figures.ExposedNotRelated + p.Figures.ExposedWithoutVerdict);
        }

        // February adds I8 (caused by P1, not during its work) and P5's engagement (no incident during it).
        Assert.Contains(report.Projects, p => p.Number == world.Project("P5"));
        Assert.Contains(report.Projects.Single(p => p.Number == world.Project("P1")).Incidents, i => i.Number == Ticket("I8") && i.Caused && i.Exposure is null);
    }

    [Theory]
    [InlineData("from=2027-03-10&to=2027-03-01", "from")]
    [InlineData("from=2027-03-01", "to")]
    [InlineData("clientId=987654", "clientId")]
    [InlineData("from=2026-01-01&to=2027-01-02", "to")]
    public async Task Get_BadInput_AnswersAProblemNamingTheField(string query, string field)
    {
        var response = await world.Api.GetAsync("/api/v1/reports/project-incidents?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
    }

    [Fact]
    public async Task Page_ShowsTheFiguresTheRuleAndALinkToEveryProjectAndIncident()
    {
        using var page = await world.App.SignInAsync(world.Agent.Email, BatonAppFactory.UserPassword);

        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync("/Reports/ProjectIncidents?from=2027-03-01&to=2027-03-31"));

        Assert.Contains("data-testid=\"total-share\">3 of 6 = 50.0 %", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"total-caused\">5<", html, StringComparison.Ordinal);
        Assert.Contains("How the figures are counted", html, StringComparison.Ordinal);
        Assert.Contains("while one of the project's engagements was running", html, StringComparison.Ordinal);
        foreach (var p in new[] { "P1", "P2", "P3", "P4", "P6" })
        {
            Assert.Contains($"href=\"/Projects/{world.Project(p)}\"", html, StringComparison.Ordinal);
        }

        foreach (var i in new[] { "I1", "I3", "I4", "I5", "I6", "I7", "I9" })
        {
            Assert.Contains($"href=\"/Tickets/{Ticket(i)}\"", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain($"href=\"/Tickets/{Ticket("S1")}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/Tickets/{Ticket("I10")}\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Reports/Sla\"", html, StringComparison.Ordinal);
        var csv = System.Text.RegularExpressions.Regex.Match(html, "<a href=\"/Reports/ProjectIncidents\\?([^\"]+)\">Download CSV</a>");
        Assert.True(csv.Success, "no Download CSV link");
        Assert.Equal(["from=2027-03-01", "handler=Csv", "to=2027-03-31"], csv.Groups[1].Value.Split('&').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Page_BadPeriod_SaysWhatIsWrong()
    {
        using var page = await world.App.SignInAsync(world.Agent.Email, BatonAppFactory.UserPassword);

        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync("/Reports/ProjectIncidents?from=2027-03-10&to=2027-03-01"));

        Assert.Contains("The report cannot be shown", html, StringComparison.Ordinal);
        Assert.Contains("from must be on or before to", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_ListsEveryCountedIncident_OneLinePerProject()
    {
        using var page = await world.App.SignInAsync(world.Agent.Email, BatonAppFactory.UserPassword);

        var response = await page.GetAsync("/Reports/ProjectIncidents?handler=Csv&from=2027-03-01&to=2027-03-31");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("project-incidents-all-clients-2027-03-01-to-2027-03-31.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("project_number,project_name,project_type,client,ticket_number,ticket_title,created,exposure,verdict,caused,attributed", lines[0]);
        // P4: 2, P1: 4, P2: 2, P3: 1 counted incidents.
        Assert.Equal(9, lines.Length - 1);
        Assert.Contains($"{world.Project("P1")},P1 Network refresh,Network refresh,Northwind Traders,{Ticket("I1")},I1,2027-03-05T10:00:00Z,Engagement,CausedBy,yes,yes", lines);
        Assert.Contains($"{world.Project("P4")},P4 UCaaS migration,UCaaS migration,Northwind Traders,{Ticket("I7")},I7,2027-03-26T08:00:00Z,,CausedBy,yes,no", lines);
        Assert.Contains($"{world.Project("P2")},P2 Network refresh,Network refresh,Northwind Traders,{Ticket("I4")},I4,2027-03-12T08:00:00Z,Hypercare,,no,no", lines);
    }

    [Fact]
    public async Task AClientContact_CannotReadTheReport()
    {
        var contact = await world.App.CreateContactUserAsync(world.Northwind);
        using var api = await world.App.ApiAsAsync(contact);
        using var page = await world.App.SignInAsync(contact.Email, BatonAppFactory.UserPassword);

        var apiResponse = await api.GetAsync("/api/v1/reports/project-incidents?from=2027-03-01&to=2027-03-31");
        var pageResponse = await page.GetAsync("/Reports/ProjectIncidents");

        Assert.Equal(HttpStatusCode.Forbidden, apiResponse.StatusCode);
        Assert.Contains("/Account/AccessDenied", pageResponse.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    private string Ticket(string name) => world.Number(name);

    private IEnumerable<string> Projects(params string[] names) => names.Select(world.Project);

    private async Task<ReportDto> GetAsync(string query)
    {
        var response = await world.Api.GetAsync("/api/v1/reports/project-incidents?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ReportDto>(BatonAppFactory.Json))!;
    }

    private sealed record ReportDto(ScopeDto Scope, Figures Total, IReadOnlyList<TypeDto> Types, IReadOnlyList<ProjectDto> Projects);

    private sealed record ScopeDto(int? ClientId, string? ClientName, string From, string To);

    private sealed record Figures(int Caused, int Exposed, int Attributed, int ExposedNotRelated, int ExposedWithoutVerdict, decimal? SharePercent);

    private sealed record TypeDto(string Type, int Projects, Figures Figures);

    private sealed record ProjectDto(string Number, string Name, string Type, int ClientId, string ClientName, Figures Figures, IReadOnlyList<IncidentDto> Incidents);

    private sealed record IncidentDto(string Number, string Title, DateTimeOffset CreatedAt, string? Verdict, string? Exposure, bool Caused, bool Attributed);
}
