using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Platform;

public sealed class PlatformTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    [Fact]
    public async Task HealthEndpoints_ReportLiveAndReady_WithMigrationsApplied()
    {
        using var http = app.CreateClient();

        var live = await http.GetAsync("/health/live");
        var ready = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_CarryAStrictContentSecurityPolicy_AndNoInlineScript()
    {
        using var http = app.CreateClient();

        var response = await http.GetAsync("/Account/Login");
        var html = await response.Content.ReadAsStringAsync();

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)", html);
        Assert.DoesNotContain(" style=\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousPageRequest_IsSentToSignIn()
    {
        using var http = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await http.GetAsync("/Tickets");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormPost_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var page = await app.SignInAsAgentAsync();

        var response = await page.Http.PostAsync("/Tickets/New", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Title"] = "csrf" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryEndpointAndTheBearerScheme()
    {
        using var http = app.CreateClient();

        var doc = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var expected in new[]
        {
            "/api/v1/tickets", "/api/v1/tickets/{number}", "/api/v1/tickets/{number}/transitions", "/api/v1/tickets/{number}/assignment",
            "/api/v1/tickets/{number}/messages", "/api/v1/tickets/{number}/audit", "/api/v1/tickets/{number}/attachments",
            "/api/v1/tickets/{number}/attachments/{attachmentId}", "/api/v1/clients", "/api/v1/clients/{clientId}/contacts", "/api/v1/teams", "/api/v1/agents",
        })
        {
            Assert.Contains(expected, paths);
        }

        Assert.Equal("bearer", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        var impact = doc.GetProperty("components").GetProperty("schemas").GetProperty("Impact");
        Assert.Equal(["High", "Medium", "Low"], impact.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task FaviconIco_LeadsToTheSvgIcon()
    {
        using var http = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await http.GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/favicon.svg", response.Headers.Location?.OriginalString);
        var icon = await http.GetAsync("/favicon.svg");
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task InteractiveApiPage_IsServed()
    {
        using var http = app.CreateClient();

        var response = await http.GetAsync("/api-docs/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AuditTrail_CannotBeRewritten_EvenWithRawSql()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);
        var project = await app.CreateProjectAsync(client, await app.CreateAgentAsync());

        foreach (var (kind, id) in new[] { (Ticket.RecordKind, ticket.Id), (Project.RecordKind, (long)project.Id) })
        {
            var update = await Record.ExceptionAsync(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
                "UPDATE \"AuditEntries\" SET \"NewValue\" = 'forged' WHERE \"RecordKind\" = {0} AND \"RecordId\" = {1}", kind, id)));
            var delete = await Record.ExceptionAsync(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
                "DELETE FROM \"AuditEntries\" WHERE \"RecordKind\" = {0} AND \"RecordId\" = {1}", kind, id)));

            Assert.Contains("append-only", update?.Message ?? "", StringComparison.Ordinal);
            Assert.Contains("append-only", delete?.Message ?? "", StringComparison.Ordinal);
            var entries = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.RecordKind == kind && a.RecordId == id).ToListAsync());
            Assert.Contains(entries, e => e.Field == "Created");
            Assert.DoesNotContain(entries, e => e.NewValue == "forged");
        }

        // TRUNCATE skips row triggers on PostgreSQL, so a statement trigger refuses it (SQLite has no TRUNCATE).
        if (!await app.WithDbAsync(db => Task.FromResult(db.IsSqlite)))
        {
            var truncate = await Record.ExceptionAsync(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("TRUNCATE \"AuditEntries\"")));
            Assert.Contains("append-only", truncate?.Message ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignIn_LocksTheAccountAfterFiveFailedAttempts()
    {
        var agent = await app.CreateAgentAsync();
        using var page = new PageClient(app.CreateClient(new() { AllowAutoRedirect = false }));

        for (var i = 0; i < 5; i++)
        {
            var failed = await page.PostFormAsync("/Account/Login", new() { ["Input.Email"] = agent.Email, ["Input.Password"] = "wrong-password" });
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var correct = await page.PostFormAsync("/Account/Login", new() { ["Input.Email"] = agent.Email, ["Input.Password"] = UserPassword });

        Assert.Equal(HttpStatusCode.OK, correct.StatusCode);
        Assert.Contains("locked", await correct.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiToken_CreatedOnTheProfilePage_Works_UntilItIsRevoked()
    {
        var agent = await app.CreateAgentAsync();
        using var page = await app.SignInAsync(agent.Email, UserPassword);

        var created = await page.PostFormAsync("/Account/Profile?handler=CreateToken", new() { ["TokenName"] = "monitoring" });
        var html = await created.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"new-token\">(baton_[^<]+)<").Groups[1].Value;
        Assert.StartsWith("baton_", token, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.ApiTokens.SingleAsync(t => t.UserId == agent.Id));
        Assert.NotEqual(token, stored.Hash);
        Assert.DoesNotContain(token, stored.Hash, StringComparison.Ordinal);

        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/tickets")).StatusCode);

        var revoked = await page.PostFormAsync($"/Account/Profile?handler=Revoke&id={stored.Id}", []);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/tickets")).StatusCode);
        Assert.DoesNotContain(token, await page.GetHtmlAsync("/Account/Profile"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewTicketForm_WithoutATitle_AnswersInline_AndCreatesNothing()
    {
        var client = await app.CreateClientAsync();
        using var page = await app.SignInAsAgentAsync();

        var response = await page.PostFormAsync("/Tickets/New", new()
        {
            ["Input.Kind"] = "Incident", ["Input.Title"] = "", ["Input.RequesterId"] = client.ContactId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Impact"] = "1", ["Input.Urgency"] = "1", ["Input.RequestType"] = "Technical",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("A ticket needs a title", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.ClientId == client.ClientId)));
    }

    [Fact]
    public async Task NewTicketForm_SubmittedTwice_OpensOneTicket()
    {
        var client = await app.CreateClientAsync();
        using var page = await app.SignInAsAgentAsync();
        var fields = new Dictionary<string, string>
        {
            ["Input.Kind"] = "Incident", ["Input.Title"] = "Double click", ["Input.RequesterId"] = client.ContactId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Impact"] = "High", ["Input.Urgency"] = "Low", ["Input.RequestType"] = "Technical", ["Input.SubmissionId"] = Guid.NewGuid().ToString("N"),
        };

        var first = await page.PostFormAsync("/Tickets/New", fields);
        var second = await page.PostFormAsync("/Tickets/New", fields);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.ClientId == client.ClientId)));
    }
}
