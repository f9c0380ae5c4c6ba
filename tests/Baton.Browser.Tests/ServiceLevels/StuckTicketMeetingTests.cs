using Baton.Browser.Tests.Infrastructure;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Tests.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MimeKit;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.ServiceLevels;

/// <summary>
/// A P1 with no public progress for the default policy's stuck time (2 h: twice its hourly update cadence, 24×7) is
/// stuck: the keep-informed job, on its own timer, prompts the assignee, who calls a meeting with the requester from
/// the ticket page; the invitation reaches the requester through a real SMTP server as an iCalendar request.
/// </summary>
public sealed class StuckTicketMeetingTests(ClockedMailingBrowserFixture fixture, ITestOutputHelper output)
    : BrowserTest(fixture, output), IClassFixture<ClockedMailingBrowserFixture>
{
    private static readonly TimeSpan StuckAfter = TimeSpan.FromHours(2);

    [BrowserFact]
    public Task AStuckTicket_PromptsItsAssignee_WhoCallsAMeeting_AndTheRequesterGetsTheInvitation() => JourneyAsync(async page =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var client = await App.CreateClientAsync();
        var requester = await App.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => new { c.Name, c.Email }).SingleAsync());
        var assignee = await App.CreateAgentAsync("Sol Stuck " + suffix);
        var title = "Shared drive read-only for accounts " + suffix;
        TicketDto ticket;
        using (var api = await ApiAsAsync(assignee))
        {
            ticket = await OpenIncidentAsync(api, client, title, new { impact = "High", urgency = "High", assigneeId = assignee.Id });
        }

        Assert.Equal("P1", ticket.Priority);
        await SignInAsync(page, assignee.Email);
        await page.GotoAsync($"/Tickets/{ticket.Number}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title);
        await Expect(Region(page, "Stuck")).ToHaveCountAsync(0); // just opened: nothing to prompt about yet

        // Two hours and a minute with no word to the requester; the job's next round (every second) finds the ticket stuck.
        fixture.Clock.Advance(StuckAfter + TimeSpan.FromMinutes(1));
        await App.RoundAsync<KeepInformedEscalationService>(fixture.Clock.Now);

        await page.GotoAsync("/Notifications");
        var prompt = page.GetByRole(AriaRole.List, new() { Name = "Notifications" }).GetByRole(AriaRole.Listitem)
            .Filter(new() { HasText = KeepInformedEscalation.StuckText(ticket.Number, title) });
        await Expect(prompt).ToHaveCountAsync(1);
        await prompt.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title);
        var banner = Region(page, "Stuck");
        await Expect(banner).ToContainTextAsync("no public progress for too long");
        await Expect(banner.GetByRole(AriaRole.Link, new() { Name = "Send feedback" })).ToHaveAttributeAsync("href", "#reply");
        await banner.GetByRole(AriaRole.Link, new() { Name = "Call a meeting" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#call-meeting$"));

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Call a meeting" });
        var meetingTitle = "Talk through the read-only share " + suffix;
        await form.GetByLabel("Title").FillAsync(meetingTitle);
        await form.GetByLabel("Location").FillAsync("Accounts office, 2nd floor");
        await Expect(form.GetByLabel($"{requester.Name} (requester)")).ToBeCheckedAsync(); // the form invites the requester
        await form.GetByRole(AriaRole.Button, new() { Name = "Send invitations" }).ClickAsync();
        await Expect(Flash(page)).ToHaveTextAsync("Meeting called; the invitations are on their way.");
        await Expect(Region(page, "Meetings").GetByTestId("meeting")).ToContainTextAsync(meetingTitle);

        var meeting = await App.WithDbAsync(db => db.Meetings.AsNoTracking().Where(m => m.RecordId == ticket.Id && m.Title == meetingTitle)
            .Select(m => new { m.Uid, m.StartsAt, m.EndsAt }).SingleAsync());

        // The invitation: queued with the meeting, sent by the outbox dispatcher in the background, received by the SMTP server.
        var received = await fixture.Sink.WaitForAsync(m => m.Recipients.Contains(requester.Email, StringComparer.OrdinalIgnoreCase) && CalendarPart(m) is not null, TimeSpan.FromSeconds(60));
        Assert.Equal([requester.Email], received.Recipients, StringComparer.OrdinalIgnoreCase);
        var part = CalendarPart(received)!;
        Assert.Equal("REQUEST", part.ContentType.Parameters["method"]);
        var calendar = Ical.Net.Calendar.Load(part.Text)!;
        Assert.Equal("REQUEST", calendar.Method);
        var invitation = Assert.Single(calendar.Events);
        Assert.Equal(meeting.Uid, invitation.Uid);
        Assert.Equal(meetingTitle, invitation.Summary);
        Assert.Equal(meeting.StartsAt.UtcDateTime, invitation.DtStart!.AsUtc);
        Assert.Equal(meeting.EndsAt.UtcDateTime, invitation.DtEnd!.AsUtc);
        Assert.Equal("Accounts office, 2nd floor", invitation.Location);
        Assert.Equal($"mailto:{MailingDesk.From}", invitation.Organizer!.Value!.ToString(), ignoreCase: true);
        var invited = Assert.Single(invitation.Attendees, a => a.Value!.ToString().Equals($"mailto:{requester.Email}", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("NEEDS-ACTION", invited.ParticipationStatus);
        Assert.Contains(ticket.Number, received.Message.Subject, StringComparison.Ordinal);
    });

    private static TextPart? CalendarPart(SmtpSink.Received mail) =>
        mail.Message.BodyParts.OfType<TextPart>().SingleOrDefault(p => p.ContentType.IsMimeType("text", "calendar"));
}
