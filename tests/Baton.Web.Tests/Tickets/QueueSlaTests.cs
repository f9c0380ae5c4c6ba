using System.Net;
using System.Net.Http.Json;
using Baton.Web.Tests.ServiceLevels;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Tickets;

/// <summary>The queue's time-to-breach sort, its SLA filters and SLA column, on a settable clock.</summary>
public sealed class QueueSlaTests(SlaDesk desk) : IClassFixture<SlaDesk>
{
    private sealed record Page(List<TicketDto> Items, string? NextCursor);

    [Fact]
    public async Task DueSort_OrdersByTimeToBreach_ThenTicketsWithoutARunningClock_AcrossPages()
    {
        var crew = await desk.CrewAsync();
        var api = crew.Api;
        async Task<string> Open(string priority) => (await OpenIncidentAsync(api, crew.Client, priority, SlaDesk.Priority(priority))).Number;
        async Task<string> Paused()
        {
            var number = await Open("P2");
            foreach (var move in new[] { "Acknowledge", "StartWork", "AwaitCustomer" })
            {
                await TicketsApiTests.Transition(api, number, move);
            }

            return number;
        }

        // All opened at the same instant: due instants differ by priority only, and the two P3s tie.
        var p3a = await Open("P3");
        var pausedA = await Paused();
        var p1 = await Open("P1");
        var p4 = await Open("P4");
        var p3b = await Open("P3");
        var p2 = await Open("P2");
        var pausedB = await Paused();
        string[] expected = [p1, p2, p3a, p3b, p4, pausedA, pausedB];

        foreach (var limit in new[] { 2, 3, 100 })
        {
            var seen = new List<string>();
            string? cursor = null;
            do
            {
                var url = $"/api/v1/tickets?clientId={crew.Client.ClientId}&sort=Due&limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}");
                var page = (await api.GetFromJsonAsync<Page>(url, Json))!;
                Assert.True(page.Items.Count <= limit);
                seen.AddRange(page.Items.Select(t => t.Number));
                cursor = page.NextCursor;
            }
            while (cursor is not null && seen.Count < 20);

            Assert.Equal(expected, seen);
        }
    }

    [Fact]
    public async Task SlaFilters_ListExactlyTheAtRiskAndBreachedTickets_AndThePageSaysSoInWords()
    {
        var crew = await desk.CrewAsync();
        var api = crew.Api;
        var now = desk.Clock.Now;
        try
        {
            desk.Clock.Set(now.AddHours(-30));
            var resolved = await OpenIncidentAsync(api, crew.Client, "Resolved long ago", SlaDesk.Priority("P3"));
            await TicketsApiTests.Transition(api, resolved.Number, "Acknowledge");
            await TicketsApiTests.Transition(api, resolved.Number, "Resolve", "Fixed");

            desk.Clock.Set(now.AddHours(-5));
            var breached = await OpenIncidentAsync(api, crew.Client, "Breached one", SlaDesk.Priority("P3"));
            var paused = await OpenIncidentAsync(api, crew.Client, "Waiting on them", SlaDesk.Priority("P3"));
            foreach (var move in new[] { "Acknowledge", "StartWork", "AwaitCustomer" })
            {
                await TicketsApiTests.Transition(api, paused.Number, move);
            }

            desk.Clock.Set(now.AddHours(-3.5));
            var atRisk = await OpenIncidentAsync(api, crew.Client, "At risk one", SlaDesk.Priority("P3"));
            desk.Clock.Set(now.AddHours(-1));
            var running = await OpenIncidentAsync(api, crew.Client, "Running one", SlaDesk.Priority("P3"));
            desk.Clock.Set(now);

            async Task<List<string>> Numbers(string query) =>
                (await api.GetFromJsonAsync<Page>($"/api/v1/tickets?clientId={crew.Client.ClientId}&sort=Due&{query}", Json))!.Items.Select(t => t.Number).ToList();

            Assert.Equal([breached.Number, atRisk.Number], await Numbers("sla=Attention"));
            Assert.Equal([atRisk.Number], await Numbers("sla=AtRisk"));
            Assert.Equal([breached.Number], await Numbers("sla=Breached"));
            Assert.Equal([breached.Number, atRisk.Number, running.Number, resolved.Number, paused.Number], await Numbers("open=false"));

            using var page = await desk.App.SignInAsync(crew.Assignee.Email, UserPassword);
            var queue = WebUtility.HtmlDecode(await page.GetHtmlAsync($"/Tickets?Filter.ClientId={crew.Client.ClientId}&Filter.Status=all&Filter.Sort=Due"));
            Assert.Contains("href=\"/Tickets?Filter.Sla=Attention&Filter.Sort=Due\"", queue, StringComparison.Ordinal);
            Assert.Contains(">Breached 1 h ago<", queue, StringComparison.Ordinal);
            Assert.Contains(">At risk · 30 min left<", queue, StringComparison.Ordinal);
            Assert.Contains(">3 h left<", queue, StringComparison.Ordinal);
            Assert.Contains(">Paused · 24 h left<", queue, StringComparison.Ordinal);
            Assert.Contains(">Met<", queue, StringComparison.Ordinal);

            var attention = await page.GetHtmlAsync($"/Tickets?Filter.ClientId={crew.Client.ClientId}&Filter.Sla=Attention&Filter.Sort=Due");
            Assert.Contains(breached.Number, attention, StringComparison.Ordinal);
            Assert.Contains(atRisk.Number, attention, StringComparison.Ordinal);
            Assert.DoesNotContain(running.Number, attention, StringComparison.Ordinal);
            Assert.DoesNotContain(paused.Number, attention, StringComparison.Ordinal);
        }
        finally
        {
            desk.Clock.Set(now);
        }
    }
}
