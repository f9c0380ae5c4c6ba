using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Baton.Web.Tests.Infrastructure;
using Baton.Web.Tests.Mail;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Baton.Web.Tests.Meetings;

/// <summary>
/// Meetings on a ticket over HTTP, with the invitations caught by a real SMTP server and read back by Ical.Net (Baton
/// writes iCalendar with its own IcsWriter), and the attendees' answers fed back through the mail gateway.
/// </summary>
public sealed class TicketMeetingTests(MailingDesk desk) : IClassFixture<MailingDesk>
{
    private static readonly DateTimeOffset Start = new(2031, 3, 5, 10, 0, 0, TimeSpan.Zero);

    private BatonAppFactory App => desk.App;

    private sealed record World(HttpClient Agent, BatonAppFactory.TestUser AgentUser, BatonAppFactory.TicketDto Ticket, BatonAppFactory.ClientSetup Client, string RequesterEmail);

    private async Task<World> ArrangeAsync(string title)
    {
        var client = await App.CreateClientAsync();
        var agentUser = await App.CreateAgentAsync("Dana Ops");
        var agent = await App.ApiAsAsync(agentUser);
        var ticket = await BatonAppFactory.OpenIncidentAsync(agent, client, title, new { assigneeId = agentUser.Id });
        var requester = await App.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => c.Email).SingleAsync());
        return new World(agent, agentUser, ticket, client, requester);
    }

    private static async Task<JsonElement> CallAsync(World w, object? body = null)
    {
        var response = await w.Agent.PostAsJsonAsync($"/api/v1/tickets/{w.Ticket.Number}/meetings",
            body ?? new { purpose = "UserAcceptanceTest", title = "Try the new VPN profile", start = Start, end = Start.AddHours(1), location = "Room 4", onlineUrl = "https://meet.example/abc" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The calendar part of the newest mail to the address with the method, parsed by Ical.Net, once it arrived.</summary>
    private async Task<(MimeMessage Mail, TextPart Part, Ical.Net.Calendar Calendar)> InvitationAsync(string to, string method, int sequence)
    {
        await desk.DeliverAsync();
        bool Matches(SmtpSink.Received m) => m.Recipients.Contains(to, StringComparer.OrdinalIgnoreCase)
            && m.Message.BodyParts.OfType<TextPart>().Any(p => p.ContentType.IsMimeType("text", "calendar") && p.ContentType.Parameters["method"] == method && System.Text.RegularExpressions.Regex.IsMatch(p.Text, $"\nSEQUENCE:{sequence}\r?\n"));
        var received = await desk.Sink.WaitForAsync(Matches);
        var part = received.Message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.IsMimeType("text", "calendar"));
        Assert.Equal("utf-8", part.ContentType.Charset);
        Assert.IsType<MultipartAlternative>(received.Message.Body);
        foreach (var line in part.Text.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"line longer than 75 octets: {line}");
        }

        return (received.Message, part, Ical.Net.Calendar.Load(part.Text)!);
    }

    private static string Reply(string uid, int sequence, string attendee, string partstat) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n"
        + $"UID:{uid}\r\nSEQUENCE:{sequence}\r\nDTSTAMP:20310304T070000Z\r\nDTSTART:20310305T100000Z\r\nDTEND:20310305T110000Z\r\n"
        + $"ORGANIZER:mailto:{MailingDesk.From}\r\nATTENDEE;PARTSTAT={partstat};CN=\"The Requester\":mailto:{attendee}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    private static byte[] ReplyMail(string from, string calendar, string subject = "Accepted: Try the new VPN profile") =>
        Encoding.UTF8.GetBytes(
            $"From: The Requester <{from}>\r\nTo: {MailingDesk.From}\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@client.example>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
            + "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nI will be there.\r\n"
            + "--b1\r\nContent-Type: text/calendar; method=REPLY; charset=utf-8\r\n\r\n" + calendar + "\r\n--b1--\r\n");

    private async Task<JsonElement> MeetingAsync(World w, long id) =>
        await w.Agent.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{w.Ticket.Number}/meetings/{id}");

    [Fact]
    public async Task CallingAMeeting_MailsEachAttendeeAnInvitation_ThatAnIndependentParserReadsAsARequest()
    {
        var w = await ArrangeAsync("VPN drops for the sales team");
        var meeting = await CallAsync(w);
        var uid = meeting.GetProperty("uid").GetString()!;
        Assert.Equal(0, meeting.GetProperty("sequence").GetInt32());

        var (mail, part, calendar) = await InvitationAsync(w.RequesterEmail, "REQUEST", 0);

        Assert.Equal("REQUEST", calendar.Method);
        var e = Assert.Single(calendar.Events);
        Assert.Equal(uid, e.Uid);
        Assert.Equal(0, e.Sequence);
        Assert.Equal(Start.UtcDateTime, e.DtStart!.AsUtc);
        Assert.Equal(Start.AddHours(1).UtcDateTime, e.DtEnd!.AsUtc);
        Assert.True(e.DtStart.IsUtc);
        Assert.Equal("Try the new VPN profile", e.Summary);
        Assert.Equal("Room 4", e.Location);
        Assert.Equal($"mailto:{MailingDesk.From}", e.Organizer!.Value!.ToString(), ignoreCase: true);
        Assert.Contains("Dana Ops", e.Organizer.CommonName, StringComparison.Ordinal);
        var requester = Assert.Single(e.Attendees, a => a.Value!.ToString().Equals($"mailto:{w.RequesterEmail}", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("NEEDS-ACTION", requester.ParticipationStatus);
        Assert.True(requester.Rsvp);
        var chair = Assert.Single(e.Attendees, a => a.Value!.ToString().Equals($"mailto:{w.AgentUser.Email}", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("CHAIR", chair.Role);
        Assert.Contains(w.Ticket.Number, mail.Subject, StringComparison.Ordinal);
        Assert.Contains("\nMETHOD:REQUEST", part.Text, StringComparison.Ordinal);

        // The organizer (the assignee) gets their own copy; one mail per attendee.
        await InvitationAsync(w.AgentUser.Email, "REQUEST", 0);
        Assert.Equal(2, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Key.StartsWith($"meeting:{uid}:0:"))));
    }

    [Fact]
    public async Task Rescheduling_SendsTheSameUid_WithTheNextSequence_AndCancelling_SendsMethodCancel()
    {
        var w = await ArrangeAsync("Printer queue stuck");
        var meeting = await CallAsync(w);
        var id = meeting.GetProperty("id").GetInt64();
        var uid = meeting.GetProperty("uid").GetString()!;

        var moved = await w.Agent.PutAsJsonAsync($"/api/v1/tickets/{w.Ticket.Number}/meetings/{id}",
            new { purpose = "UserAcceptanceTest", title = "Try the new VPN profile", start = Start.AddDays(1), end = Start.AddDays(1).AddHours(1), location = "Room 4", version = meeting.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var (_, _, update) = await InvitationAsync(w.RequesterEmail, "REQUEST", 1);
        Assert.Equal((uid, 1), (update.Events.Single().Uid, update.Events.Single().Sequence));
        Assert.Equal(Start.AddDays(1).UtcDateTime, update.Events.Single().DtStart!.AsUtc);

        var cancelled = await w.Agent.PostAsJsonAsync($"/api/v1/tickets/{w.Ticket.Number}/meetings/{id}/cancel", new { });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var (mail, _, cancel) = await InvitationAsync(w.RequesterEmail, "CANCEL", 2);
        Assert.Equal("CANCEL", cancel.Method);
        Assert.Equal((uid, 2, "CANCELLED"), (cancel.Events.Single().Uid, cancel.Events.Single().Sequence, cancel.Events.Single().Status));
        Assert.StartsWith($"[{w.Ticket.Number}] Cancelled:", mail.Subject, StringComparison.Ordinal);
        Assert.Equal("Cancelled", (await MeetingAsync(w, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnAcceptanceByMail_UpdatesAttendance_AndLeavesAnAwaitingCustomerTicketAwaiting()
    {
        var w = await ArrangeAsync("New laptop for Ann");
        var meeting = await CallAsync(w);
        var id = meeting.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await w.Agent.PostAsJsonAsync($"/api/v1/tickets/{w.Ticket.Number}/transitions", new { transition = "Acknowledge" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await w.Agent.PostAsJsonAsync($"/api/v1/tickets/{w.Ticket.Number}/transitions", new { transition = "StartWork" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await w.Agent.PostAsJsonAsync($"/api/v1/tickets/{w.Ticket.Number}/transitions", new { transition = "AwaitCustomer" })).StatusCode);
        var messagesBefore = await App.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.TicketId == w.Ticket.Id));

        var (status, _, text) = await desk.PostMailAsync(ReplyMail(w.RequesterEmail, Reply(meeting.GetProperty("uid").GetString()!, 0, w.RequesterEmail, "ACCEPTED")));
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.Created, text);

        var after = await MeetingAsync(w, id);
        var requester = after.GetProperty("attendees").EnumerateArray().Single(a => a.GetProperty("contactId").ValueKind == JsonValueKind.Number);
        Assert.Equal("Accepted", requester.GetProperty("attendance").GetString());
        Assert.Equal(2, after.GetProperty("counts").GetProperty("accepted").GetInt32());
        var ticket = await w.Agent.GetFromJsonAsync<BatonAppFactory.TicketDto>($"/api/v1/tickets/{w.Ticket.Number}", BatonAppFactory.Json);
        Assert.Equal("AwaitingCustomer", ticket!.Status);
        Assert.Equal(messagesBefore, await App.WithDbAsync(db => db.TicketMessages.CountAsync(m => m.TicketId == w.Ticket.Id)));
        var mail = await App.WithDbAsync(db => db.InboundMails.AsNoTracking().OrderByDescending(m => m.Id).FirstAsync());
        Assert.Equal((Baton.Web.Data.InboundMailOutcome.CalendarReply, (long?)w.Ticket.Id), (mail.Outcome, mail.TicketId));
        var audit = await w.Agent.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{w.Ticket.Number}/audit");
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("field").GetString() == "Meeting attendance" && a.GetProperty("newValue").GetString()!.Contains("Accepted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADeclineByMail_ToAResolvedTicketsMeeting_LeavesTheTicketResolved()
    {
        var w = await ArrangeAsync("Shared mailbox missing");
        var meeting = await CallAsync(w);
        var id = meeting.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await w.Agent.PostAsJsonAsync($"/api/v1/tickets/{w.Ticket.Number}/transitions", new { transition = "Acknowledge" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await w.Agent.PostAsJsonAsync($"/api/v1/tickets/{w.Ticket.Number}/transitions", new { transition = "Resolve", note = "Mailbox re-added." })).StatusCode);

        var (status, _, text) = await desk.PostMailAsync(ReplyMail(w.RequesterEmail, Reply(meeting.GetProperty("uid").GetString()!, 0, w.RequesterEmail, "DECLINED"), "Declined: Try the new VPN profile"));
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.Created, text);

        var requester = (await MeetingAsync(w, id)).GetProperty("attendees").EnumerateArray().Single(a => a.GetProperty("contactId").ValueKind == JsonValueKind.Number);
        Assert.Equal("Declined", requester.GetProperty("attendance").GetString());
        var ticket = await w.Agent.GetFromJsonAsync<BatonAppFactory.TicketDto>($"/api/v1/tickets/{w.Ticket.Number}", BatonAppFactory.Json);
        Assert.Equal("Resolved", ticket!.Status);
    }

    [Fact]
    public async Task AReplyFromSomeoneElse_ForAnAttendee_ChangesNobodysAttendance()
    {
        var w = await ArrangeAsync("Forged answers");
        var meeting = await CallAsync(w);

        await desk.PostMailAsync(ReplyMail("mallory@elsewhere.example", Reply(meeting.GetProperty("uid").GetString()!, 0, w.RequesterEmail, "DECLINED")));

        var requester = (await MeetingAsync(w, meeting.GetProperty("id").GetInt64())).GetProperty("attendees").EnumerateArray().Single(a => a.GetProperty("contactId").ValueKind == JsonValueKind.Number);
        Assert.Equal("NeedsAction", requester.GetProperty("attendance").GetString());
    }

    [Fact]
    public async Task AContactOfAnotherClient_CannotBeInvited_TheProblemNamesTheField_AndNothingIsSaved()
    {
        var w = await ArrangeAsync("Cross-client invite");
        var other = await App.CreateClientAsync();

        var response = await w.Agent.PostAsJsonAsync($"/api/v1/tickets/{w.Ticket.Number}/meetings",
            new { title = "Walk-through", start = Start, end = Start.AddHours(1), location = "Room 1", attendees = new object[] { new { contactId = w.Client.ContactId }, new { contactId = other.ContactId } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("attendees[1].contactId", out _), problem.ToString());
        Assert.DoesNotContain(other.Code, problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.Meetings.CountAsync(m => m.RecordId == w.Ticket.Id)));
    }

    [Fact]
    public async Task AChangeFromAStaleVersion_IsAPreconditionFailed_AndSendsNothing()
    {
        var w = await ArrangeAsync("Two agents at once");
        var meeting = await CallAsync(w);
        var id = meeting.GetProperty("id").GetInt64();
        var read = meeting.GetProperty("version").GetInt32();
        var body = new { title = "Moved", start = Start.AddHours(2), end = Start.AddHours(3), location = "Room 4", version = read };
        Assert.Equal(HttpStatusCode.OK, (await w.Agent.PutAsJsonAsync($"/api/v1/tickets/{w.Ticket.Number}/meetings/{id}", body)).StatusCode);
        var queued = await App.WithDbAsync(db => db.OutboxMessages.CountAsync());

        var stale = await w.Agent.PutAsJsonAsync($"/api/v1/tickets/{w.Ticket.Number}/meetings/{id}", body with { title = "Moved again" });

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Moved", (await MeetingAsync(w, id)).GetProperty("title").GetString());
        Assert.Equal(queued, await App.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Theory]
    [InlineData("{\"title\":\"x\",\"start\":\"2031-03-05T10:00:00Z\",\"end\":\"2031-03-05T09:00:00Z\",\"location\":\"Room\"}", "end")]
    [InlineData("{\"title\":\"x\",\"end\":\"2031-03-05T09:00:00Z\",\"location\":\"Room\"}", "start")]
    [InlineData("{\"title\":\"\",\"start\":\"2031-03-05T10:00:00Z\",\"end\":\"2031-03-05T11:00:00Z\",\"location\":\"Room\"}", "title")]
    [InlineData("{\"title\":\"x\",\"start\":\"2031-03-05T10:00:00Z\",\"end\":\"2031-03-05T11:00:00Z\",\"onlineUrl\":\"ftp://meet.example\"}", "onlineUrl")]
    [InlineData("{\"title\":\"x\",\"start\":\"2031-03-05T10:00:00Z\",\"end\":\"2031-03-05T11:00:00Z\",\"location\":\"Room\",\"attendees\":[{\"userId\":\"nobody\"}]}", "attendees[0].userId")]
    public async Task BadInput_IsAProblemNamingTheField(string json, string field)
    {
        var w = await ArrangeAsync("Bad input");
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await w.Agent.PostAsync($"/api/v1/tickets/{w.Ticket.Number}/meetings", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task AContact_SeesTheMeetingsTheyAttend_OnTheirTicket_AndNotTheInternalOnes()
    {
        var w = await ArrangeAsync("Contact's view");
        var colleague = await App.CreateAgentAsync("Sam Tech");
        await CallAsync(w);
        await CallAsync(w, new { title = "Internal huddle", start = Start, end = Start.AddMinutes(30), location = "Desk", attendees = new object[] { new { userId = colleague.Id } } });
        using var contact = await App.ApiAsAsync(await App.CreateContactUserAsync(w.Client));

        var seen = await contact.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{w.Ticket.Number}/meetings");

        var only = Assert.Single(seen.EnumerateArray());
        Assert.Equal("Try the new VPN profile", only.GetProperty("title").GetString());
        Assert.All(only.GetProperty("attendees").EnumerateArray(), a => Assert.Equal(JsonValueKind.Null, a.GetProperty("email").ValueKind));
        Assert.Equal(HttpStatusCode.Forbidden, (await contact.PostAsJsonAsync($"/api/v1/tickets/{w.Ticket.Number}/meetings", new { title = "Mine", start = Start, end = Start.AddHours(1), location = "Here" })).StatusCode);
    }

    [Fact]
    public async Task Minutes_AreRecordedOnceTheMeetingHasStarted()
    {
        var w = await ArrangeAsync("Minutes");
        var early = desk.Clock.Now.AddMinutes(-30);
        var meeting = await CallAsync(w, new { title = "Held already", start = early, end = early.AddHours(1), location = "Room 2" });
        var id = meeting.GetProperty("id").GetInt64();

        var recorded = await w.Agent.PutAsJsonAsync($"/api/v1/tickets/{w.Ticket.Number}/meetings/{id}/minutes", new { minutes = "Agreed: roll out Monday." });

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal("Agreed: roll out Monday.", (await MeetingAsync(w, id)).GetProperty("minutes").GetString());
    }
}

/// <summary>The ticket page's meetings section and the call form, through real form posts.</summary>
public sealed class TicketMeetingPageTests(MailingDesk desk) : IClassFixture<MailingDesk>
{
    [Fact]
    public async Task TheTicketPage_OffersTheCallForm_PrefilledWithTheRequester_AndAPostedMeetingIsListed()
    {
        var client = await desk.App.CreateClientAsync();
        var agentUser = await desk.App.CreateAgentAsync();
        using var api = await desk.App.ApiAsAsync(agentUser);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client, "Page meeting", new { assigneeId = agentUser.Id });
        using var page = await desk.App.SignInAsync(agentUser.Email, BatonAppFactory.UserPassword);

        var html = await page.GetHtmlAsync($"/Tickets/{ticket.Number}?purpose=Feedback");
        Assert.Contains("id=\"call-meeting\"", html, StringComparison.Ordinal);
        Assert.Matches($"name=\"Call.ContactIds\" value=\"{client.ContactId}\" checked", html);
        Assert.Matches("<option value=\"Feedback\" selected", html);

        var posted = await page.PostFormAsync($"/Tickets/{ticket.Number}/Meetings?handler=Call", new()
        {
            ["Call.Purpose"] = "Feedback", ["Call.Title"] = "How did we do?", ["Call.Start"] = "2031-03-06T10:00", ["Call.End"] = "2031-03-06T10:30",
            ["Call.Location"] = "Phone", ["Call.OrganizerId"] = agentUser.Id, ["Call.ContactIds"] = $"{client.ContactId}",
        }, formPage: $"/Tickets/{ticket.Number}");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var after = WebUtility.HtmlDecode(await page.GetHtmlAsync($"/Tickets/{ticket.Number}"));
        Assert.Contains("How did we do?", after, StringComparison.Ordinal);
        Assert.Contains("meeting called", after, StringComparison.Ordinal); // on the timeline
    }

    [Fact]
    public async Task ABadOnlineLink_IsRefusedInline_OnItsField()
    {
        var client = await desk.App.CreateClientAsync();
        var agentUser = await desk.App.CreateAgentAsync();
        using var api = await desk.App.ApiAsAsync(agentUser);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client, "Page meeting refused");
        using var page = await desk.App.SignInAsync(agentUser.Email, BatonAppFactory.UserPassword);

        var posted = await page.PostFormAsync($"/Tickets/{ticket.Number}/Meetings?handler=Call", new()
        {
            ["Call.Title"] = "Walk-through", ["Call.Start"] = "2031-03-06T10:00", ["Call.End"] = "2031-03-06T11:00",
            ["Call.OnlineUrl"] = "ftp://files.example", ["Call.OrganizerId"] = agentUser.Id, ["Call.ContactIds"] = $"{client.ContactId}",
        }, formPage: $"/Tickets/{ticket.Number}");

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var html = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync());
        Assert.Matches("field-validation-error[^>]*data-valmsg-for=\"Call.OnlineUrl\"[^>]*>The online link must be", html);
        Assert.Equal(0, await desk.App.WithDbAsync(db => db.Meetings.CountAsync(m => m.RecordId == ticket.Id)));
    }
}
