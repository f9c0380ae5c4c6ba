using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Security;

/// <summary>API tokens carry a scope chosen at creation: a read-only token reads, and every write answers 403 problem details.</summary>
public sealed partial class TokenScopeTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private async Task<HttpClient> ApiWithAsync(BatonAppFactory.TestUser user, ApiTokenScope scope)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.IssueTokenAsync(user, scope));
        return client;
    }

    [Fact]
    public async Task AReadOnlyToken_Reads_ButEveryWriteAnswers403ProblemDetails_AndChangesNothing()
    {
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        using var writer = await app.ApiAsAsync(agent);
        var ticket = await BatonAppFactory.OpenIncidentAsync(writer, client);
        using var reader = await ApiWithAsync(agent, ApiTokenScope.ReadOnly);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/tickets/{ticket.Number}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/tickets")).StatusCode);
        var writes = new[]
        {
            await reader.PostAsJsonAsync("/api/v1/tickets", new { title = "Read-only wrote this", clientId = client.ClientId, requesterId = client.ContactId }),
            await reader.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "Read-only wrote this", isInternal = false }),
            await reader.PostAsJsonAsync("/api/v1/teams", new { name = "Read-only team" }),
            await reader.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tickets/{ticket.Number}") { Content = JsonContent.Create(new { title = "Read-only wrote this" }) }),
            await reader.DeleteAsync("/api/v1/projects/PRJ-999999/engagements/1"),
        };

        foreach (var response in writes)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("read-only", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.Title == "Read-only wrote this")));
        Assert.Equal(0, await app.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.Body == "Read-only wrote this")));
    }

    [Fact]
    public async Task AReadWriteToken_Writes()
    {
        var client = await app.CreateClientAsync();
        using var api = await ApiWithAsync(await app.CreateAgentAsync(), ApiTokenScope.ReadWrite);

        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client, "Written with a read-write token");

        Assert.Equal("Written with a read-write token", ticket.Title);
    }

    [Fact]
    public async Task TheProfilePage_IssuesTheScopeChosen_ReadOnlyByDefault_AndNeverAFeedToken()
    {
        var agent = await app.CreateAgentAsync();
        using var page = await app.SignInAsync(agent.Email, BatonAppFactory.UserPassword);
        var client = await app.CreateClientAsync();

        var readWrite = await NewTokenAsync(await page.PostFormAsync("/Account/Profile?handler=CreateToken", new() { ["TokenName"] = "sync", ["TokenScope"] = "ReadWrite" }));
        var byDefault = await NewTokenAsync(await page.PostFormAsync("/Account/Profile?handler=CreateToken", new() { ["TokenName"] = "dashboard" }));
        var feed = await page.PostFormAsync("/Account/Profile?handler=CreateToken", new() { ["TokenName"] = "sneaky", ["TokenScope"] = "Feed" });

        var stored = await app.WithDbAsync(db => db.ApiTokens.Where(t => t.UserId == agent.Id).ToDictionaryAsync(t => t.Name, t => t.Scope));
        Assert.Equal(ApiTokenScope.ReadWrite, stored["sync"]);
        Assert.Equal(ApiTokenScope.ReadOnly, stored["dashboard"]);
        Assert.False(stored.ContainsKey("sneaky"));
        Assert.Contains("Choose read-only or read and write", await feed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var rw = app.CreateClient();
        rw.DefaultRequestHeaders.Authorization = new("Bearer", readWrite);
        await BatonAppFactory.OpenIncidentAsync(rw, client);
        using var ro = app.CreateClient();
        ro.DefaultRequestHeaders.Authorization = new("Bearer", byDefault);
        Assert.Equal(HttpStatusCode.OK, (await ro.GetAsync("/api/v1/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ro.PostAsJsonAsync("/api/v1/tickets", new { title = "x", clientId = client.ClientId, requesterId = client.ContactId })).StatusCode);
        var profile = await page.GetHtmlAsync("/Account/Profile");
        Assert.Contains("Read and write", profile, StringComparison.Ordinal);
        Assert.Contains("Read only", profile, StringComparison.Ordinal);
    }

    private static async Task<string> NewTokenAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var token = TokenShown().Match(html).Groups[1].Value;
        Assert.StartsWith("baton_", token, StringComparison.Ordinal);
        return token;
    }

    [GeneratedRegex("data-testid=\"new-token\">(baton_[^<]+)<")]
    private static partial Regex TokenShown();
}
