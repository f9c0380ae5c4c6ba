using System.Net;
using System.Net.Http.Json;
using Baton.Browser.Tests.Infrastructure;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.ServiceLevels;

/// <summary>
/// A ticket moved to Awaiting customer a second time is stuck: the keep-informed job prompts its assignee, whose
/// notification leads to the ticket page's "Stuck" banner with the two ways forward.
/// </summary>
public sealed class StuckTicketPromptTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private static readonly string[] BackAndForth = ["Acknowledge", "StartWork", "AwaitCustomer", "Resume", "AwaitCustomer"];

    [BrowserFact]
    public Task AStuckTicket_PromptsItsAssignee_ToSendFeedbackOrCallAMeeting() => JourneyAsync(async page =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var client = await App.CreateClientAsync();
        var assignee = await App.CreateAgentAsync("Sam Stuck " + suffix);
        var title = "Mailbox quota keeps filling " + suffix;
        TicketDto ticket;
        using (var api = await ApiAsAsync(assignee))
        {
            ticket = await OpenIncidentAsync(api, client, title, new { assigneeId = assignee.Id });
            foreach (var move in BackAndForth)
            {
                var moved = await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition = move });
                Assert.True(moved.StatusCode == HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
            }
        }

        using (var scope = App.Services.CreateScope())
        {
            // The job runs on its timer too; run it now rather than wait for the next tick (each crossing acts once either way).
            await App.Services.GetRequiredService<KeepInformedEscalation>()
                .RunOnceAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), App.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddSeconds(1), CancellationToken.None);
        }

        await SignInAsync(page, assignee.Email);
        await page.GotoAsync("/Notifications");
        var prompt = page.GetByRole(AriaRole.List, new() { Name = "Notifications" }).GetByRole(AriaRole.Listitem)
            .Filter(new() { HasText = $"{ticket.Number} is stuck: send feedback or call a meeting" });
        await Expect(prompt).ToHaveCountAsync(1);
        await prompt.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title);
        var banner = Region(page, "Stuck");
        await Expect(banner).ToContainTextAsync("moved to Awaiting customer again");
        await Expect(banner.GetByRole(AriaRole.Link, new() { Name = "Call a meeting" })).ToHaveAttributeAsync("href", "#call-meeting");
        await banner.GetByRole(AriaRole.Link, new() { Name = "Send feedback" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#reply$"));
        await Expect(Region(page, "Keep informed")).ToContainTextAsync("separate from first response and resolution");
    });
}
