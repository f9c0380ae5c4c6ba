using System.Globalization;
using System.Net;
using System.Text.Json;
using Baton.Web.Tests.Infrastructure;
using static Baton.Web.Tests.Closeout.CloseoutSetup;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.Closeout;

/// <summary>
/// A template item proven by a record: on a project's checklist it is answered by that record (the default template's
/// "Hand-off meeting held with the client" by the hand-off meeting record), cannot be ticked by hand on the page or the
/// API, and gates sign-off like any other item.
/// </summary>
public sealed class CloseoutItemProofTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private const string MeetingItem = "Hand-off meeting held with the client";

    private static string S(int n) => n.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task DefaultTemplate_TheHandoffMeetingItem_IsProvenByTheHandoffMeetingRecord()
    {
        using var api = await app.ApiAsNewAgentAsync();

        var template = await api.GetOkAsync("/api/v1/closeout-template/versions/1"); // the starter checklist, whatever other tests published since

        Assert.Equal("HandoffMeeting", template.Item(MeetingItem).GetProperty("provenBy").GetString());
        Assert.All(template.Items().Where(i => i.GetProperty("text").GetString() != MeetingItem), i => Assert.Equal("None", i.GetProperty("provenBy").GetString()));
    }

    [Fact]
    public async Task Api_TickingAProvenItemByHand_IsRefusedWithProblemDetails_AndSignOffWaitsForTheMeetingRecord()
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        using var lead = await app.ApiAsAsync(await app.CreateSupportLeadAsync("Grace Lead"));
        var begun = await BatonAppFactory.BeginCloseoutAsync(lead, project.Number);
        var meeting = begun.Item(MeetingItem);
        Assert.Equal(("Open", "Waits for the hand-off meeting record: record the meeting on the project's hand-off page."),
            (meeting.GetProperty("state").GetString(), meeting.GetProperty("proof").GetString()));

        var ticked = await BatonAppFactory.AnswerItemRawAsync(lead, project.Number, meeting.GetProperty("key").GetInt32(), meeting.GetProperty("version").GetInt32(), "Done");

        Assert.Equal(HttpStatusCode.BadRequest, ticked.StatusCode);
        Assert.Equal("application/problem+json", ticked.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await ticked.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(
            "‘Hand-off meeting held with the client’ cannot be ticked by hand: it is answered by the hand-off meeting record, and shows as done once that record is there.",
            problem.GetProperty("errors").GetProperty("state")[0].GetString());

        await BatonAppFactory.CompleteRequiredItemsAsync(lead, project.Number, recordHandoff: false);
        var refused = await JsonAsync(await lead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/sign-off"), HttpStatusCode.Conflict);
        Assert.Equal(["Required item not done: ‘Hand-off meeting held with the client’ (Hand-over to support)."],
            refused.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("message").GetString()));

        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        await BatonAppFactory.RecordHandoffAsync(lead, project.Number, today);
        var answered = (await lead.GetOkAsync($"/api/v1/projects/{project.Number}/closeout")).Item(MeetingItem);
        Assert.Equal(("Done", $"Answered by the hand-off meeting record (held on {today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})."),
            (answered.GetProperty("state").GetString(), answered.GetProperty("proof").GetString()));
        await JsonAsync(await lead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/sign-off"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Page_ShowsWhatAProvenItemWaitsFor_WithoutAnAnswerForm_AndRefusesAHandTickInline()
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        var tech = await app.CreateAgentAsync("Dana Tech");
        using var api = await app.ApiAsAsync(tech);
        using var page = await app.SignInAsync(tech.Email, BatonAppFactory.UserPassword);
        var meeting = (await BatonAppFactory.BeginCloseoutAsync(api, project.Number)).Item(MeetingItem);
        var url = $"/Projects/{project.Number}/Closeout";

        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync(url));
        Assert.Contains("Waits for the hand-off meeting record: record the meeting on the project's hand-off page.", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Projects/{project.Number}/Handoff\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"Save ‘{MeetingItem}’", html, StringComparison.Ordinal);
        Assert.Contains("Save ‘Network diagram current as of go-live’", html, StringComparison.Ordinal);

        var ticked = await page.PostFormAsync(url + "?handler=Answer", new()
        {
            ["Answer.Key"] = S(meeting.GetProperty("key").GetInt32()), ["Answer.Version"] = S(meeting.GetProperty("version").GetInt32()),
            ["Answer.State"] = "Done", ["Answer.Reason"] = "", ["Answer.Note"] = "",
        }, url);

        Assert.Equal(HttpStatusCode.OK, ticked.StatusCode);
        Assert.Contains("cannot be ticked by hand: it is answered by the hand-off meeting record",
            FieldError(await ticked.Content.ReadAsStringAsync(), "Answer.State"), StringComparison.Ordinal);
        Assert.Equal("Open", (await api.GetOkAsync($"/api/v1/projects/{project.Number}/closeout")).Item(MeetingItem).GetProperty("state").GetString());
    }

    [Fact]
    public async Task TemplateApi_SetsWhatProvesAnItem_TheChangeSaysSo_AndAnUnknownProofIsRefusedNamingTheField()
    {
        using var lead = await app.ApiAsAsync(await app.CreateSupportLeadAsync());
        var text = $"Client accepted every deliverable {Guid.NewGuid():N}";

        var published = await PublishAsync(lead, sections =>
        {
            var item = NewItem(text);
            item["provenBy"] = "DeliverablesAccepted";
            ItemsOf(sections[0]).Add(item);
        });

        Assert.Equal("DeliverablesAccepted", published.Item(text).GetProperty("provenBy").GetString());
        Assert.Contains($"Added ‘{text}’ to Documentation delivered (required, answered by the client's acceptance of every in-scope deliverable).",
            published.GetProperty("changes").EnumerateArray().Select(c => c.GetString()));

        var current = await BatonAppFactory.CurrentTemplateAsync(lead);
        var sections = current.Sections();
        var bad = NewItem($"Telepathy {Guid.NewGuid():N}");
        bad["provenBy"] = 7;
        ItemsOf(sections[0]).Add(bad);
        var refused = await PublishRawAsync(lead, new { sections }, current.Number());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("provenBy", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TemplatePage_EditingAnItem_SetsWhatProvesIt_AndShowsIt()
    {
        var lead = await app.CreateSupportLeadAsync();
        using var api = await app.ApiAsAsync(lead);
        using var page = await app.SignInAsync(lead.Email, BatonAppFactory.UserPassword);
        var before = await BatonAppFactory.CurrentTemplateAsync(api);
        var item = before.Item("Training done for the client's users");
        var section = before.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("key").GetInt32() == item.GetProperty("key").GetInt32()));

        var edited = await page.PostFormAsync("/Admin/CloseoutTemplate?handler=Item", new()
        {
            ["Item.Key"] = S(item.GetProperty("key").GetInt32()), ["Item.SectionKey"] = S(section.GetProperty("key").GetInt32()),
            ["Item.Text"] = "Training done for the client's users", ["Item.Required"] = "true", ["Item.Guidance"] = item.GetProperty("guidance").GetString()!,
            ["Item.ProvenBy"] = "DeliverablesAccepted", ["Item.BasedOn"] = S(before.Number()),
        });

        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var after = await BatonAppFactory.CurrentTemplateAsync(api);
        Assert.Equal("DeliverablesAccepted", after.Item("Training done for the client's users").GetProperty("provenBy").GetString());
        Assert.Contains("‘Training done for the client's users’ is now answered by the client's acceptance of every in-scope deliverable.",
            after.GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("Proven by all in-scope deliverables accepted", WebUtility.HtmlDecode(await page.GetHtmlAsync("/Admin/CloseoutTemplate")), StringComparison.Ordinal);
    }
}
