using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Hypercare;

public sealed class EnteringHypercareTests(HypercareDesk desk) : IClassFixture<HypercareDesk>
{
    private static readonly string[] Nobody = ["nobody"];
    private static readonly string[] Financial = ["Financial"];

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("errors");

    [Fact]
    public async Task Enter_GoodPeriodAndTeam_StartsHypercare_AndSavesTeamAndScopes()
    {
        var crew = await desk.CrewAsync();
        var started = desk.Clock.Now;
        var team = new object[]
        {
            new { role = "SubjectMatterExperts", agentIds = new[] { crew.Agent.Id }, scopes = new[] { "Operational", "Application" } },
            new { role = "Development", teamId = crew.DevTeam },
            new { role = "Infrastructure", teamId = crew.InfraTeam, agentIds = new[] { crew.Lead.Id } },
            new { role = "Coordination", teamId = crew.CoordinationTeam },
        };

        var entered = await desk.EnterAsync(crew, 45, team);

        Assert.Equal(("Hypercare", true, 45), (entered.Status, entered.InHypercare, entered.DaysLeft));
        Assert.Equal((started, started.AddDays(45)), (entered.StartedAt, entered.EndsAt));
        Assert.Equal(["SubjectMatterExperts", "Development", "Infrastructure", "Coordination"], entered.Team.Select(r => r.Role));
        var sme = entered.Team[0];
        Assert.Equal((null, "Dana Desk"), (sme.TeamId, Assert.Single(sme.Agents).Name));
        Assert.Equal(["Operational", "Application"], sme.Scopes);
        Assert.Equal(["Application"], entered.Team[1].Scopes); // the default for development
        Assert.Equal(await desk.TeamNameAsync(crew.InfraTeam), entered.Team[2].TeamName);
        Assert.Equal(["Operational", "Application", "Technological"], entered.Team[3].Scopes);

        var read = await crew.Api.GetAsync($"/api/v1/projects/{crew.Project.Number}/hypercare");
        var again = (await read.Content.ReadFromJsonAsync<HypercareDesk.HypercareDto>(Json))!;
        Assert.Equal($"\"{again.Version}\"", read.Headers.ETag?.Tag);
        Assert.Equal(entered.Team.Select(r => (r.Role, r.TeamId, string.Join(",", r.Scopes))), again.Team.Select(r => (r.Role, r.TeamId, string.Join(",", r.Scopes))));
    }

    [Fact]
    public async Task Enter_WithoutDays_LastsThirtyDays()
    {
        var crew = await desk.CrewAsync();
        var entered = await desk.EnterAsync(crew);
        Assert.Equal(entered.StartedAt!.Value.AddDays(Project.DefaultHypercareDays), entered.EndsAt);
    }

