using System.Net.Http.Json;
using Baton.Browser.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Tickets;

/// <summary>axe-core over the pages people spend their day on; serious and critical findings fail the build.</summary>
public sealed class TicketPagesAccessibilityTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private static readonly string[] Blocking = ["serious", "critical"];

    [BrowserFact]
    public Task TicketPages_HaveNoSeriousAccessibilityViolations() => JourneyAsync(async page =>
    {
        var client = await App.CreateClientAsync();
        var team = await App.CreateTeamAsync();
        var agent = await App.CreateAgentAsync();
        using var api = await ApiAsAsync(agent);
        var ticket = await OpenIncidentAsync(api, client, "Laptop will not dock",
            new { description = "It worked **yesterday**.\n\n- dock model X\n- firmware 1.2", teamId = team, assigneeId = agent.Id });
        (await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "Could you try another port?" })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "Known firmware issue.", @internal = true })).EnsureSuccessStatusCode();

        var blocking = new List<string>();
        async Task Check(string name)
        {
            var results = await page.RunAxe();
            foreach (var v in results.Violations)
            {
                var line = $"{name}: [{v.Impact}] {v.Id}: {v.Help} ({v.HelpUrl})\n" +
                    string.Join("\n", v.Nodes.Select(n => $"    {n.Target}  {n.Html}\n      {Summary(n)}"));
                Output.WriteLine(line);
                if (Blocking.Contains(v.Impact))
                {
                    blocking.Add(line);
                }
            }
        }

        await page.GotoAsync("/Account/Login");
        await Check("Sign-in page");
        await SignInAsync(page, agent.Email);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Queue", Level = 1 })).ToBeVisibleAsync();
        await Check("Queue");
        await page.GotoAsync("/Tickets/New");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New ticket" })).ToBeVisibleAsync();
        await Check("New ticket");
        await page.GotoAsync($"/Tickets/{ticket.Number}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Resolving needs a resolution note")).ToBeVisibleAsync();
        await Check("Ticket page, with an inline error");
        await page.GetByLabel("Resolution note").FillAsync("Updated the dock firmware to 1.3.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();
        await Expect(page.GetByText("resolved", new() { Exact = true })).ToBeVisibleAsync();
        await Check("Ticket page, resolved");

        Assert.True(blocking.Count == 0, $"{blocking.Count} serious or critical accessibility violation(s):\n" + string.Join("\n", blocking));
    });

    private static string Summary(AxeResultNode node) =>
        string.Join("; ", (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message));
}
