using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Baton.Browser.Tests.Infrastructure;
using Baton.Web.Features.Shared.Events;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Informing;

/// <summary>
/// The customer answers in the portal while the assignee works the queue: the assignee's bell counts one more, the
/// notifications page says who replied, and a mail reaches the assignee through a real SMTP server.
/// </summary>
public sealed partial class CustomerReplyNoticeTests(MailingBrowserFixture fixture, ITestOutputHelper output)
    : BrowserTest(fixture, output), IClassFixture<MailingBrowserFixture>
{
    [BrowserFact]
    public Task ACustomerReplyInThePortal_AddsOneToTheAssigneesBell_ListsTheReply_AndMailsTheAssignee() => JourneyAsync(async page =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var client = await App.CreateClientAsync();
        var contact = await App.CreateContactUserAsync(client);
        var assignee = await App.CreateAgentAsync("Ana Assignee " + suffix);
        var teamId = await App.CreateTeamAsync("Network " + suffix);
        await App.AddTeamMembersAsync(teamId, leadFirst: false, assignee);
        var title = "VPN drops every hour " + suffix;
        TicketDto ticket;
        using (var api = await ApiAsAsync(await App.CreateAgentAsync("Dee Dispatcher " + suffix)))
        {
            ticket = await OpenIncidentAsync(api, client, title);
            var assigned = await api.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/assignment", new { teamId, assigneeId = assignee.Id });
            Assert.True(assigned.StatusCode == HttpStatusCode.OK, await assigned.Content.ReadAsStringAsync());
        }

        await AfterCommitWorkDoneAsync(); // the assignment's own notice is in before the agent looks

        await SignInAsync(page, assignee.Email);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Queue" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Queue", Level = 1 })).ToBeVisibleAsync();
        var bell = page.GetByRole(AriaRole.Link, new() { NameRegex = BellName() });
        await Expect(bell).ToBeVisibleAsync();
        var before = int.Parse(BellName().Match(Regex.Replace(await bell.TextContentAsync() ?? "", @"\s+", " ").Trim()).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var portal = await AnotherBrowserAsync();
        await SignInAsync(portal, contact.Email);
        await portal.GetByRole(AriaRole.Link, new() { Name = ticket.Number }).ClickAsync();
        var reply = "Dropped again at 10:02, " + suffix;
        await Region(portal, "Reply").GetByLabel("Message").FillAsync(reply);
        await portal.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(Flash(portal)).ToHaveTextAsync("Reply sent.");

        await AfterCommitWorkDoneAsync(); // the page does not poll: the agent reloads once the notice is written
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Notifications: {before + 1} unread", Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = $"Notifications: {before + 1} unread", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notifications", Level = 1 })).ToBeVisibleAsync();
        var notice = page.GetByRole(AriaRole.List, new() { Name = "Notifications" }).GetByRole(AriaRole.Listitem)
            .Filter(new() { HasText = $"{ticket.Number} · {contact.DisplayName} replied" });
        await Expect(notice).ToHaveCountAsync(1);
        await Expect(notice).ToContainTextAsync("New");
        await Expect(notice).ToContainTextAsync(title);
        await notice.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title);
        await Expect(Region(page, "Timeline").GetByRole(AriaRole.Listitem).Filter(new() { HasText = reply })).ToContainTextAsync("replied");

        // The mail: queued with the notice, sent by the outbox dispatcher in the background, received by the SMTP server.
        var subject = $"{ticket.Number} · {contact.DisplayName} replied · {title}";
        await fixture.Sink.WaitUntilAsync(m => m.Any(x => x.Message.Subject == subject), TimeSpan.FromSeconds(60));
        var mailed = Assert.Single(fixture.Sink.Messages, m => m.Message.Subject == subject);
        Assert.Equal([assignee.Email], mailed.Recipients);
        Assert.Equal("auto-generated", mailed.Message.Headers["Auto-Submitted"]);
        Assert.Contains($"https://desk.msp.example/Tickets/{ticket.Number}", mailed.Message.HtmlBody, StringComparison.Ordinal);
    });

    /// <summary>Every record event raised so far is handled: its notices (and their queued mails) are written.</summary>
    private Task AfterCommitWorkDoneAsync() => Eventually.HoldsAsync(
        () => App.WithDbAsync(db => db.RecordEvents.AllAsync(j => j.ProcessedAt != null || j.Attempts >= RecordEvents.MaxAttempts)),
        "the record events raised so far are handled",
        TimeSpan.FromSeconds(60));

    [GeneratedRegex(@"^Notifications: (\d+) unread$")]
    private static partial Regex BellName();
}
