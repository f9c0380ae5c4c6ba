using System.Net;
using System.Text;
using System.Text.Json;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Closeout.CloseoutSetup;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.Closeout;

/// <summary>The support-owned template over the API: seeded at startup, every edit a new immutable version.</summary>
public sealed class CloseoutTemplateApiTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    [Fact]
    public async Task TheFirstVersion_IsSeededAtStartup_WithWhatSupportNeedsBeforeTakingAProjectOver()
    {
        using var agent = await app.ApiAsNewAgentAsync();

        var v1 = await agent.GetOkAsync("/api/v1/closeout-template/versions/1");

        Assert.Equal(1, v1.Number());
        Assert.Equal(
            ["Documentation delivered", "Monitoring and backups in place", "Licences, warranties and vendors", "Client contacts confirmed", "Hand-over to support"],
            v1.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("title").GetString()));
        Assert.Contains("Network diagram current as of go-live", v1.Texts());
        Assert.Contains("Credentials stored in the password vault", v1.Texts());
        Assert.Contains("Backups configured and a test restore done", v1.Texts());
        Assert.Contains("Training done for the client's users", v1.Texts());
        Assert.True(v1.Item("Credentials stored in the password vault").GetProperty("required").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(v1.Item("Credentials stored in the password vault").GetProperty("guidance").GetString()));
        Assert.Equal(1, await app.WithDbAsync(db => db.CloseoutTemplateVersions.CountAsync(v => v.Number == 1)));
    }

    [Fact]
    public async Task Publishing_CreatesVersionNPlusOne_AndTheOldVersionReadsExactlyAsBefore()
    {
        using var lead = await app.ApiAsAsync(await app.CreateSupportLeadAsync());
        var current = await BatonAppFactory.CurrentTemplateAsync(lead);
        var before = await (await lead.GetAsync($"/api/v1/closeout-template/versions/{current.Number()}")).Content.ReadAsStringAsync();
        var text = Unique("Firewall rules exported");

        var next = await PublishAsync(lead, s => ItemsOf(s[0]).Add(NewItem(text, guidance: "Export after the last change.")), "After INC-000042");

        Assert.Equal(current.Number() + 1, next.Number());
        Assert.Contains(text, next.Texts());
        Assert.Equal($"Added ‘{text}’ to {current.GetProperty("sections")[0].GetProperty("title").GetString()} (required).", next.GetProperty("changes")[0].GetString());
        Assert.Equal("After INC-000042", next.GetProperty("note").GetString());
        var old = await (await lead.GetAsync($"/api/v1/closeout-template/versions/{current.Number()}")).Content.ReadAsStringAsync();
        Assert.Equal(before.Replace("\"isCurrent\":true", "\"isCurrent\":false", StringComparison.Ordinal), old);
        Assert.DoesNotContain(text, JsonDocument.Parse(old).RootElement.Texts());
        var versions = await lead.GetOkAsync("/api/v1/closeout-template/versions");
        Assert.Equal(next.Number(), versions[0].Number());
        Assert.Equal(current.Number(), versions[1].Number());
        Assert.Equal(next.Number(), (await BatonAppFactory.CurrentTemplateAsync(lead)).Number());
    }

    [Fact]
    public async Task Publishing_WithoutIfMatch_Is428_AndFromAnOlderVersion_Is412()
    {
        using var lead = await app.ApiAsAsync(await app.CreateSupportLeadAsync());
        var current = await BatonAppFactory.CurrentTemplateAsync(lead);
        var body = new { sections = current.Sections() };

        Assert.Equal((HttpStatusCode)428, (await PublishRawAsync(lead, body, null)).StatusCode);
        var stale = await PublishRawAsync(lead, body, current.Number() - 1);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains($"it is now {current.Number()}", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(current.Number(), (await BatonAppFactory.CurrentTemplateAsync(lead)).Number());
    }

    [Fact]
    public async Task OnlySupportLeads_Publish_ATeamLeadCounts_AClientContactReadsNothing()
    {
        var client = await app.CreateClientAsync();
        using var agent = await app.ApiAsNewAgentAsync();
        using var teamLead = await app.ApiAsAsync(await app.CreateTeamLeadAsync());
        using var contact = await app.ApiAsAsync(await app.CreateContactUserAsync(client));
        var current = await BatonAppFactory.CurrentTemplateAsync(agent);
        var sections = current.Sections();
        ItemsOf(sections[^1]).Add(NewItem(Unique("Out-of-hours number tested")));

        var refused = await PublishRawAsync(agent, new { sections }, current.Number());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("support lead", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await contact.GetAsync("/api/v1/closeout-template")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await contact.GetAsync("/api/v1/closeout-template/versions/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PublishRawAsync(teamLead, new { sections }, current.Number())).StatusCode);
    }

    public static TheoryData<string, string> BadTemplates => new()
    {
        // case, field named in the problem's errors
        { "no sections", "sections" },
        { "untitled section", "sections[0].title" },
        { "two sections called the same", "sections[1].title" },
        { "an empty section", "sections[0].items" },
        { "an item without text", "sections[0].items[0].text" },
        { "the same item twice", "sections[0].items[1].text" },
        { "a key no version had", "sections[0].items[0].key" },
        { "nothing changed", "sections" },
        { "required missing", "required" },
    };

    [Theory]
    [MemberData(nameof(BadTemplates))]
    public async Task ABadTemplate_IsAProblemNamingTheField_AndPublishesNothing(string name, string field)
    {
        using var lead = await app.ApiAsAsync(await app.CreateSupportLeadAsync());
        var current = await BatonAppFactory.CurrentTemplateAsync(lead);
        var sections = current.Sections();
        object? body = name switch
        {
            "no sections" => new { sections = Array.Empty<object>() },
            "untitled section" => new { sections = new[] { new { title = " ", items = new[] { NewItem("A") } } } },
            "two sections called the same" => new { sections = new[] { new { title = "Docs", items = new[] { NewItem("A") } }, new { title = "DOCS", items = new[] { NewItem("B") } } } },
            "an empty section" => new { sections = new[] { new { title = "Docs", items = Array.Empty<object>() } } },
            "an item without text" => new { sections = new[] { new { title = "Docs", items = new[] { NewItem("") } } } },
            "the same item twice" => new { sections = new[] { new { title = "Docs", items = new[] { NewItem("Backups"), NewItem("backups") } } } },
            "a key no version had" => new { sections = new[] { new { title = "Docs", items = new[] { new { key = 987654, text = "A", required = true } } } } },
            "nothing changed" => new { sections },
            "required missing" => null,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var json = body is null ? """{"sections":[{"title":"Docs","items":[{"text":"A"}]}]}""" : JsonSerializer.Serialize(body, BatonAppFactory.Json);
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/closeout-template") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{current.Number()}\"");

        var errors = await ProblemErrorsAsync(await lead.SendAsync(request), name);

        Assert.True(errors.TryGetProperty(field, out var messages), $"{name}: expected errors.{field} in {errors}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(current.Number(), (await BatonAppFactory.CurrentTemplateAsync(lead)).Number());
    }

    [Fact]
    public async Task ThePublishedRow_IsRefusedByTheDatabase_WhenSomethingTriesToRewriteIt()
    {
        var rewrite = await Record.ExceptionAsync(() => app.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("""UPDATE "CloseoutTemplateVersions" SET "Note" = 'rewritten' WHERE "Number" = 1""")));
        var delete = await Record.ExceptionAsync(() => app.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("""DELETE FROM "CloseoutTemplateVersions" WHERE "Number" = 1""")));

        Assert.NotNull(rewrite);
        Assert.Contains("immutable", rewrite.ToString(), StringComparison.Ordinal);
        Assert.NotNull(delete);
        Assert.NotEqual("rewritten", await app.WithDbAsync(db => db.CloseoutTemplateVersions.Where(v => v.Number == 1).Select(v => v.Note).SingleAsync()));
    }

    [Fact]
    public async Task TheCloseoutEndpoints_AreInTheOpenApiDocument_WithSummaries()
    {
        using var http = app.CreateClient();
        var paths = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");

        foreach (var (path, verbs) in Endpoints)
        {
            var found = paths.EnumerateObject().FirstOrDefault(p => p.Name.TrimEnd('/') == path);
            Assert.True(found.Value.ValueKind == JsonValueKind.Object, $"{path} is not in the OpenAPI document");
            Assert.All(verbs, v => Assert.True(found.Value.TryGetProperty(v, out var op) && op.TryGetProperty("operationId", out _), $"{v} {path} is not in the OpenAPI document"));
        }
    }

    private static readonly (string Path, string[] Verbs)[] Endpoints =
    [
        ("/api/v1/closeout-template", ["get", "put"]), ("/api/v1/closeout-template/versions", ["get"]), ("/api/v1/closeout-template/versions/{number}", ["get"]),
        ("/api/v1/closeout-template/proposals", ["get"]), ("/api/v1/closeout-template/proposals/{proposalId}/accept", ["post"]),
        ("/api/v1/closeout-template/proposals/{proposalId}/decline", ["post"]), ("/api/v1/projects/{number}/closeout", ["get", "post"]),
        ("/api/v1/projects/{number}/closeout/items/{key}", ["put"]), ("/api/v1/projects/{number}/closeout/items/{key}/reopen", ["post"]),
        ("/api/v1/projects/{number}/closeout/upgrade", ["post"]), ("/api/v1/projects/{number}/closeout/sign-off", ["post"]),
        ("/api/v1/projects/{number}/closeout/withdraw-sign-off", ["post"]), ("/api/v1/projects/{number}/closeout/release-lead", ["post"]),
        ("/api/v1/projects/{number}/closeout/proposals", ["get", "post"]), ("/api/v1/projects/{number}/handoff", ["get", "put"]),
        ("/api/v1/projects/{number}/handbook", ["get"]),
    ];

    [Fact]
    public async Task AnUnknownVersion_Is404()
    {
        using var agent = await app.ApiAsNewAgentAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/v1/closeout-template/versions/99999")).StatusCode);
    }
}
