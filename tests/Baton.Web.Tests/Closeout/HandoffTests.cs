using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using static Baton.Web.Tests.Closeout.CloseoutSetup;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.Closeout;

/// <summary>The hand-off meeting record, over the API and through its page.</summary>
public sealed class HandoffTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static object Meeting(string url = "https://wiki.example.test/acme/network", string? extraSituation = null) => new
    {
        heldOn = "2026-12-03",
        attendees = new object[]
        {
            new { name = "Dana Tech", side = "Provider", role = "Lead tech" },
            new { name = "Sam Support", side = "Provider", role = "Service desk" },
            new { name = "Mia Chen", side = "Client", role = "Office manager" },
        },
        contactMatrix = new[]
        {
            new { situation = "Outage", clientCalls = "Service desk 0800 100 200 (24×7)", supportEscalatesTo = "On-call engineer, then Dana Tech" },
            new { situation = extraSituation ?? "How-to question", clientCalls = "Portal or service desk", supportEscalatesTo = "Mia Chen's super-users" },
        },
        documentationLinks = new[] { new { title = "Network diagram", url } },
        openRisks = new[] { new { text = "The loft switch is out of warranty", owner = "Dana Tech" } },
        notes = "Questions answered; the client knows whom to call.",
    };

    private static async Task<HttpResponseMessage> PutAsync(HttpClient api, string number, object body, int? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{number}/handoff") { Content = JsonContent.Create(body) };
        if (ifMatch is { } v)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{v}\"");
        }

        return await api.SendAsync(request);
    }

    [Fact]
    public async Task TheMeeting_IsRecordedThenEdited_WithIfMatch_AndAStaleEditIsRefused()
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        using var tech = await app.ApiAsAsync(await app.CreateAgentAsync("Dana Tech"));

        var created = await JsonAsync(await PutAsync(tech, project.Number, Meeting(), null), HttpStatusCode.OK);
        Assert.Equal(("2026-12-03", true, 3, "Dana Tech"), (created.GetProperty("heldOn").GetString(), created.GetProperty("hasBothSides").GetBoolean(),
            created.GetProperty("attendees").GetArrayLength(), created.GetProperty("updatedBy").GetString()));
        Assert.Equal("Client", created.GetProperty("attendees")[2].GetProperty("side").GetString());
        Assert.Equal("On-call engineer, then Dana Tech", created.GetProperty("contactMatrix")[0].GetProperty("supportEscalatesTo").GetString());

        Assert.Equal((HttpStatusCode)428, (await PutAsync(tech, project.Number, Meeting(), null)).StatusCode);
        var edited = await JsonAsync(await PutAsync(tech, project.Number, Meeting(extraSituation: "Billing"), 1), HttpStatusCode.OK);
        Assert.Equal("Billing", edited.GetProperty("contactMatrix")[1].GetProperty("situation").GetString());
        var stale = await PutAsync(tech, project.Number, Meeting(extraSituation: "New starter"), 1);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("changed by Dana Tech", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await tech.GetOkAsync($"/api/v1/projects/{project.Number}/handoff");
        Assert.Equal(("Billing", 2), (stored.GetProperty("contactMatrix")[1].GetProperty("situation").GetString(), stored.GetProperty("version").GetInt32()));
    }

    public static TheoryData<string, string, string> BadMeetings => new()
    {
        // case, JSON body, field named in the problem
        { "javascript: link", """{"heldOn":"2026-12-03","documentationLinks":[{"title":"Diagram","url":"javascript:alert(1)"}]}""", "documentationLinks[0].url" },
        { "relative link", """{"heldOn":"2026-12-03","documentationLinks":[{"title":"Diagram","url":"/wiki/net"}]}""", "documentationLinks[0].url" },
        { "file link", """{"heldOn":"2026-12-03","documentationLinks":[{"title":"Diagram","url":"file:///c:/net.vsdx"}]}""", "documentationLinks[0].url" },
        { "no date", """{"attendees":[]}""", "heldOn" },
        { "attendee without name", """{"heldOn":"2026-12-03","attendees":[{"name":"Dana","side":"Provider"},{"name":" ","side":"Client"}]}""", "attendees[1].name" },
        { "unknown side", """{"heldOn":"2026-12-03","attendees":[{"name":"Dana","side":"Vendor"}]}""", "attendees[0].side" },
        { "risk without owner", """{"heldOn":"2026-12-03","openRisks":[{"text":"Old switch","owner":""}]}""", "openRisks[0].owner" },
        { "situation twice", """{"heldOn":"2026-12-03","contactMatrix":[{"situation":"Outage","clientCalls":"Desk","supportEscalatesTo":"On-call"},{"situation":"outage","clientCalls":"Desk","supportEscalatesTo":"On-call"}]}""", "contactMatrix[1].situation" },
    };

    [Theory]
    [MemberData(nameof(BadMeetings))]
    public async Task ABadMeeting_IsAProblemNamingTheField_AndRecordsNothing(string name, string json, string field)
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        using var tech = await app.ApiAsNewAgentAsync();

        var response = await tech.PutAsync($"/api/v1/projects/{project.Number}/handoff", new StringContent(json, Encoding.UTF8, "application/json"));

        var errors = await ProblemErrorsAsync(response, name);
        Assert.True(errors.TryGetProperty(field, out _), $"{name}: expected errors.{field} in {errors}");
        Assert.False((await tech.GetOkAsync($"/api/v1/projects/{project.Number}/handoff")).GetProperty("recorded").GetBoolean());
    }

    [Fact]
    public async Task ThePage_IgnoresBlankRows_AndPutsAnErrorOnTheRowItWasTypedIn()
    {
        var project = await app.CreateProjectAsync(await app.CreateClientAsync(), await app.CreateAgentAsync());
        var agent = await app.CreateAgentAsync("Dana Tech");
        using var page = await app.SignInAsync(agent.Email, BatonAppFactory.UserPassword);
        var url = $"/Projects/{project.Number}/Handoff";
        var fields = new Dictionary<string, string>
        {
            ["Input.HeldOn"] = "2026-12-03",
            ["Input.Attendees[0].Name"] = "Dana Tech", ["Input.Attendees[0].Side"] = "Provider", ["Input.Attendees[0].Role"] = "Lead tech",
            ["Input.Attendees[1].Name"] = "", ["Input.Attendees[1].Side"] = "", ["Input.Attendees[1].Role"] = "",
            ["Input.Attendees[2].Name"] = "Mia Chen", ["Input.Attendees[2].Side"] = "Client", ["Input.Attendees[2].Role"] = "",
            ["Input.ContactMatrix[0].Situation"] = "Outage", ["Input.ContactMatrix[0].ClientCalls"] = "Service desk", ["Input.ContactMatrix[0].SupportEscalatesTo"] = "On-call engineer",
            ["Input.DocumentationLinks[0].Title"] = "", ["Input.DocumentationLinks[0].Url"] = "",
            ["Input.DocumentationLinks[1].Title"] = "Network diagram", ["Input.DocumentationLinks[1].Url"] = "wiki/network",
            ["Input.Notes"] = "Warm hand-off",
        };

        var bad = await page.PostFormAsync(url, fields);

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("not a web address", FieldError(html, "Input.DocumentationLinks[1].Url"), StringComparison.Ordinal);
        Assert.Contains("value=\"Mia Chen\"", html, StringComparison.Ordinal);

        fields["Input.DocumentationLinks[1].Url"] = "https://wiki.example.test/network";
        var saved = await page.PostFormAsync(url, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        using var api = await app.ApiAsAsync(agent);
        var stored = await api.GetOkAsync($"/api/v1/projects/{project.Number}/handoff");
        Assert.Equal(["Dana Tech", "Mia Chen"], stored.GetProperty("attendees").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal("https://wiki.example.test/network", stored.GetProperty("documentationLinks")[0].GetProperty("url").GetString());
        Assert.True(stored.GetProperty("hasBothSides").GetBoolean());

        var form = WebUtility.HtmlDecode(await page.GetHtmlAsync(url));
        Assert.Contains("value=\"Outage\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Version\" value=\"1\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterTheProjectCloses_TheRecordIsFinal()
    {
        var client = await app.CreateClientAsync();
        var project = await app.CreateProjectAsync(client, await app.CreateAgentAsync(), ProjectStatus.Closed);
        using var tech = await app.ApiAsNewAgentAsync();

        var errors = await ProblemErrorsAsync(await PutAsync(tech, project.Number, Meeting(), null), "closed project");

        Assert.Contains("final", errors.GetProperty("status")[0].GetString(), StringComparison.Ordinal);
        var handoff = await tech.GetOkAsync($"/api/v1/projects/{project.Number}/handoff");
        Assert.False(handoff.GetProperty("editable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, handoff.GetProperty("heldOn").ValueKind);
    }
}
