using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>Coverage and clocks on a ticket, through the API and the ticket page.</summary>
public sealed class TicketSlaTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private sealed record ClockDto(string Clock, string State, int TargetMinutes, int ElapsedMinutes, int RemainingMinutes, DateTimeOffset? DueAt, string Summary);

    private sealed record SlaDto(string Policy, string? Contract, string Coverage, string CoverageNote, IReadOnlyList<string> Exclusions, string Priority, ClockDto FirstResponse, ClockDto Resolution);

    private static async Task<SlaDto> SlaOfAsync(HttpClient api, string number)
    {
        var response = await api.GetAsync($"/api/v1/tickets/{number}/sla");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SlaDto>(Json))!;
    }

    /// <summary>A contract in force today for the client, covering only the named configuration items (none: all).</summary>
    private Task AddContractAsync(ClientSetup client, string name, IReadOnlyList<int> coveredItems, string exclusions = "") => app.WithDbAsync(async db =>
    {
        var standard = await db.SlaPolicies.SingleAsync(p => p.IsDefault);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        db.Contracts.Add(new Contract(client.ClientId, new ContractTerms(name, today.AddDays(-30), today.AddDays(300), standard.Id, null, [], coveredItems, exclusions)));
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task A_new_ticket_for_a_client_without_a_contract_runs_on_the_default_policy_and_says_no_contract()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);

        var sla = await SlaOfAsync(api, ticket.Number);

        Assert.Equal("NoContract", sla.Coverage);
        Assert.Equal("No contract in force", sla.CoverageNote);
        Assert.Equal("Standard", sla.Policy);
        Assert.Equal(ticket.Priority, sla.Priority);
        Assert.Equal("Running", sla.FirstResponse.State);
        Assert.Equal(ServiceLevelDefaults.StandardTargets.Single(t => t.Priority.ToString() == ticket.Priority).FirstResponse.TotalMinutes, sla.FirstResponse.TargetMinutes);
        Assert.NotNull(sla.Resolution.DueAt);
    }

    [Fact]
    public async Task A_ticket_about_an_item_outside_the_contract_says_it_is_not_covered_and_why()
    {
        var client = await app.CreateClientAsync();
        var otherItem = await app.WithDbAsync(async db =>
        {
            var item = new Baton.Domain.Clients.ConfigurationItem(client.ClientId, client.Code + "-PRN", "Printer", client.SiteId);
            db.ConfigurationItems.Add(item);
            await db.SaveChangesAsync();
            return item.Id;
        });
        await AddContractAsync(client, "Servers only", [client.ConfigurationItemId], "Printers\nPersonal phones");
        using var api = await app.ApiAsNewAgentAsync();

        var outside = await SlaOfAsync(api, (await OpenIncidentAsync(api, client, "Printer jams", new { configurationItemId = otherItem })).Number);
        var inside = await SlaOfAsync(api, (await OpenIncidentAsync(api, client, "Server down", new { configurationItemId = client.ConfigurationItemId })).Number);

        Assert.Equal("NotCovered", outside.Coverage);
        Assert.Equal($"Not covered: {client.Code}-PRN is not among the configuration items of Servers only", outside.CoverageNote);
        Assert.Equal("Covered", inside.Coverage);
        Assert.Equal("Covered by Servers only", inside.CoverageNote);
        Assert.Equal("Servers only", inside.Contract);
        Assert.Equal(["Printers", "Personal phones"], inside.Exclusions);
    }

    [Fact]
    public async Task Acknowledging_stops_the_first_response_clock_and_awaiting_the_customer_pauses_resolution()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);

        foreach (var transition in new[] { "Acknowledge", "StartWork", "AwaitCustomer" })
        {
            var moved = await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition });
            Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        }

        var sla = await SlaOfAsync(api, ticket.Number);
        Assert.Equal("Met", sla.FirstResponse.State);
        Assert.Null(sla.FirstResponse.DueAt);
        Assert.Equal("Paused", sla.Resolution.State);
        Assert.Null(sla.Resolution.DueAt);
        var stored = await app.WithDbAsync(db => db.Tickets.AsNoTracking().Where(t => t.Id == ticket.Id).Select(t => t.Sla!.NextDueAt).SingleAsync());
        Assert.Null(stored); // no running clock: the queue's time-to-breach sort puts it last
    }

    [Fact]
    public async Task Raising_the_priority_moves_the_targets_and_the_audit_trail_records_it()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client, "Slow", new { impact = "Low", urgency = "Low" });
        var before = await SlaOfAsync(api, ticket.Number);

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tickets/{ticket.Number}") { Content = JsonContent.Create(new { impact = "High", urgency = "High" }) };
        patch.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{ticket.Version}\""));
        Assert.True((await api.SendAsync(patch)).IsSuccessStatusCode);

        var after = await SlaOfAsync(api, ticket.Number);
        Assert.Equal("P1", after.Priority);
        Assert.Equal(30, after.FirstResponse.TargetMinutes);
        Assert.True(after.Resolution.DueAt < before.Resolution.DueAt);
        var audit = await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{ticket.Number}/audit");
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("field").GetString() == "SLA targets" && a.GetProperty("newValue").GetString() == "P1: respond 30 min, resolve 4 h");
    }

    [Fact]
    public async Task A_client_contact_does_not_see_the_clocks()
    {
        var client = await app.CreateClientAsync();
        using var staff = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(staff, client);
        using var contact = await app.ApiAsAsync(await app.CreateContactUserAsync(client));

        var response = await contact.GetAsync($"/api/v1/tickets/{ticket.Number}/sla");
        var list = await contact.GetFromJsonAsync<JsonElement>("/api/v1/tickets");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var row = Assert.Single(list.GetProperty("items").EnumerateArray(), r => r.GetProperty("number").GetString() == ticket.Number);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("sla").ValueKind);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("nextDueAt").ValueKind);
    }

    [Fact]
    public async Task The_ticket_page_shows_coverage_and_both_clocks_in_words()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);
        var page = await app.SignInAsAgentAsync();

        var html = await page.GetHtmlAsync($"/Tickets/{ticket.Number}");

        Assert.Contains("Service level", html, StringComparison.Ordinal);
        Assert.Contains("No contract in force", html, StringComparison.Ordinal);
        Assert.Matches(@"data-testid=""sla-response"">\d+ (h|min)[^<]* left<", html);
    }
}
