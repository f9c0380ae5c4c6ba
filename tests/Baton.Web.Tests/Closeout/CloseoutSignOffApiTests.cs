using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Closeout.CloseoutSetup;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.Closeout;

/// <summary>Fill → sign-off refused with exactly what is missing → complete → sign-off → release, over the API.</summary>
public sealed class CloseoutSignOffApiTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static string Missing(JsonElement item) =>
        $"Required item not done: ‘{item.GetProperty("text").GetString()}’ ({item.GetProperty("section").GetString()}).";

    [Fact]
    public async Task TheWholeHandOff_FillRefusedCompleteSignOffRelease_AndHypercareMayFollow()
    {
        var client = await app.CreateClientAsync();
        var leadTech = await app.CreateAgentAsync();
        var project = await app.CreateProjectAsync(client, leadTech);
        var phones = await app.AddDeliverableAsync(project, "Desk phones deployed");
        await app.AddDeliverableAsync(project, "Fax to e-mail", inScope: false);
        var portal = await app.AddDeliverableAsync(project, "Call recording portal");
        await app.RejectDeliverableAsync(portal, "Sales queue recordings are missing", "Mia Chen");
        using var tech = await app.ApiAsAsync(await app.CreateAgentAsync("Dana Tech"));
        using var supportLead = await app.ApiAsAsync(await app.CreateSupportLeadAsync("Grace Lead"));
        var template = await BatonAppFactory.CurrentTemplateAsync(tech);

        var begun = await BatonAppFactory.BeginCloseoutAsync(tech, project.Number);
        Assert.Equal(template.Number(), begun.GetProperty("templateVersion").GetInt32());
        Assert.Equal(template.Texts(), begun.Texts());
        Assert.All(begun.Items(), i => Assert.Equal("Open", i.GetProperty("state").GetString()));
        var required = begun.Items().Where(i => i.GetProperty("required").GetBoolean()).ToList();
        var done = await BatonAppFactory.AnswerItemAsync(tech, project.Number, required[0], note: "Visio in the client's SharePoint");
        await BatonAppFactory.AnswerItemAsync(tech, project.Number, required[1], "NotApplicable", "Cloud-only client: nothing stored locally");
        Assert.Equal(("Done", "Dana Tech", "Visio in the client's SharePoint"), (done.GetProperty("state").GetString(), done.GetProperty("answeredBy").GetString(), done.GetProperty("note").GetString()));

        var refused = await JsonAsync(await supportLead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/sign-off"), HttpStatusCode.Conflict);
        var expected = required.Skip(2).Select(Missing).Concat(
        [
            "In-scope deliverable not accepted: ‘Call recording portal’ was rejected by Mia Chen (Sales queue recordings are missing).",
            "In-scope deliverable not accepted: ‘Desk phones deployed’ is waiting for the client's acceptance.",
            "Clean-up item open: ‘Call recording portal: Sales queue recordings are missing’.",
        ]).ToList();
        Assert.Equal(expected, refused.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("message").GetString()));
        Assert.Equal("Cannot sign off yet: " + string.Join(" ", expected), refused.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await tech.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/sign-off")).StatusCode);
        var releaseTooSoon = await supportLead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/release-lead");
        Assert.Equal(HttpStatusCode.BadRequest, releaseTooSoon.StatusCode);
        Assert.Contains("only after the support lead signs off", await releaseTooSoon.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Projects.Where(p => p.Id == project.Id).Select(p => p.CloseoutSignedOffAt).SingleAsync()));

        await BatonAppFactory.CompleteRequiredItemsAsync(tech, project.Number);
        await app.AcceptDeliverableAsync(phones);
        var stillRefused = await JsonAsync(await supportLead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/sign-off"), HttpStatusCode.Conflict);
        Assert.Equal(["DeliverableNotAccepted", "CleanupItemOpen"], stillRefused.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("kind").GetString()));
        await app.WithDbAsync(async db =>
        {
            (await db.CleanupItems.SingleAsync(c => c.ProjectId == project.Id)).Complete(new Baton.Domain.Actor("x", "Project engineer"), TimeProvider.System.GetUtcNow());
            (await db.Deliverables.SingleAsync(d => d.Id == portal)).ResubmitForAcceptance(Someone.Staff, Someone.Time);
            await db.SaveChangesAsync();
        });
        await app.AcceptDeliverableAsync(portal);

        var ready = await tech.GetOkAsync($"/api/v1/projects/{project.Number}/closeout");
        Assert.True(ready.GetProperty("canSignOff").GetBoolean(), ready.GetProperty("summary").GetString());
        var signed = await JsonAsync(await supportLead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/sign-off"), HttpStatusCode.OK);
        Assert.Equal("Grace Lead", signed.GetProperty("signedOffBy").GetString());
        Assert.Equal("Grace Lead", await app.WithDbAsync(db => db.Projects.Where(p => p.Id == project.Id).Select(p => p.CloseoutSignedOffBy).SingleAsync()));

        var afterSignOff = await BatonAppFactory.AnswerItemRawAsync(tech, project.Number, required[0].GetProperty("key").GetInt32(), done.GetProperty("version").GetInt32(), "NotApplicable", "changed my mind");
        Assert.Equal(HttpStatusCode.BadRequest, afterSignOff.StatusCode);
        Assert.Contains("withdraw the sign-off", await afterSignOff.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await tech.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/release-lead")).StatusCode);

        var released = await JsonAsync(await supportLead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/release-lead"), HttpStatusCode.OK);
        Assert.Equal("Grace Lead", released.GetProperty("leadReleasedBy").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await supportLead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/withdraw-sign-off")).StatusCode);
        await app.WithDbAsync(async db =>
        {
            var stored = await db.Projects.SingleAsync(p => p.Id == project.Id);
            Assert.Equal("Grace Lead", stored.LeadReleasedBy);
            stored.EnterHypercare(Project.DefaultHypercareDays, Someone.Staff, TimeProvider.System.GetUtcNow()); // H4's start of hypercare is now allowed
            Assert.Equal(ProjectStatus.Hypercare, stored.Status);
        });
    }

    [Fact]
    public async Task ATeamLead_SignsOff_AndCanWithdrawTheSignOffBeforeRelease()
    {
        var client = await app.CreateClientAsync();
        var project = await app.CreateProjectAsync(client, await app.CreateAgentAsync());
        using var teamLead = await app.ApiAsAsync(await app.CreateTeamLeadAsync("Lee Teamlead"));
        await BatonAppFactory.BeginCloseoutAsync(teamLead, project.Number);
        await BatonAppFactory.CompleteRequiredItemsAsync(teamLead, project.Number);

        var signed = await JsonAsync(await teamLead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/sign-off"), HttpStatusCode.OK);
        var withdrawn = await JsonAsync(await teamLead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/withdraw-sign-off", ifMatch: signed.GetProperty("version").GetInt32()), HttpStatusCode.OK);

        Assert.Equal("Lee Teamlead", signed.GetProperty("signedOffBy").GetString());
        Assert.Equal(JsonValueKind.Null, withdrawn.GetProperty("signedOffAt").ValueKind);
        Assert.Null(await app.WithDbAsync(db => db.Projects.Where(p => p.Id == project.Id).Select(p => p.CloseoutSignedOffAt).SingleAsync()));
    }

    [Fact]
    public async Task BeginningCloseout_OnlyForAnActiveProject_AndOnlyOnce()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        var planned = await app.CreateProjectAsync(client, lead, ProjectStatus.Planned);
        var active = await app.CreateProjectAsync(client, lead);
        using var tech = await app.ApiAsNewAgentAsync();

        var notActive = await ProblemErrorsAsync(await tech.PostJsonAsync($"/api/v1/projects/{planned.Number}/closeout"), "planned project");
        await BatonAppFactory.BeginCloseoutAsync(tech, active.Number);
        var twice = await tech.PostJsonAsync($"/api/v1/projects/{active.Number}/closeout");

        Assert.Contains("planned", notActive.GetProperty("status")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("already begun", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.CloseoutChecklists.CountAsync(c => c.ProjectId == active.Id)));
        Assert.Equal(HttpStatusCode.NotFound, (await tech.PostJsonAsync("/api/v1/projects/PRJ-999999/closeout")).StatusCode);
    }

    public static TheoryData<string, string> BadAnswers => new()
    {
        { "not applicable without a reason", "reason" },
        { "an unknown item", "key" },
        { "no state", "state" },
        { "a state that does not exist", "state" },
        { "Open as an answer", "state" },
        { "a note too long", "note" },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task ABadAnswer_IsAProblemNamingTheField_AndChangesNothing(string name, string field)
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        using var tech = await app.ApiAsNewAgentAsync();
        var item = (await BatonAppFactory.BeginCloseoutAsync(tech, project.Number)).Items().First();
        var key = name == "an unknown item" ? 987654 : item.GetProperty("key").GetInt32();
        var json = name switch
        {
            "not applicable without a reason" => """{"state":"NotApplicable","reason":"  "}""",
            "no state" => """{"note":"x"}""",
            "a state that does not exist" => """{"state":"Maybe"}""",
            "Open as an answer" => """{"state":"Open"}""",
            "a note too long" => $$"""{"state":"Done","note":"{{new string('n', 2001)}}"}""",
            _ => """{"state":"Done"}""",
        };
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{project.Number}/closeout/items/{key}") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        var errors = await ProblemErrorsAsync(await tech.SendAsync(request), name);

        Assert.True(errors.TryGetProperty(field, out _), $"{name}: expected errors.{field} in {errors}");
        var stored = await tech.GetOkAsync($"/api/v1/projects/{project.Number}/closeout");
        Assert.All(stored.Items(), i => Assert.Equal(("Open", 1), (i.GetProperty("state").GetString(), i.GetProperty("version").GetInt32())));
    }

    [Fact]
    public async Task TwoPeopleAnsweringOneItem_DoNotOverwriteEachOther_ButDifferentItemsGoThroughTogether()
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        using var dana = await app.ApiAsAsync(await app.CreateAgentAsync("Dana"));
        using var sam = await app.ApiAsAsync(await app.CreateAgentAsync("Sam"));
        var items = (await BatonAppFactory.BeginCloseoutAsync(dana, project.Number)).Items().ToList();
        var shared = items[0];

        var first = await BatonAppFactory.AnswerItemRawAsync(dana, project.Number, shared.GetProperty("key").GetInt32(), 1, "Done", note: "Dana's note");
        var second = await BatonAppFactory.AnswerItemRawAsync(sam, project.Number, shared.GetProperty("key").GetInt32(), 1, "NotApplicable", "Sam thinks not");
        var together = await Task.WhenAll(items.Skip(1).Take(6).Select((item, i) =>
            BatonAppFactory.AnswerItemRawAsync(i % 2 == 0 ? dana : sam, project.Number, item.GetProperty("key").GetInt32(), 1, "Done")));
        var noIfMatch = await BatonAppFactory.AnswerItemRawAsync(sam, project.Number, shared.GetProperty("key").GetInt32(), null, "Done");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        Assert.Contains("changed by Dana", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(together, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);
        var stored = await dana.GetOkAsync($"/api/v1/projects/{project.Number}/closeout");
        var sharedNow = stored.Items().Single(i => i.GetProperty("key").GetInt32() == shared.GetProperty("key").GetInt32());
        Assert.Equal(("Done", "Dana's note"), (sharedNow.GetProperty("state").GetString(), sharedNow.GetProperty("note").GetString()));
        Assert.Equal(7, stored.Items().Count(i => i.GetProperty("state").GetString() == "Done"));
        Assert.Equal(7, await app.WithDbAsync(db => db.CloseoutChecklists.Where(c => c.ProjectId == project.Id).Select(c => c.ItemChanges).SingleAsync()));
    }

    [Fact]
    public async Task ReopeningAnItem_PutsItBackOnTheMissingList()
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        using var lead = await app.ApiAsAsync(await app.CreateSupportLeadAsync());
        await BatonAppFactory.BeginCloseoutAsync(lead, project.Number);
        await BatonAppFactory.CompleteRequiredItemsAsync(lead, project.Number);
        var closeout = await lead.GetOkAsync($"/api/v1/projects/{project.Number}/closeout");
        Assert.True(closeout.GetProperty("canSignOff").GetBoolean());
        var item = closeout.Items().First(i => i.GetProperty("required").GetBoolean());

        var reopened = await JsonAsync(await lead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/items/{item.GetProperty("key").GetInt32()}/reopen", ifMatch: item.GetProperty("version").GetInt32()), HttpStatusCode.OK);

        Assert.Equal("Open", reopened.GetProperty("state").GetString());
        var after = await lead.GetOkAsync($"/api/v1/projects/{project.Number}/closeout");
        Assert.False(after.GetProperty("canSignOff").GetBoolean());
        Assert.Equal([Missing(item)], after.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task SigningOffAStaleCopy_Is412()
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        using var lead = await app.ApiAsAsync(await app.CreateSupportLeadAsync());
        var begun = await BatonAppFactory.BeginCloseoutAsync(lead, project.Number);
        await BatonAppFactory.CompleteRequiredItemsAsync(lead, project.Number);
        await JsonAsync(await lead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/sign-off"), HttpStatusCode.OK);
        await JsonAsync(await lead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/withdraw-sign-off"), HttpStatusCode.OK);

        var stale = await lead.PostJsonAsync($"/api/v1/projects/{project.Number}/closeout/sign-off", ifMatch: begun.GetProperty("version").GetInt32());

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Projects.Where(p => p.Id == project.Id).Select(p => p.CloseoutSignedOffAt).SingleAsync()));
    }
}
