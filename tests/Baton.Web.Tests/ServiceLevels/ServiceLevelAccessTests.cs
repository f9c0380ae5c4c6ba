using System.Net;
using System.Net.Http.Json;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>Staff read calendars, policies and contracts; managers and administrators change them; client contacts get nothing.</summary>
public sealed class ServiceLevelAccessTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    [Fact]
    public async Task AClientContact_CannotReachAnyServiceLevelEndpoint_EvenForTheirOwnClient()
    {
        var client = await app.CreateClientAsync();
        var (calendarId, policyId, contractId) = await ArrangeAsync(client.ClientId);
        using var contact = await app.ApiAsAsync(await app.CreateContactUserAsync(client));

        foreach (var (method, url) in Endpoints(client.ClientId, calendarId, policyId, contractId))
        {
            var response = await SendAsync(contact, method, url, calendarId, policyId);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {url} → {(int)response.StatusCode}");
        }

        Assert.Equal(1, await app.WithDbAsync(db => db.Contracts.CountAsync(c => c.ClientId == client.ClientId)));
    }

    [Fact]
    public async Task AnAgent_ReadsButCannotChange_AndAManagerCan()
    {
        var client = await app.CreateClientAsync();
        var (calendarId, policyId, contractId) = await ArrangeAsync(client.ClientId);
        using var agent = await app.ApiAsNewAgentAsync();
        using var manager = await app.ApiAsAsync(await app.CreateUserAsync(Roles.Manager));

        foreach (var (method, url) in Endpoints(client.ClientId, calendarId, policyId, contractId))
        {
            var expected = method == "GET" ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
            Assert.True((await SendAsync(agent, method, url, calendarId, policyId)).StatusCode == expected, $"agent {method} {url}");
        }

        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/api/v1/calendars", Calendar(Unique("Manager's"), EveryDay("09:00", "17:00")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.PutAsJsonAsync($"/api/v1/contracts/{contractId}", new { name = "Renamed", startsOn = "2040-01-01", slaPolicyId = policyId })).StatusCode);
    }

    [Fact]
    public async Task ServiceLevelPages_AreForManagersAndAdministrators()
    {
        var client = await app.CreateClientAsync();
        var manager = await app.CreateUserAsync(Roles.Manager);
        using var managerPage = await app.SignInAsync(manager.Email, BatonAppFactory.UserPassword);
        using var agentPage = await app.SignInAsAgentAsync();

        foreach (var url in new[] { "/Admin/Calendars", "/Admin/SlaPolicies", $"/Admin/Clients/{client.ClientId}/Contracts" })
        {
            Assert.Equal(HttpStatusCode.OK, (await managerPage.GetAsync(url)).StatusCode);
            Assert.Contains("/Account/AccessDenied", (await agentPage.GetAsync(url)).Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        }
    }

    private static IEnumerable<(string Method, string Url)> Endpoints(int clientId, int calendarId, int policyId, int contractId) =>
    [
        ("GET", "/api/v1/calendars"), ("POST", "/api/v1/calendars"), ("GET", $"/api/v1/calendars/{calendarId}"), ("PUT", $"/api/v1/calendars/{calendarId}"),
        ("GET", "/api/v1/sla-policies"), ("POST", "/api/v1/sla-policies"), ("GET", $"/api/v1/sla-policies/{policyId}"), ("PUT", $"/api/v1/sla-policies/{policyId}"),
        ("GET", $"/api/v1/clients/{clientId}/contracts"), ("POST", $"/api/v1/clients/{clientId}/contracts"),
        ("GET", $"/api/v1/contracts/{contractId}"), ("PUT", $"/api/v1/contracts/{contractId}"),
    ];

    /// <summary>A valid body for each write, so only permissions can refuse it.</summary>
    private static Task<HttpResponseMessage> SendAsync(HttpClient api, string method, string url, int calendarId, int policyId)
    {
        object body = url.Contains("calendars", StringComparison.Ordinal) ? Calendar(Unique("Blocked"), EveryDay("09:00", "17:00"))
            : url.Contains("sla-policies", StringComparison.Ordinal) ? Policy(Unique("Blocked"), calendarId)
            : new { name = "Blocked", startsOn = "2050-01-01", slaPolicyId = policyId };
        return method switch
        {
            "GET" => api.GetAsync(url),
            "POST" => api.PostAsJsonAsync(url, body),
            _ => api.PutAsJsonAsync(url, body),
        };
    }

    private async Task<(int CalendarId, int PolicyId, int ContractId)> ArrangeAsync(int clientId)
    {
        using var admin = await app.ApiAsAdministratorAsync();
        var calendarId = await admin.CreateCalendarAsync(Unique("Access"), EveryDay("09:00", "17:00"));
        var policyId = await admin.CreatePolicyAsync(Unique("Access"), calendarId);
        var contractId = await admin.CreateContractAsync(clientId, policyId, new DateOnly(2040, 1, 1));
        return (calendarId, policyId, contractId);
    }
}
