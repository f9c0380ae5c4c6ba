using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Baton.Domain.Mail;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Mail;
using Baton.Web.Features.Outbox;
using Baton.Web.Infrastructure.Files;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Baton.Web.Tests.Mail;

/// <summary>Mail into the desk through the gateway endpoint (real HTTP), filed as tickets and replies, with the trust rules.</summary>
public sealed class InboundMailTests(MailingDesk desk) : IClassFixture<MailingDesk>
{
    private BatonAppFactory App => desk.App;

    public static MimeMessage Mail(string from, string subject, string text, string? to = null, string? messageId = null)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(from));
        mail.To.Add(MailboxAddress.Parse(to ?? MailingDesk.From));
        mail.Subject = subject;
        mail.Date = new DateTimeOffset(2031, 3, 4, 5, 0, 0, TimeSpan.Zero);
        mail.MessageId = messageId ?? $"{Guid.NewGuid():N}@client.example";
        mail.Body = new TextPart("plain") { Text = text };
        return mail;
    }

    public static byte[] Raw(MimeMessage mail)
    {
        using var stream = new MemoryStream();
        mail.WriteTo(stream);
        return stream.ToArray();
    }

    private async Task<(HttpStatusCode Status, InboundMailResponse? Body)> SendAsync(byte[] raw, string? token = MailingDesk.GatewayToken, string type = "message/rfc822")
    {
        var (status, body, _) = await desk.PostMailAsync(raw, token, type);
        return (status, body);
    }

    private async Task<InboundMailResponse> FileAsync(MimeMessage mail)
    {
        var (status, body) = await SendAsync(Raw(mail));
        Assert.Equal(HttpStatusCode.OK, status);
        return body!;
    }

    private Task<string> RequesterEmailAsync(BatonAppFactory.ClientSetup client) =>
        App.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => c.Email).SingleAsync());

    private Task<Ticket> TicketAsync(string number) => App.WithDbAsync(db => db.Tickets.AsNoTracking().Include(t => t.Messages).SingleAsync(t => t.Number == number));

    private async Task<(BatonAppFactory.ClientSetup Client, string Requester, string Number)> TicketFromMailAsync(string subject)
    {
        var client = await App.CreateClientAsync();
        var requester = await RequesterEmailAsync(client);
        var filed = await FileAsync(Mail(requester, subject, "It broke."));
        Assert.Equal("NewTicket", filed.Outcome);
        return (client, requester, filed.Ticket!);
    }

    [Fact]
    public async Task AMailFromAContact_OpensATicketForTheirClient_WithTheSubjectAsTitle_AndTheNewTextAsDescription()
    {
        var client = await App.CreateClientAsync();
        var requester = await RequesterEmailAsync(client);

        var filed = await FileAsync(Mail(requester, "Printer on floor 3 jams", "It jams on every page.\n\nOn Mon, 3 Mar 2031 at 09:00, Someone <x@y.example> wrote:\n> old stuff"));

        Assert.Equal(("Filed", "NewTicket"), (filed.State, filed.Outcome));
        var ticket = await TicketAsync(filed.Ticket!);
        Assert.Equal(client.ClientId, ticket.ClientId);
        Assert.Equal(client.ContactId, ticket.RequesterId);
        Assert.Equal("Printer on floor 3 jams", ticket.Title);
        Assert.Equal("It jams on every page.", ticket.Description);
    }

    [Fact]
    public async Task TheSameMailDeliveredTwice_IsOneTicket_ByMessageId_AndWithoutOne_ByItsContent()
    {
        var client = await App.CreateClientAsync();
        var requester = await RequesterEmailAsync(client);
        var mail = Mail(requester, "Twice delivered", "Same words.");

        var first = await FileAsync(mail);
        mail.Headers.Insert(0, new Header("Received", "from relay2.example by mx.example; Tue, 4 Mar 2031 05:01:00 +0000"));
        var again = await FileAsync(mail);

        Assert.True(again.Duplicate);
        Assert.Equal((first.Id, first.Ticket), (again.Id, again.Ticket));

        var bare = Mail(requester, "No Message-ID here", "Same words again.");
        bare.Headers.Remove(HeaderId.MessageId);
        var one = await FileAsync(bare);
        bare.Headers.Insert(0, new Header("Delivered-To", "other-alias@msp.example"));
        var two = await FileAsync(bare);
        Assert.True(two.Duplicate);
        Assert.Equal(one.Ticket, two.Ticket);

        var row = await App.WithDbAsync(db => db.InboundMails.SingleAsync(m => m.Id == first.Id));
        Assert.Equal(2, row.Deliveries);
        Assert.Equal(1, await App.WithDbAsync(db => db.Tickets.CountAsync(t => t.Title == "Twice delivered")));
    }

    [Fact]
    public async Task AReplyToTheDesksMail_ThreadsByItsMessageId_AndResumesATicketAwaitingTheCustomer()
    {
        var (client, requester, number) = await TicketFromMailAsync("Laptop will not boot");
        using var agent = await App.ApiAsNewAgentAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "Acknowledge" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "StartWork" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "AwaitCustomer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "Does it show a logo?" })).StatusCode);
        await desk.DeliverAsync();
        var question = await desk.Sink.WaitForAsync(m => m.Message.Subject == $"[{number}] Laptop will not boot" && m.Message.TextBody?.Contains("logo", StringComparison.Ordinal) == true);

        var answer = Mail(requester, "Re: whatever the client made of it", "Yes, a logo, then black.\n\n-----Original Message-----\nDoes it show a logo?");
        answer.InReplyTo = question.Message.MessageId;
        var filed = await FileAsync(answer);

        Assert.Equal(("Reply", number), (filed.Outcome, filed.Ticket));
        var ticket = await TicketAsync(number);
        Assert.Equal(TicketStatus.InProgress, ticket.Status);
        Assert.Equal("Yes, a logo, then black.", ticket.Messages.OrderBy(m => m.Id).Last().Body);
        Assert.Equal(MessageVisibility.Public, ticket.Messages.OrderBy(m => m.Id).Last().Visibility);
        Assert.Equal(client.ClientId, ticket.ClientId);
    }

    [Fact]
    public async Task AnAnswerWrittenAboveTheDesksMarker_KeepsOnlyTheNewWords_EvenWhenTheClientQuotesWithoutMarks()
    {
        var (_, requester, number) = await TicketFromMailAsync("Marker splits the answer");
        await desk.DeliverAsync();
        var acknowledgement = await desk.Sink.WaitForAsync(m => m.Message.Subject == $"[{number}] Marker splits the answer");

        // A phone client that pastes the whole mail under the answer, with no "wrote:" line and no "> " marks.
        var answer = Mail(requester, "Re: ticket", $"Thanks, it works again now.\n\n{acknowledgement.Message.TextBody}");
        answer.InReplyTo = acknowledgement.Message.MessageId;
        var filed = await FileAsync(answer);

        Assert.Equal(("Reply", number), (filed.Outcome, filed.Ticket));
        Assert.Equal("Thanks, it works again now.", (await TicketAsync(number)).Messages.OrderBy(m => m.Id).Last().Body);
    }

    [Fact]
    public async Task TheDesksMail_AsksForAnswersAtTheTicketsSecretAddress_AndAMailToIt_Threads_EvenFromAStranger()
    {
        var (_, _, number) = await TicketFromMailAsync("Reply-To routing");
        await desk.DeliverAsync();
        var acknowledgement = await desk.Sink.WaitForAsync(m => m.Message.Subject == $"[{number}] Reply-To routing");
        var replyTo = acknowledgement.Message.ReplyTo.Mailboxes.Single().Address;
        Assert.StartsWith($"desk+{number.ToLowerInvariant()}-", replyTo, StringComparison.Ordinal);
        Assert.EndsWith("@msp.example", replyTo, StringComparison.Ordinal);

        var filed = await FileAsync(Mail("colleague@elsewhere.example", "no number in here", "I am the colleague; adding details.", to: replyTo));

        Assert.Equal(("Reply", number), (filed.Outcome, filed.Ticket));
        Assert.Contains(await App.WithDbAsync(db => db.TicketParticipants.Where(p => db.Tickets.Any(t => t.Id == p.TicketId && t.Number == number)).Select(p => p.Email).ToListAsync()),
            e => e == "colleague@elsewhere.example");
    }

    [Fact]
    public async Task AReplyAddressWithAWrongSecret_DoesNotThread_ItOpensANewTicket_AndTheClaimedTicketGetsANote()
    {
        var (_, requester, number) = await TicketFromMailAsync("Guarded by a secret");
        var forged = $"desk+{number.ToLowerInvariant()}-0123456789@msp.example";

        var filed = await FileAsync(Mail(requester, "Something else entirely", "Hello", to: forged));

        Assert.Equal("NewTicket", filed.Outcome);
        Assert.NotEqual(number, filed.Ticket);
        var claimed = await TicketAsync(number);
        Assert.Contains(claimed.Messages, m => m.Visibility == MessageVisibility.Internal && m.Body.Contains("wrong secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheNumberInTheSubject_Threads_ForTheRequester_ButNotForAContactOfAnotherClient()
    {
        var (_, requester, number) = await TicketFromMailAsync("Subject threading");
        var threaded = await FileAsync(Mail(requester, $"Re: [{number}] Subject threading", "More details from me."));
        Assert.Equal(("Reply", number), (threaded.Outcome, threaded.Ticket));

        var other = await App.CreateClientAsync();
        var outsider = await RequesterEmailAsync(other);
        var intruding = await FileAsync(Mail(outsider, $"Re: [{number}] Subject threading", "Let me onto your ticket."));

        Assert.Equal("NewTicket", intruding.Outcome);
        var opened = await TicketAsync(intruding.Ticket!);
        Assert.Equal(other.ClientId, opened.ClientId);
        var original = await TicketAsync(number);
        Assert.DoesNotContain(original.Messages, m => m.Body.Contains("Let me onto", StringComparison.Ordinal) && m.Visibility == MessageVisibility.Public);
        Assert.Contains(original.Messages, m => m.Visibility == MessageVisibility.Internal && m.Body.Contains("may not see", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOutOfOfficeReply_IsKeptAsAnInternalNote_AndChangesNothing_NorIsAnswered()
    {
        var (_, requester, number) = await TicketFromMailAsync("Away test");
        using var agent = await App.ApiAsNewAgentAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "Acknowledge" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "StartWork" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "AwaitCustomer" })).StatusCode);
        var outbox = await App.WithDbAsync(db => db.OutboxMessages.CountAsync());

        var away = Mail(requester, $"Automatic reply: [{number}] Away test", "I am out of the office until Monday.");
        away.Headers.Add("Auto-Submitted", "auto-replied");
        var filed = await FileAsync(away);

        Assert.Equal(("AutoReply", number), (filed.Outcome, filed.Ticket));
        var ticket = await TicketAsync(number);
        Assert.Equal(TicketStatus.AwaitingCustomer, ticket.Status);
        Assert.Contains(ticket.Messages, m => m.Visibility == MessageVisibility.Internal && m.Body.Contains("out of the office", StringComparison.Ordinal));
        await desk.DeliverAsync();
        Assert.Equal(outbox, await App.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task BatonsOwnMailComingBack_IsRecognised_AndDoesNothing()
    {
        var (_, requester, number) = await TicketFromMailAsync("Loop guard");
        await desk.DeliverAsync();
        var acknowledgement = await desk.Sink.WaitForAsync(m => m.Message.Subject == $"[{number}] Loop guard");
        var before = (await TicketAsync(number)).Messages.Count;

        var echoed = Mail(MailingDesk.From, acknowledgement.Message.Subject ?? "", "echo", to: requester, messageId: acknowledgement.Message.MessageId);
        var filed = await FileAsync(echoed);

        Assert.Equal("OwnMail", filed.Outcome);
        Assert.Equal(before, (await TicketAsync(number)).Messages.Count);
    }

    [Fact]
    public async Task ALoopWithAnAutoResponder_StopsByItself()
    {
        var client = await App.CreateClientAsync();
        var robot = await RequesterEmailAsync(client);
        await FileAsync(Mail(robot, "Hello from a person at first", "Please look at this."));
        var answered = new HashSet<string>();
        for (var round = 0; round < 4; round++)
        {
            await desk.DeliverAsync();
            foreach (var mail in desk.Sink.Messages.Where(m => m.Recipients.Contains(robot) && answered.Add(m.Message.MessageId ?? "")).ToList())
            {
                // The robot answers everything it gets with a new mail of its own: no thread, no ticket number. Were it
                // taken for a person, each answer would open a ticket, be acknowledged, and be answered again.
                var reply = Mail(robot, "Thank you for your message", "This mailbox is not monitored.");
                reply.Headers.Add("Auto-Submitted", "auto-replied");
                Assert.Equal("AutoReply", (await FileAsync(reply)).Outcome);
            }
        }

        Assert.Single(desk.Sink.Messages, m => m.Recipients.Contains(robot));
        Assert.Equal(1, await App.WithDbAsync(db => db.Tickets.CountAsync(t => t.ClientId == client.ClientId)));
    }

    [Fact]
    public async Task AMailFromAnUnknownAddress_WaitsInTheUnknownSendersList_AndOpensNothing()
    {
        var filed = await FileAsync(Mail("stranger@nowhere.example", "Please help", "Who am I?"));

        Assert.Equal("UnknownSender", filed.State);
        Assert.Null(filed.Ticket);
        Assert.Equal(0, await App.WithDbAsync(db => db.Tickets.CountAsync(t => t.Title == "Please help")));
    }

    [Fact]
    public async Task AnUnknownSender_AtTheMailDomainOfAClientThatWantsIt_BecomesItsContact_AndTheirMailOpensATicket()
    {
        var client = await App.CreateClientAsync();
        var domain = $"staff{client.ClientId}.example";
        using var manager = await App.ApiAsAsync(await App.CreateUserAsync(Roles.Manager));
        var current = await manager.GetFromJsonAsync<Baton.Web.Features.Admin.ClientResponse>($"/api/v1/clients/{client.ClientId}", BatonAppFactory.Json);
        var saved = await manager.PutAsJsonAsync($"/api/v1/clients/{client.ClientId}", new { current!.Name, current.Code, current.IsActive, mailDomains = new[] { "@" + domain.ToUpperInvariant() }, createContactsFromMail = true });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal([domain], (await saved.Content.ReadFromJsonAsync<Baton.Web.Features.Admin.ClientResponse>(BatonAppFactory.Json))!.MailDomains);

        var first = new MimeMessage();
        first.From.Add(new MailboxAddress("Nia Newcomer", $"Nia.Newcomer@{domain}"));
        first.To.Add(MailboxAddress.Parse(MailingDesk.From));
        first.Subject = "My badge does not open the door";
        first.MessageId = $"{Guid.NewGuid():N}@client.example";
        first.Body = new TextPart("plain") { Text = "Since this morning." };
        var filed = await FileAsync(first);
        var again = await FileAsync(Mail($"nia.newcomer@{domain}", "And the car park too", "Same badge."));

        Assert.Equal(("NewTicket", "NewTicket"), (filed.Outcome, again.Outcome));
        var contacts = await App.WithDbAsync(db => db.Contacts.AsNoTracking().Where(c => c.Email == $"nia.newcomer@{domain}").ToListAsync());
        var contact = Assert.Single(contacts);
        Assert.Equal((client.ClientId, "Nia Newcomer"), (contact.ClientId, contact.Name));
        var ticket = await TicketAsync(filed.Ticket!);
        Assert.Equal((client.ClientId, contact.Id), (ticket.ClientId, ticket.RequesterId));
    }

    [Fact]
    public async Task AClientsMailDomain_WithoutNewContacts_OrAnAutomaticMailFromIt_MakesNoContact_ItWaitsAsUnknown()
    {
        var client = await App.CreateClientAsync();
        var domain = $"quiet{client.ClientId}.example";
        await App.WithDbAsync(async db =>
        {
            (await db.Clients.SingleAsync(c => c.Id == client.ClientId)).SetMailDomains([domain], createContacts: false);
            await db.SaveChangesAsync();
        });
        var person = await FileAsync(Mail($"someone@{domain}", "Hello desk", "Can you help?"));

        await App.WithDbAsync(async db =>
        {
            (await db.Clients.SingleAsync(c => c.Id == client.ClientId)).SetMailDomains([domain], createContacts: true);
            await db.SaveChangesAsync();
        });
        var robot = Mail($"alerts@{domain}", "Backup job failed", "Job 42 failed.");
        robot.Headers.Add("Auto-Submitted", "auto-generated");
        var machine = await FileAsync(robot);

        Assert.Equal("UnknownSender", (await App.WithDbAsync(db => db.InboundMails.SingleAsync(m => m.Id == person.Id))).State.ToString());
        Assert.Equal("Automated", machine.Outcome);
        Assert.False(await App.WithDbAsync(db => db.Contacts.AnyAsync(c => c.Email.EndsWith("@" + domain))));
    }

    [Fact]
    public async Task AMailDomain_NamesOneClient_AndAPublicMailServiceNone_AnsweredOnTheField()
    {
        var taken = await App.CreateClientAsync();
        var other = await App.CreateClientAsync();
        var domain = $"taken{taken.ClientId}.example";
        using var manager = await App.ApiAsAsync(await App.CreateUserAsync(Roles.Manager));
        async Task<HttpResponseMessage> PutAsync(int id, string[] domains)
        {
            var c = await manager.GetFromJsonAsync<Baton.Web.Features.Admin.ClientResponse>($"/api/v1/clients/{id}", BatonAppFactory.Json);
            return await manager.PutAsJsonAsync($"/api/v1/clients/{id}", new { c!.Name, c.Code, c.IsActive, mailDomains = domains });
        }

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(taken.ClientId, [domain])).StatusCode);
        var clash = await PutAsync(other.ClientId, [domain]);
        var gmail = await PutAsync(other.ClientId, ["gmail.com"]);

        foreach (var (response, says) in new[] { (clash, "a domain can name one client only"), (gmail, "public mail service") })
        {
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}");
            var problem = await response.Content.ReadAsStringAsync();
            Assert.Contains("mailDomains", problem, StringComparison.Ordinal);
            Assert.Contains(says, problem, StringComparison.Ordinal);
        }

        Assert.Empty((await manager.GetFromJsonAsync<Baton.Web.Features.Admin.ClientResponse>($"/api/v1/clients/{other.ClientId}", BatonAppFactory.Json))!.MailDomains);
    }

    [Fact]
    public async Task AHardBounce_IsMatchedToItsMessage_MarksTheAddressUndeliverable_NotesTheTicket_AndStopsMailToIt()
    {
        var (client, requester, number) = await TicketFromMailAsync("Bounce me");
        await desk.DeliverAsync();
        var acknowledgement = await desk.Sink.WaitForAsync(m => m.Message.Subject == $"[{number}] Bounce me");

        var report = new MimeMessage();
        report.From.Add(MailboxAddress.Parse("MAILER-DAEMON@mx.client.example"));
        report.To.Add(MailboxAddress.Parse(MailingDesk.From));
        report.Subject = "Undelivered Mail Returned to Sender";
        report.MessageId = $"{Guid.NewGuid():N}@mx.client.example";
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList { { "Reporting-MTA", "dns; mx.client.example" } };
        var perRecipient = new HeaderList { { "Final-Recipient", $"rfc822; {requester}" }, { "Action", "failed" }, { "Status", "5.1.1" }, { "Diagnostic-Code", "smtp; 550 5.1.1 User unknown" } };
        status.StatusGroups.Add(perMessage);
        status.StatusGroups.Add(perRecipient);
        using var headers = new MemoryStream();
        acknowledgement.Message.Headers.WriteTo(headers);
        headers.Write("\r\n"u8);
        headers.Position = 0;
        var original = new TextRfc822Headers { Message = MimeMessage.Load(headers) };

        report.Body = new MultipartReport("delivery-status") { new TextPart("plain") { Text = "Your message could not be delivered." }, status, original };
        var filed = await FileAsync(report);

        Assert.Equal(("Bounce", number), (filed.Outcome, filed.Ticket));
        var contact = await App.WithDbAsync(db => db.Contacts.SingleAsync(c => c.Id == client.ContactId));
        Assert.Contains("5.1.1", contact.MailUndeliverable, StringComparison.Ordinal);
        Assert.Contains((await TicketAsync(number)).Messages, m => m.Visibility == MessageVisibility.Internal && m.Body.Contains("could not be delivered", StringComparison.Ordinal));

        using var agent = await App.ApiAsNewAgentAsync();
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "Are you there?" })).StatusCode);
        await desk.DeliverAsync();
        Assert.DoesNotContain(desk.Sink.Messages, m => m.Recipients.Contains(requester) && m.Message.TextBody?.Contains("Are you there?", StringComparison.Ordinal) == true);

        // Shown where staff look: on the ticket and on the contact.
        using var manager = await App.SignInAsync((await App.CreateUserAsync(Roles.Manager)).Email, BatonAppFactory.UserPassword);
        foreach (var page in new[] { $"/Tickets/{number}", $"/Admin/Clients/Details/{client.ClientId}" })
        {
            var html = WebUtility.HtmlDecode(await manager.GetHtmlAsync(page));
            Assert.Contains("data-testid=\"undeliverable\">Mail bounced</span>", html, StringComparison.Ordinal);
            Assert.Contains("550 5.1.1 User unknown", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AReplyOnAResolvedTicket_ReopensIt_AndOnAClosedOne_OpensANewTicketLinkedToIt()
    {
        var (_, requester, number) = await TicketFromMailAsync("Resolved then closed");
        using var agent = await App.ApiAsNewAgentAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "Acknowledge" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "Resolve", note = "Fixed." })).StatusCode);

        var notFixed = await FileAsync(Mail(requester, $"Re: [{number}] Resolved then closed", "Still broken."));
        Assert.Equal("Reply", notFixed.Outcome);
        Assert.Equal(TicketStatus.InProgress, (await TicketAsync(number)).Status);

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "Resolve", note = "Fixed now." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "Close" })).StatusCode);
        var late = await FileAsync(Mail(requester, $"Re: [{number}] Resolved then closed", "It came back."));

        Assert.Equal("FollowUpTicket", late.Outcome);
        Assert.NotEqual(number, late.Ticket);
        var links = await agent.GetFromJsonAsync<List<System.Text.Json.JsonElement>>($"/api/v1/tickets/{late.Ticket}/links", BatonAppFactory.Json);
        Assert.Contains(links!, l => l.ToString().Contains(number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAssignee_HearsOfEveryMailReply_InAppAndByMail_AReply_AReopen_AndAFollowUpOfAClosedTicket()
    {
        var (_, requester, number) = await TicketFromMailAsync("Assignee wants to know");
        var owner = await App.CreateAgentAsync("Olu Owner");
        using var agent = await App.ApiAsAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/assignment", new { teamId = (int?)null, assigneeId = owner.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "Acknowledge" })).StatusCode);

        await FileAsync(Mail(requester, $"Re: [{number}] Assignee wants to know", "One more detail: it is the left screen."));
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "Resolve", note = "Cable swapped." })).StatusCode);
        await FileAsync(Mail(requester, $"Re: [{number}] Assignee wants to know", "Not fixed, sorry."));
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "Resolve", note = "Screen replaced." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/transitions", new { transition = "Close" })).StatusCode);
        var followUp = await FileAsync(Mail(requester, $"Re: [{number}] Assignee wants to know", "It is back."));

        // The two replies within five minutes are one notice; the reopening is its own; the follow-up names the closed ticket.
        await Eventually.HoldsAsync(() => App.WithDbAsync(db => db.RecordEvents.AllAsync(j => j.ProcessedAt != null)), "every record event is handled");
        var notices = await App.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.UserId == owner.Id).OrderBy(n => n.Id).Select(n => n.Text).ToListAsync());
        Assert.Collection(notices,
            n => Assert.Equal($"2 new replies on {number}", n),
            n => Assert.StartsWith($"{number} · reopened by ", n, StringComparison.Ordinal),
            n => Assert.StartsWith($"{followUp.Ticket} opened from a reply by mail to {number}, which is closed", n, StringComparison.Ordinal));

        await desk.DeliverAsync();
        await desk.Sink.WaitUntilAsync(m => m.Count(x => x.Recipients.Contains(owner.Email)) >= 3);
        var mailed = desk.Sink.Messages.Where(m => m.Recipients.Contains(owner.Email)).Select(m => m.Message).ToList();
        // The first reply is mailed as it came; the second, folded into its notice within five minutes, is not mailed again.
        Assert.Equal(3, mailed.Count);
        Assert.Single(mailed, m => m.Subject!.StartsWith($"{number} · ", StringComparison.Ordinal) && m.Subject.Contains(" replied · ", StringComparison.Ordinal));
        Assert.Equal(notices.Skip(1).Order(StringComparer.Ordinal), mailed.Select(m => m.Subject!).Where(s => !s.Contains(" replied · ", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.All(mailed, m => Assert.Equal("auto-generated", m.Headers["Auto-Submitted"]));
        Assert.Contains(mailed, m => m.HtmlBody?.Contains($"https://desk.msp.example/Tickets/{number}", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task AStaffAddress_WritesAsThatAgent_OnlyThroughTheSecretReplyAddress_ElseItIsAFlaggedNote()
    {
        var (_, _, number) = await TicketFromMailAsync("Agent by mail");
        var agent = await App.CreateAgentAsync("Ana Agent");
        var forged = await FileAsync(Mail(agent.Email, $"Re: [{number}] Agent by mail", "Closing this, trust me."));
        Assert.Equal("UnverifiedStaff", forged.Outcome);
        var flagged = (await TicketAsync(number)).Messages.OrderBy(m => m.Id).Last();
        Assert.Equal(MessageVisibility.Internal, flagged.Visibility);
        Assert.StartsWith("⚠ Unverified", flagged.Body, StringComparison.Ordinal);

        var secret = await App.WithDbAsync(db => InstallationKey.ReplySecretAsync(db, desk.Clock.Now, default));
        var genuine = await FileAsync(Mail(agent.Email, "re", "I have ordered the part.", to: ReplyAddress.For(MailingDesk.From, number, secret)));
        Assert.Equal("Reply", genuine.Outcome);
        var reply = (await TicketAsync(number)).Messages.OrderBy(m => m.Id).Last();
        Assert.Equal((MessageVisibility.Public, agent.Id, "Ana Agent"), (reply.Visibility, reply.AuthorId, reply.AuthorName));
    }

    [Fact]
    public async Task TheToAndCcOfTheFirstMail_BecomeParticipants_WhoGetTheDesksPublicReplies_ButNotBatonsOwnAddresses()
    {
        var client = await App.CreateClientAsync();
        var requester = await RequesterEmailAsync(client);
        var mail = Mail(requester, "With my manager in copy", "See below.");
        mail.Cc.Add(MailboxAddress.Parse("Boss <boss@client.example>"));
        mail.Cc.Add(MailboxAddress.Parse("desk+something@msp.example"));
        var filed = await FileAsync(mail);

        var participants = await App.WithDbAsync(db => db.TicketParticipants.Where(p => db.Tickets.Any(t => t.Id == p.TicketId && t.Number == filed.Ticket)).Select(p => p.Email).ToListAsync());
        Assert.Equal(["boss@client.example"], participants);

        using var agent = await App.ApiAsNewAgentAsync();
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{filed.Ticket}/messages", new { body = "On it." })).StatusCode);
        await desk.DeliverAsync();
        var reply = await desk.Sink.WaitForAsync(m => m.Message.Subject?.StartsWith($"[{filed.Ticket}]", StringComparison.Ordinal) == true && m.Message.TextBody?.Contains("On it.", StringComparison.Ordinal) == true);
        Assert.Equal([requester, "boss@client.example"], reply.Recipients);
    }

    [Fact]
    public async Task StaffAddAndRemoveParticipants_ThroughTheApiAndThePage_AndAnAddedOneGetsTheDesksReplies()
    {
        var (client, requester, number) = await TicketFromMailAsync("Keep my manager posted");
        using var agent = await App.ApiAsNewAgentAsync();
        var added = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/participants", new { email = "Boss@Client.example", name = "The Boss" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var boss = (await added.Content.ReadFromJsonAsync<Baton.Web.Features.Tickets.ParticipantResponse>(BatonAppFactory.Json))!;
        Assert.Equal("boss@client.example", boss.Email);

        var twice = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/participants", new { email = "boss@client.example" });
        var theRequester = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/participants", new { email = requester });
        var notAnAddress = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/participants", new { email = "boss at client" });
        foreach (var answer in new[] { twice, theRequester, notAnAddress })
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Contains("\"email\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var contact = await App.ApiAsAsync(await App.CreateContactUserAsync(client));
        Assert.Equal(HttpStatusCode.Forbidden, (await contact.PostAsJsonAsync($"/api/v1/tickets/{number}/participants", new { email = "spy@client.example" })).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "We are on it, boss." })).StatusCode);
        await desk.DeliverAsync();
        var reply = await desk.Sink.WaitForAsync(m => m.Message.TextBody?.Contains("We are on it, boss.", StringComparison.Ordinal) == true);
        Assert.Contains("boss@client.example", reply.Recipients);

        using var page = await App.SignInAsAgentAsync();
        var refused = await page.PostFormAsync($"/Tickets/{number}?handler=Participant", new() { ["Participant.Email"] = "not-an-address" }, $"/Tickets/{number}");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Give an e-mail address", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var removed = await page.PostFormAsync($"/Tickets/{number}?handler=RemoveParticipant&participantId={boss.Id}", [], $"/Tickets/{number}");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Empty((await agent.GetFromJsonAsync<List<Baton.Web.Features.Tickets.ParticipantResponse>>($"/api/v1/tickets/{number}/participants", BatonAppFactory.Json))!);
    }

    [Fact]
    public async Task AMailThatAsksForNoAutomaticReply_OpensATicket_ButGetsNoAcknowledgement()
    {
        var client = await App.CreateClientAsync();
        var requester = await RequesterEmailAsync(client);
        var mail = Mail(requester, "Sent through our list", "Real words from a person.");
        mail.Headers.Add("List-Id", "<it.client.example>");
        var filed = await FileAsync(mail);

        Assert.Equal("NewTicket", filed.Outcome);
        await desk.DeliverAsync();
        Assert.Equal(0, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Subject == $"[{filed.Ticket}] Sent through our list")));
    }

    [Fact]
    public async Task AttachmentsAndInlineImages_AreKeptOnTheTicket()
    {
        var client = await App.CreateClientAsync();
        var requester = await RequesterEmailAsync(client);
        var builder = new BodyBuilder { TextBody = "Screenshot inline, log attached.", HtmlBody = "<p>Screenshot:</p><img src=\"cid:shot1\">" };
        var image = builder.LinkedResources.Add("shot.png", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3], ContentType.Parse("image/png"));
        image.ContentId = "shot1";
        builder.Attachments.Add("error.log", "line 1\nline 2"u8.ToArray(), ContentType.Parse("text/plain"));
        var mail = Mail(requester, "With files", "");
        mail.Body = builder.ToMessageBody();

        var filed = await FileAsync(mail);

        var files = await App.WithDbAsync(db => db.Attachments.Where(a => db.Tickets.Any(t => t.Id == a.TicketId && t.Number == filed.Ticket)).OrderBy(a => a.FileName).ToListAsync());
        Assert.Equal(["error.log", "shot.png"], files.Select(f => f.FileName));
        var store = App.Services.GetRequiredService<IAttachmentStore>();
        using var log = new StreamReader(store.OpenRead(files[0].StorageKey));
        Assert.Equal("line 1\nline 2", await log.ReadToEndAsync());
    }

    [Fact]
    public async Task TheGateway_RefusesAMissingOrWrongToken_AndABodyThatIsNoMail_WithProblemDetails()
    {
        var raw = Raw(Mail("a@b.example", "x", "y"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(raw, token: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(raw, token: "not-the-token")).Status);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await SendAsync(raw, type: "application/json")).Status);
        Assert.Equal(0, await App.WithDbAsync(db => db.InboundMails.CountAsync(m => m.FromAddress == "a@b.example")));
    }

    [Fact]
    public async Task AMailStoredButNotFiled_ByACrash_IsFiledOnce_AndFilingAgainOpensNoSecondTicket()
    {
        var client = await App.CreateClientAsync();
        var requester = await RequesterEmailAsync(client);
        var accepted = await App.WithDbAsync(db => MailIntake.AcceptAsync(db, App.Services.GetRequiredService<IAttachmentStore>(),
            new MemoryStream(Raw(Mail(requester, "Crashed before filing", "Still here?"))), "gateway", null, false, 25_000_000, desk.Clock.Now, default));

        async Task<InboundMail> File()
        {
            using var scope = App.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<MailFiling>().FileAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), accepted.Id, default);
        }

        var filed = await File();
        Assert.Equal(InboundMailOutcome.NewTicket, filed.Outcome);

        // As if the process died after the ticket's commit and before the mail was marked filed.
        await App.WithDbAsync(db => db.InboundMails.Where(m => m.Id == accepted.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, InboundMailState.Received)));
        var again = await File();

        Assert.Equal(filed.TicketId, again.TicketId);
        Assert.Equal(1, await App.WithDbAsync(db => db.Tickets.CountAsync(t => t.Title == "Crashed before filing")));
    }

    [Fact]
    public async Task AMailOverTheDefault25Megabytes_ThroughTheGateway_IsSetAside_AndItsSenderToldOnce_ButMachineMailIsNotAnswered()
    {
        var client = await App.CreateClientAsync();
        var requester = await RequesterEmailAsync(client);
        MimeMessage Huge(string subject)
        {
            var body = new BodyBuilder { TextBody = "The scans are attached." };
            body.Attachments.Add("scans.zip", new byte[20 * 1024 * 1024]); // 27 MB once base64-encoded
            var mail = Mail(requester, subject, "");
            mail.Body = body.ToMessageBody();
            return mail;
        }

        var person = Raw(Huge("All the scans at once"));
        var (status, first, text) = await desk.PostMailAsync(person);
        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal("Unprocessable", first!.State);
        Assert.True((await desk.PostMailAsync(person)).Body!.Duplicate); // delivered again: told once all the same
        var robot = Huge("Nightly backup report");
        robot.Headers.Add("Auto-Submitted", "auto-generated");
        Assert.Equal("Unprocessable", (await desk.PostMailAsync(Raw(robot))).Body!.State);
        await desk.DeliverAsync();

        var told = await desk.Sink.WaitForAsync(m => m.Recipients.Contains(requester) && m.Message.Subject == "Not received by the service desk: All the scans at once");
        Assert.Contains("more than the 25 MB the service desk accepts", told.Message.TextBody, StringComparison.Ordinal);
        Assert.Equal("auto-generated", told.Message.Headers["Auto-Submitted"]);
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Recipients == requester && m.Kind == MailFiling.TooLargeKind)));
        var row = await App.WithDbAsync(db => db.InboundMails.AsNoTracking().SingleAsync(m => m.Id == first.Id));
        Assert.Contains("Its sender was told.", row.Reason, StringComparison.Ordinal);
        Assert.False(await App.WithDbAsync(db => db.Tickets.AnyAsync(t => t.ClientId == client.ClientId)));
    }

    [Fact]
    public async Task AMailOverTheSizeLimit_IsKeptRaw_AsCouldNotBeProcessed_WithTheReason()
    {
        var client = await App.CreateClientAsync();
        var requester = await RequesterEmailAsync(client);
        var accepted = await App.WithDbAsync(db => MailIntake.AcceptAsync(db, App.Services.GetRequiredService<IAttachmentStore>(),
            new MemoryStream(Raw(Mail(requester, "Too big for a small limit", new string('x', 5000)))), "gateway", null, false, 1024, desk.Clock.Now, default));

        var row = await App.WithDbAsync(db => db.InboundMails.SingleAsync(m => m.Id == accepted.Id));
        Assert.Equal(InboundMailState.Unprocessable, row.State);
        Assert.Contains("Mail:Inbound:MaxBytes", row.Reason, StringComparison.Ordinal);
        Assert.True(row.Size > 5000);
        using var raw = new StreamReader(App.Services.GetRequiredService<IAttachmentStore>().OpenRead(row.StorageKey));
        Assert.Contains("Too big for a small limit", await raw.ReadToEndAsync(), StringComparison.Ordinal);
    }
}
