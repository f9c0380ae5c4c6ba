using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Platform;

/// <summary>What Baton acknowledged survives the process being killed (SIGKILL, no shutdown): the real binary, a real file.</summary>
public sealed class CrashDurabilityTests : IDisposable
{
    private readonly CrashableBaton _baton = new();

    [SqliteFact]
    public async Task AcknowledgedTickets_SurviveAKilledProcess()
    {
        var url = await _baton.StartAsync();
        var token = _baton.IssueAdminToken();
        using var api = new HttpClient { BaseAddress = new Uri(url) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var client = await (await api.PostAsJsonAsync("/api/v1/clients", new { name = "Crash Test Ltd", code = "CRASH" })).Content.ReadFromJsonAsync<JsonElement>();
        var clientId = client.GetProperty("id").GetInt32();
        var contact = await (await api.PostAsJsonAsync($"/api/v1/clients/{clientId}/contacts", new { name = "Ann", email = "ann@crash.test" })).Content.ReadFromJsonAsync<JsonElement>();
        var acknowledged = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var response = await api.PostAsJsonAsync("/api/v1/tickets", new { title = $"Crash {i}", clientId, requesterId = contact.GetProperty("id").GetInt32() });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!);
        }

        _baton.Kill(); // SIGKILL: no graceful shutdown, no checkpoint

        var restarted = await _baton.StartAsync();
        using var again = new HttpClient { BaseAddress = new Uri(restarted) };
        again.DefaultRequestHeaders.Authorization = new("Bearer", token);
        foreach (var number in acknowledged)
        {
            Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/api/v1/tickets/{number}")).StatusCode);
        }

        var next = await again.PostAsJsonAsync("/api/v1/tickets", new { title = "After restart", clientId, requesterId = contact.GetProperty("id").GetInt32() });
        var nextNumber = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
        Assert.DoesNotContain(nextNumber, acknowledged);
    }

    public void Dispose() => _baton.Dispose();
}
