using System.Net;
using System.Net.Http.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Hypercare;

/// <summary>Feedback from the client's users during hypercare: the API, the portal page, and who may give or see it.</summary>
public sealed class HypercareFeedbackTests(HypercareDesk desk) : IClassFixture<HypercareDesk>
{
    private sealed record FeedbackDto(long Id, string ProjectNumber, int Week, int Rating, string Comment, string From);

    [Fact]
    public async Task Contact_GivesFeedback_RevisesItThatWeek_AndGivesNewFeedbackTheNextWeek()
    {
        var crew = await desk.CrewAsync();
        var entered = await desk.EnterAsync(crew);
        var mia = await desk.App.CreateContactUserAsync(crew.Client);
        using var api = await desk.App.ApiAsAsync(mia);
        var url = $"/api/v1/projects/{crew.Project.Number}/feedback";

        var first = await api.PostAsJsonAsync(url, new { rating = 2, comment = "Slow answers" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        desk.Clock.Advance(TimeSpan.FromDays(2));
        var revised = await api.PostAsJsonAsync(url, new { rating = 3, comment = "Better" });
        Assert.Equal(HttpStatusCode.OK, revised.StatusCode);
        desk.Clock.Set(entered.StartedAt!.Value.AddDays(7));
        var nextWeek = await api.PostAsJsonAsync(url, new { rating = 5 });
        Assert.Equal(HttpStatusCode.Created, nextWeek.StatusCode);

        var mine = await api.GetFromJsonAsync<List<FeedbackDto>>(url, Json);
        Assert.Equal([(2, 5, ""), (1, 3, "Better")], mine!.Select(f => (f.Week, f.Rating, f.Comment)));
        using var other = await desk.App.ApiAsAsync(await desk.App.CreateContactUserAsync(crew.Client));
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync(url, new { rating = 1, comment = "Nobody called back" })).StatusCode);
        Assert.DoesNotContain((await other.GetFromJsonAsync<List<FeedbackDto>>(url, Json))!, f => f.From == mia.DisplayName);
        Assert.Equal(3, (await crew.Api.GetFromJsonAsync<List<FeedbackDto>>(url, Json))!.Count); // staff see everyone's

        var board = await crew.Api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/projects/{crew.Project.Number}/hypercare/dashboard", Json);
        Assert.Equal(3, board.GetProperty("feedbackCount").GetInt32());
        Assert.Equal(3.00m, board.GetProperty("feedbackMean").GetDecimal());
    }

    [Fact]
    public async Task Rating_OutOfRange_Is400OnRating()
    {
        var crew = await desk.CrewAsync();
        await desk.EnterAsync(crew);
        using var api = await desk.App.ApiAsAsync(await desk.App.CreateContactUserAsync(crew.Client));
        var response = await api.PostAsJsonAsync($"/api/v1/projects/{crew.Project.Number}/feedback", new { rating = 6 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"rating\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherClientsContact_Gets404_OnTheApiAndThePage()
    {
        var crew = await desk.CrewAsync();
        await desk.EnterAsync(crew);
        var stranger = await desk.App.CreateContactUserAsync(await desk.App.CreateClientAsync());
        using var api = await desk.App.ApiAsAsync(stranger);
        var url = $"/api/v1/projects/{crew.Project.Number}/feedback";

        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync(url, new { rating = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(url)).StatusCode);
        using var page = await desk.App.SignInAsync(stranger.Email, UserPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/Projects/{crew.Project.Number}/Feedback")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/Projects/{crew.Project.Number}/Hypercare")).StatusCode);
    }

    [Fact]
    public async Task ContactsProjectPage_InHypercare_LeadsToTheFeedbackPage_AndStaffsDoesNot()
    {
        var crew = await desk.CrewAsync();
        using var before = await desk.App.SignInAsync((await desk.App.CreateContactUserAsync(crew.Client)).Email, UserPassword);
        Assert.DoesNotContain("/Feedback\"", await before.GetHtmlAsync($"/Projects/{crew.Project.Number}"), StringComparison.Ordinal);
        await desk.EnterAsync(crew);
        using var contact = await desk.App.SignInAsync((await desk.App.CreateContactUserAsync(crew.Client)).Email, UserPassword);
        using var staff = await desk.App.SignInAsAgentAsync();

        Assert.Contains($"href=\"/Projects/{crew.Project.Number}/Feedback\"", await contact.GetHtmlAsync($"/Projects/{crew.Project.Number}"), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"hypercare-feedback\"", await staff.GetHtmlAsync($"/Projects/{crew.Project.Number}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_CannotGiveFeedback_AndNobodyCanOutsideHypercare()
    {
        var crew = await desk.CrewAsync();
        using var contact = await desk.App.ApiAsAsync(await desk.App.CreateContactUserAsync(crew.Client));
        var url = $"/api/v1/projects/{crew.Project.Number}/feedback";

        var early = await contact.PostAsJsonAsync(url, new { rating = 4 });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("feedback is collected during its hypercare period", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await desk.EnterAsync(crew);
        Assert.Equal(HttpStatusCode.Forbidden, (await crew.Api.PostAsJsonAsync(url, new { rating = 4 })).StatusCode);
    }

    [Fact]
    public async Task Page_ContactRatesThroughTheForm_SeesItAndCanChangeItThisWeek()
    {
        var crew = await desk.CrewAsync();
        await desk.EnterAsync(crew);
        var contact = await desk.App.CreateContactUserAsync(crew.Client);
        using var page = await desk.App.SignInAsync(contact.Email, UserPassword);
        var url = $"/Projects/{crew.Project.Number}/Feedback";
        var form = await page.GetHtmlAsync(url);
        Assert.Contains("<legend>Your rating</legend>", form, StringComparison.Ordinal);

        var missing = await page.PostFormAsync(url, new() { ["Input.Comment"] = "No rating chosen" });
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("Choose a rating from 1 (poor) to 5 (excellent).", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var sent = await page.PostFormAsync(url, new() { ["Input.Rating"] = "4", ["Input.Comment"] = "The SMEs were great" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var after = await page.GetHtmlAsync(url);
        Assert.Contains("Thank you: your feedback is recorded.", after, StringComparison.Ordinal);
        Assert.Contains("You already rated this week", after, StringComparison.Ordinal);
        Assert.Contains("value=\"4\" checked=\"checked\"", after, StringComparison.Ordinal);
        Assert.Contains("The SMEs were great", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_AfterHypercare_SaysFeedbackIsClosed()
    {
        var crew = await desk.CrewAsync();
        await desk.EnterAsync(crew);
        Assert.Equal(HttpStatusCode.OK, (await crew.Api.PostAsync($"/api/v1/projects/{crew.Project.Number}/hypercare/end", null)).StatusCode);
        var contact = await desk.App.CreateContactUserAsync(crew.Client);
        using var page = await desk.App.SignInAsync(contact.Email, UserPassword);

        var html = await page.GetHtmlAsync($"/Projects/{crew.Project.Number}/Feedback");

        Assert.Contains("data-testid=\"feedback-closed\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<legend>Your rating</legend>", html, StringComparison.Ordinal);
        Assert.Equal(ProjectStatus.Closed.ToString(), (await crew.Api.GetFromJsonAsync<HypercareDesk.HypercareDto>($"/api/v1/projects/{crew.Project.Number}/hypercare", Json))!.Status);
    }
}