    [Theory]
    [InlineData(27)]
    [InlineData(93)]
    [InlineData(0)]
    public async Task Enter_PeriodOutsideOneToThreeMonths_Is400OnDays_AndTheProjectStaysActive(int days)
    {
        var crew = await desk.CrewAsync();
        var response = await crew.Api.PostAsJsonAsync($"/api/v1/projects/{crew.Project.Number}/hypercare", new { days, team = HypercareDesk.TeamOf(crew) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("between 28 and 92 days", (await ProblemAsync(response)).GetProperty("days")[0].GetString(), StringComparison.Ordinal);
        var state = await crew.Api.GetFromJsonAsync<HypercareDesk.HypercareDto>($"/api/v1/projects/{crew.Project.Number}/hypercare", Json);
        Assert.Equal(("Active", true), (state!.Status, state.CanEnter));
    }

    [Fact]
    public async Task Enter_LeadNotReleased_IsRefusedAndSaysWhy()
    {
        var crew = await desk.CrewAsync();
        var active = await desk.App.CreateProjectAsync(crew.Client, crew.Lead, ProjectStatus.Active, now: desk.Clock.Now);

        var state = await crew.Api.GetFromJsonAsync<HypercareDesk.HypercareDto>($"/api/v1/projects/{active.Number}/hypercare", Json);
        Assert.False(state!.CanEnter);
        Assert.Contains("close-out is not signed off", state.CannotEnterBecause, StringComparison.Ordinal);
        var response = await crew.Api.PostAsJsonAsync($"/api/v1/projects/{active.Number}/hypercare", new { team = HypercareDesk.TeamOf(crew) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("close-out", (await ProblemAsync(response)).GetProperty("status")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enter_TeamMissingARoleOrNamingAnUnknownTeam_Is400OnTheField()
    {
        var crew = await desk.CrewAsync();
        var url = $"/api/v1/projects/{crew.Project.Number}/hypercare";

        var noCoordinators = await crew.Api.PostAsJsonAsync(url, new { team = HypercareDesk.TeamOf(crew)[..3] });
        Assert.Equal(HttpStatusCode.BadRequest, noCoordinators.StatusCode);
        Assert.Contains("coordinating team", (await ProblemAsync(noCoordinators)).GetProperty("team")[0].GetString(), StringComparison.Ordinal);

        var unknown = await crew.Api.PostAsJsonAsync(url, new { team = new object[] { new { role = "SubjectMatterExperts", teamId = 999_999 }, new { role = "Development", agentIds = Nobody }, new { role = "Coordination", teamId = crew.CoordinationTeam } } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var errors = await ProblemAsync(unknown);
        Assert.Contains("no team 999999", errors.GetProperty("team[0].teamId")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("not an agent", errors.GetProperty("team[1].agentIds")[0].GetString(), StringComparison.Ordinal);

        var badScope = await crew.Api.PostAsJsonAsync(url, new { team = new object[] { new { role = "SubjectMatterExperts", teamId = crew.SmeTeam, scopes = Financial } } });
        Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);
        Assert.StartsWith("team[0].scopes", (await ProblemAsync(badScope)).EnumerateObject().Single().Name, StringComparison.Ordinal);
        Assert.Equal("Active", (await crew.Api.GetFromJsonAsync<HypercareDesk.HypercareDto>(url, Json))!.Status);
    }

    [Fact]
    public async Task ChangeTeam_DuringHypercare_Saves_AndAStaleVersionIs412()
    {
        var crew = await desk.CrewAsync();
        var entered = await desk.EnterAsync(crew);
        var url = $"/api/v1/projects/{crew.Project.Number}/hypercare/team";
        var team = new object[]
        {
            new { role = "SubjectMatterExperts", teamId = crew.SmeTeam, scopes = new[] { "Operational", "Application" } },
            new { role = "Infrastructure", teamId = crew.InfraTeam, scopes = new[] { "Application", "Technological" } },
            new { role = "Coordination", agentIds = new[] { crew.Coordinator.Id } },
        };

        using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { team }) };
        put.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{entered.TeamVersion}\""));
        var saved = await crew.Api.SendAsync(put);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var state = (await saved.Content.ReadFromJsonAsync<HypercareDesk.HypercareDto>(Json))!;
        Assert.Equal(["SubjectMatterExperts", "Infrastructure", "Coordination"], state.Team.Select(r => r.Role));
        Assert.Equal(["Application", "Technological"], state.Team[1].Scopes);
        Assert.Equal(entered.TeamVersion + 1, state.TeamVersion);

        using var stale = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { team }) };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{entered.TeamVersion}\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await crew.Api.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task ChangeTeam_OutsideHypercare_IsRefused()
    {
        var crew = await desk.CrewAsync();
        var response = await crew.Api.PutAsJsonAsync($"/api/v1/projects/{crew.Project.Number}/hypercare/team", new { team = HypercareDesk.TeamOf(crew) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("during hypercare only", (await ProblemAsync(response)).GetProperty("status")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_StartsHypercareThroughTheForm_AndShowsAWrongPeriodInline()
    {
        var crew = await desk.CrewAsync();
        var staff = await desk.App.CreateUserAsync(Baton.Web.Data.Roles.Manager);
        using var page = await desk.App.SignInAsync(staff.Email, UserPassword);
        var url = $"/Projects/{crew.Project.Number}/Hypercare";
        var html = await page.GetHtmlAsync(url);
        Assert.Contains("Start hypercare", html, StringComparison.Ordinal);
        Assert.Contains("for=\"role-0-team\">Subject-matter experts: team</label>", html, StringComparison.Ordinal);
        var version = System.Text.RegularExpressions.Regex.Match(html, "name=\"Team.ProjectVersion\" value=\"(\\d+)\"").Groups[1].Value;
        Dictionary<string, string> Form(string days) => new()
        {
            ["Team.Days"] = days, ["Team.ProjectVersion"] = version,
            ["Team.Roles[0].Role"] = "SubjectMatterExperts", ["Team.Roles[0].TeamId"] = crew.SmeTeam.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Team.Roles[0].Scopes"] = "Operational",
            ["Team.Roles[1].Role"] = "Development", ["Team.Roles[1].AgentIds"] = crew.Agent.Id,
            ["Team.Roles[2].Role"] = "Infrastructure", ["Team.Roles[2].TeamId"] = "",
            ["Team.Roles[3].Role"] = "Coordination", ["Team.Roles[3].TeamId"] = crew.CoordinationTeam.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        var wrong = await page.PostFormAsync(url + "?handler=Enter", Form("100"), url);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var shown = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("between 28 and 92 days (it was 100)", shown, StringComparison.Ordinal);
        Assert.Contains("value=\"100\"", shown, StringComparison.Ordinal);

        var started = await page.PostFormAsync(url + "?handler=Enter", Form("60"), url);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var after = await page.GetHtmlAsync(url);
        Assert.Contains("Hypercare started", after, StringComparison.Ordinal);
        Assert.Contains("60 days left", after, StringComparison.Ordinal);
        Assert.Contains("Save hypercare team", after, StringComparison.Ordinal);
        var state = await crew.Api.GetFromJsonAsync<HypercareDesk.HypercareDto>($"/api/v1/projects/{crew.Project.Number}/hypercare", Json);
        Assert.Equal(["SubjectMatterExperts", "Development", "Coordination"], state!.Team.Select(r => r.Role));
        Assert.Equal(crew.Agent.Id, Assert.Single(state.Team[1].Agents).Id);
    }

    [Fact]
    public async Task Contacts_GetA404ForAnotherClientsProject_AndA403ForTheStaffViewOfTheirOwn()
    {
        var crew = await desk.CrewAsync();
        await desk.EnterAsync(crew);
        var other = await desk.App.CreateClientAsync();
        using var stranger = await desk.App.ApiAsAsync(await desk.App.CreateContactUserAsync(other));
        using var own = await desk.App.ApiAsAsync(await desk.App.CreateContactUserAsync(crew.Client));
        var url = $"/api/v1/projects/{crew.Project.Number}/hypercare";

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(url + "/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(url, new { team = HypercareDesk.TeamOf(crew) })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await own.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await own.GetAsync(url + "/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await own.PostAsync(url + "/end", null)).StatusCode);
    }
}
