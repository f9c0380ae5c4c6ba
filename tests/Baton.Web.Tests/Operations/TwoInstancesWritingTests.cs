using System.Net;
using System.Net.Http.Json;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Web.Tests.Operations;

/// <summary>Two instances on one database writing to the same ticket, and recording the same SLA crossings.</summary>
public sealed class TwoInstancesWritingTests
{
    [Fact]
    public async Task ConcurrentReplies_OnTwoInstances_AllSucceed_AllStored_AndTheVersionCountsEachOne()
    {
        await using var first = new BatonAppFactory();
        await using var second = Instances.SecondOn(first);
        _ = first.Services;
        _ = second.Services;
        var client = await first.CreateClientAsync();
        var agentApi = await first.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agentApi, client);
        // Awaiting the requester: the contact's reply resumes it, a status change made under the same retry.
        foreach (var transition in new[] { "Acknowledge", "StartWork", "AwaitCustomer" })
        {
            var moved = await agentApi.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition });
            Assert.True(moved.StatusCode == HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        }

        var contactApi = await second.ApiAsAsync(await second.CreateContactUserAsync(client));
        var before = (await agentApi.GetFromJsonAsync<BatonAppFactory.TicketDto>($"/api/v1/tickets/{ticket.Number}", BatonAppFactory.Json))!;
        var writers = new List<HttpClient>();
        for (var i = 0; i < 3; i++)
        {
            writers.Add(await first.ApiAsNewAgentAsync());
            writers.Add(await second.ApiAsNewAgentAsync());
        }

        writers.Add(contactApi);
        const int rounds = 3;
        var replies = await Task.WhenAll(Enumerable.Range(0, rounds).SelectMany(round => writers.Select(async (api, w) =>
        {
            var response = await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = $"Reply {round}.{w}" });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })));

        Assert.All(replies, r => Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode}: {r.Body}"));
        var after = (await agentApi.GetFromJsonAsync<BatonAppFactory.TicketDto>($"/api/v1/tickets/{ticket.Number}", BatonAppFactory.Json))!;
        var stored = await first.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.TicketId == ticket.Id));
        Assert.Equal(replies.Length, stored);
        Assert.Equal(nameof(TicketStatus.InProgress), after.Status); // resumed by the contact's reply, whichever attempt applied it
        // Each reply applied exactly once, none lost to a conflict; the resuming one also counts its status change.
        Assert.Equal(before.Version + replies.Length + 1, after.Version);
    }

    [Fact]
    public async Task OneCrossing_RecordedByTwoInstancesAtOnce_IsStoredOnce_AndTheLoserLogsNoError()
    {
        var logs = new LogCapture();
        await using var first = new BatonAppFactory();
        first.Settings["ServiceLevels:EscalationInterval"] = "01:00:00";
        first.Settings["Logging:LogLevel:Baton.Web.Features.ServiceLevels"] = "Debug";
        await using var second = Instances.SecondOn(first);
        foreach (var app in new[] { first, second })
        {
            app.TestServices.Add(s => s.AddSingleton<ILoggerProvider>(logs));
        }

        _ = first.Services;
        _ = second.Services;
        var client = await first.CreateClientAsync();
        var api = await first.ApiAsNewAgentAsync();
        var tickets = new List<long>();
        var raced = false;
        var later = TimeProvider.System.GetUtcNow().AddDays(30); // every clock of these tickets is at risk and breached by then
        for (var round = 0; round < 20 && !raced; round++) // meeting is a matter of timing: on a busy machine it can take several rounds
        {
            for (var i = 0; i < 10; i++)
            {
                tickets.Add((await BatonAppFactory.OpenIncidentAsync(api, client, extra: new { impact = "Medium", urgency = "Medium" })).Id);
            }

            await Task.WhenAll(RunEscalationAsync(first, later), RunEscalationAsync(second, later));
            raced = logs.Entries.Any(e => e.Level == LogLevel.Debug && e.Message.Contains("already recorded elsewhere", StringComparison.Ordinal));
        }

        Assert.True(raced, "the two instances never met on one crossing in 20 rounds; the test proved nothing");
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        var events = await first.WithDbAsync(db => db.SlaEvents.Where(e => tickets.Contains(e.TicketId)).Select(e => new { e.TicketId, e.Clock, e.Kind, e.DueAt }).ToListAsync());
        Assert.Equal(tickets.Count * 4, events.Count); // at risk and breached, for first response and resolution
        Assert.Equal(events.Count, events.Distinct().Count());
    }

    private static async Task RunEscalationAsync(BatonAppFactory app, DateTimeOffset now)
    {
        await Task.Yield();
        using var scope = app.Services.CreateScope();
        await app.Services.GetRequiredService<SlaEscalation>().RunOnceAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), now, CancellationToken.None);
    }
}
