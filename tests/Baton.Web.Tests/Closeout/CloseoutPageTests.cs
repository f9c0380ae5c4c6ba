using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Closeout.CloseoutSetup;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.Closeout;

/// <summary>/Projects/{number}/Closeout through its forms: begin, fill, see exactly what is missing, sign off, release.</summary>
public sealed partial class CloseoutPageTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static string S(int n) => n.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task SupportFillsTheChecklist_ThePageSaysExactlyWhatIsMissing_ThenTheLeadSignsOffAndReleases()
    {
        var client = await app.CreateClientAsync();
        var project = await app.CreateProjectAsync(client, await app.CreateAgentAsync());
        var phones = await app.AddDeliverableAsync(project, "Desk phones deployed");
        var tech = await app.CreateAgentAsync("Dana Tech");
        var lead = await app.CreateSupportLeadAsync("Grace Lead");
        using var techPage = await app.SignInAsync(tech.Email, BatonAppFactory.UserPassword);
        using var leadPage = await app.SignInAsync(lead.Email, BatonAppFactory.UserPassword);
        var url = $"/Projects/{project.Number}/Closeout";

        Assert.Contains("Begin close-out", await techPage.GetHtmlAsync(url), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await techPage.PostFormAsync(url + "?handler=Begin", new(), url)).StatusCode);
        using var api = await app.ApiAsAsync(tech);
        var checklist = await api.GetOkAsync($"/api/v1/projects/{project.Number}/closeout");
        var required = checklist.Items().Where(i => i.GetProperty("required").GetBoolean()).ToList();
        var first = required[0];

        var naWithoutReason = await techPage.PostFormAsync(url + "?handler=Answer", Answer(first, "NotApplicable", reason: ""), url);
        Assert.Equal(HttpStatusCode.OK, naWithoutReason.StatusCode);
        Assert.Contains("does not apply", FieldError(await naWithoutReason.Content.ReadAsStringAsync(), "Answer.Reason"), StringComparison.Ordinal);
        var noState = await techPage.PostFormAsync(url + "?handler=Answer", Answer(first, "", reason: ""), url);
        Assert.Contains("Choose done or not applicable", FieldError(await noState.Content.ReadAsStringAsync(), "Answer.State"), StringComparison.Ordinal);
        var saved = await techPage.PostFormAsync(url + "?handler=Answer", Answer(first, "Done", note: "In the vault"), url);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith($"#item-{first.GetProperty("key").GetInt32()}", saved.Headers.Location?.OriginalString, StringComparison.Ordinal); // back at the item saved, not the top

        var html = WebUtility.HtmlDecode(await leadPage.GetHtmlAsync(url));
        Assert.Contains("Cannot sign off yet.", html, StringComparison.Ordinal);
        var missing = MissingList().Match(html).Groups[1].Value;
        var listed = ListItem().Matches(missing).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(
            [.. required.Skip(1).Select(i => $"Required item not done: ‘{i.GetProperty("text").GetString()}’ ({i.GetProperty("section").GetString()})."),
             "In-scope deliverable not accepted: ‘Desk phones deployed’ is waiting for the client's acceptance."],
            listed);
        Assert.Contains("Done — Dana Tech", html, StringComparison.Ordinal);
        Assert.Contains("Note: In the vault", html, StringComparison.Ordinal);

        var refused = await leadPage.PostFormAsync(url + "?handler=SignOff&version=1", new(), url);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Not signed off: Cannot sign off yet: Required item not done", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        await BatonAppFactory.CompleteRequiredItemsAsync(api, project.Number);
        await app.AcceptDeliverableAsync(phones);
        var techView = WebUtility.HtmlDecode(await techPage.GetHtmlAsync(url));
        Assert.Contains("Everything required is in place", techView, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=SignOff", techView, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await leadPage.PostFormAsync(url + "?handler=SignOff&version=1", new(), url)).StatusCode);
        var signed = WebUtility.HtmlDecode(await leadPage.GetHtmlAsync(url));
        Assert.Contains("Signed off by <strong>Grace Lead</strong>", signed, StringComparison.Ordinal);
        Assert.Contains("Release lead", signed, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Answer", signed, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await leadPage.PostFormAsync(url + "?handler=Release", new(), url)).StatusCode);
        var released = WebUtility.HtmlDecode(await leadPage.GetHtmlAsync(url));
        Assert.Contains("Project lead released by <strong>Grace Lead</strong>", released, StringComparison.Ordinal);
        Assert.Equal("Grace Lead", await app.WithDbAsync(db => db.Projects.Where(p => p.Id == project.Id).Select(p => p.LeadReleasedBy).SingleAsync()));
    }

    [Fact]
    public async Task AStaleItemForm_SaysWhoChangedIt_AndKeepsTheirAnswer()
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        var dana = await app.CreateAgentAsync("Dana Tech");
        using var danaApi = await app.ApiAsAsync(dana);
        using var samPage = await app.SignInAsAgentAsync();
        var url = $"/Projects/{project.Number}/Closeout";
        var item = (await BatonAppFactory.BeginCloseoutAsync(danaApi, project.Number)).Items().First();
        await BatonAppFactory.AnswerItemAsync(danaApi, project.Number, item, note: "Dana was first");

        var stale = await samPage.PostFormAsync(url + "?handler=Answer", Answer(item, "NotApplicable", reason: "Sam disagrees"), url);

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("was changed by Dana Tech since you opened it", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var stored = (await danaApi.GetOkAsync($"/api/v1/projects/{project.Number}/closeout")).Item(item.GetProperty("text").GetString()!);
        Assert.Equal(("Done", "Dana was first"), (stored.GetProperty("state").GetString(), stored.GetProperty("note").GetString()));
    }

    [Fact]
    public async Task ThePage_OffersToBringTheChecklistUpToDate_AndShowsWhatTheUpgradeDid()
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        var lead = await app.CreateSupportLeadAsync();
        using var api = await app.ApiAsAsync(lead);
        using var page = await app.SignInAsync(lead.Email, BatonAppFactory.UserPassword);
        var url = $"/Projects/{project.Number}/Closeout";
        var begun = await BatonAppFactory.BeginCloseoutAsync(api, project.Number);
        var text = Unique("Visitor Wi-Fi password rotated");
        var next = await PublishAsync(api, sections => ItemsOf(sections[0]).Add(NewItem(text)));

        var offered = WebUtility.HtmlDecode(await page.GetHtmlAsync(url));
        Assert.Contains($"Bring up to version {next.Number()}", offered, StringComparison.Ordinal);
        Assert.Contains($"Added ‘{text}’", offered, StringComparison.Ordinal);
        var upgraded = await page.PostFormAsync($"{url}?handler=Upgrade&version={S(begun.GetProperty("version").GetInt32())}", new(), url);

        Assert.Equal(HttpStatusCode.Redirect, upgraded.StatusCode);
        var after = WebUtility.HtmlDecode(await page.GetHtmlAsync(url));
        Assert.Contains($"Brought up from version {begun.GetProperty("templateVersion").GetInt32()} to {next.Number()}", after, StringComparison.Ordinal);
        Assert.Contains("This is the latest version of the template.", after, StringComparison.Ordinal);
        Assert.Contains(text, after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownProject_Is404_AndAPlannedProjectCannotBeginCloseout()
    {
        var planned = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync(), Baton.Domain.Projects.ProjectStatus.Planned);
        using var page = await app.SignInAsAgentAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync("/Projects/PRJ-999999/Closeout")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync("/Projects/not-a-number/Closeout")).StatusCode);
        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync($"/Projects/{planned.Number}/Closeout"));
        Assert.Contains($"Close-out begins while a project is active; {planned.Number} is planned.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Begin", html, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Answer(System.Text.Json.JsonElement item, string state, string reason = "", string note = "") => new()
    {
        ["Answer.Key"] = S(item.GetProperty("key").GetInt32()), ["Answer.Version"] = S(item.GetProperty("version").GetInt32()),
        ["Answer.State"] = state, ["Answer.Reason"] = reason, ["Answer.Note"] = note,
    };

    [GeneratedRegex("<ul class=\"missing\"[^>]*>(.*?)</ul>", RegexOptions.Singleline)]
    private static partial Regex MissingList();

    [GeneratedRegex("<li>(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex ListItem();
}
