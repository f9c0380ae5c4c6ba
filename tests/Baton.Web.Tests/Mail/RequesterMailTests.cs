using System.Net;
using System.Net.Http.Json;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Events;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Mail;

/// <summary>What a requester hears by mail: the acknowledgement, the desk's public replies, the resolution — one thread.</summary>
public sealed class RequesterMailTests(MailingDesk desk) : IClassFixture<MailingDesk>
{
    private BatonAppFactory App => desk.App;

    private Task DeliverAsync() => desk.DeliverAsync();

    private List<SmtpSink.Received> MailAbout(string number) =>
        desk.Sink.Messages.Where(m => m.Message.Subject?.StartsWith($"[{number}]", StringComparison.Ordinal) == true).ToList();

    /// <summary>The mail about the ticket once <paramref name="count"/> arrived, or what arrived by then when that many never come.</summary>
    private async Task<List<SmtpSink.Received>> MailAboutAsync(string number, int count, double seconds = 10)
    {
        await desk.Sink.WaitUntilAsync(_ => MailAbout(number).Count >= count, TimeSpan.FromSeconds(seconds));
        return MailAbout(number);
    }

    [Fact]
    public async Task TheRequester_GetsTheAcknowledgement_EachPublicReply_AndTheResolution_InOneThread_AndNoInternalNote()
    {
        var client = await App.CreateClientAsync();
        using var agent = await App.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agent, client, "VPN drops every hour");
        await DeliverAsync();

        var acknowledgement = Assert.Single(await MailAboutAsync(ticket.Number, 1));
        var requester = await App.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => c.Email).SingleAsync());
        Assert.Equal([requester], acknowledgement.Recipients);
        Assert.Equal($"[{ticket.Number}] VPN drops every hour", acknowledgement.Message.Subject);
        Assert.Contains(ticket.Number, acknowledgement.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://desk.msp.example/Tickets/" + ticket.Number, acknowledgement.Message.TextBody, StringComparison.Ordinal);
        Assert.Equal("auto-generated", acknowledgement.Message.Headers["Auto-Submitted"]);
        Assert.StartsWith(Baton.Domain.Mail.QuotedReply.ReplyAboveThisLine, acknowledgement.Message.TextBody!.TrimStart(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "Internal: the **firewall** log shows it", @internal = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "We are looking at the **firewall** now." })).StatusCode);
        await DeliverAsync();

        var reply = Assert.Single(await MailAboutAsync(ticket.Number, 2), m => m != acknowledgement);
        Assert.Contains("<strong>firewall</strong>", reply.Message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(MailAbout(ticket.Number), m => m.Message.TextBody?.Contains("Internal:", StringComparison.Ordinal) == true);
        Assert.False(reply.Message.Headers.Contains("Auto-Submitted"), "a person's reply is not automatic mail");
        Assert.Equal(acknowledgement.Message.MessageId, reply.Message.InReplyTo);
        Assert.Equal([acknowledgement.Message.MessageId!], reply.Message.References);

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition = "Acknowledge" })).StatusCode);
        var resolved = await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/transitions", new { transition = "Resolve", note = "Replaced the failing switch port." });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        await DeliverAsync();

        var all = await MailAboutAsync(ticket.Number, 3);
        Assert.Equal(3, all.Count);
        var resolution = all.Single(m => m != acknowledgement && m != reply);
        Assert.Contains("Replaced the failing switch port.", resolution.Message.TextBody, StringComparison.Ordinal);
        Assert.Equal([acknowledgement.Message.MessageId!, reply.Message.MessageId!], resolution.Message.References);
        Assert.Equal(reply.Message.MessageId, resolution.Message.InReplyTo);
    }

    [Fact]
    public async Task TheRequestersOwnReply_IsNotMailedBackToThem()
    {
        var client = await App.CreateClientAsync();
        using var agent = await App.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agent, client, "Shared drive is read-only");
        using var contact = await App.ApiAsAsync(await App.CreateContactUserAsync(client));
        Assert.Equal(HttpStatusCode.Created, (await contact.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "Still read-only this morning." })).StatusCode);
        await DeliverAsync();

        Assert.Single(await MailAboutAsync(ticket.Number, 2, seconds: 2)); // the acknowledgement only (waited for a second that never comes)
    }

    [Fact]
    public async Task AJobRunTwice_QueuesItsMailOnce()
    {
        var client = await App.CreateClientAsync();
        using var agent = await App.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agent, client, "Twice-run job");
        await DeliverAsync();

        // The job is run again, as after a crash between its mail and its processed mark.
        await App.WithDbAsync(db => db.RecordEvents.Where(j => j.Handler == "mail-acknowledgement" && j.RecordId == ticket.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.ProcessedAt, (DateTimeOffset?)null)));
        await DeliverAsync();

        Assert.Single(await MailAboutAsync(ticket.Number, 2, seconds: 2));
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.TicketId == ticket.Id)));
    }

    [Fact]
    public async Task ARequesterWhosePortalAccessWasRevoked_IsNotMailed()
    {
        var client = await App.CreateClientAsync();
        await App.WithDbAsync(async db =>
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == client.ContactId);
            db.PortalAccessChanges.Add(contact.RevokePortalAccess("Left the company", new Baton.Domain.Actor("test", "Test"), desk.Clock.Now));
            await db.SaveChangesAsync();
        });
        using var agent = await App.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agent, client, "A leaver's old ticket");
        await DeliverAsync();

        Assert.Empty(await MailAboutAsync(ticket.Number, 1, seconds: 2));
    }
}

public sealed class RequesterMailRulesTests
{
    private static readonly DateTimeOffset Now = new(2031, 3, 4, 9, 0, 0, TimeSpan.Zero);

    private static Baton.Web.Features.Mail.RequesterMail Mail(string? host = "smtp.example") => new(
        Microsoft.Extensions.Options.Options.Create(new Baton.Web.Features.Mail.SmtpSettings { Host = host, FromAddress = "desk@msp.example" }),
        Microsoft.Extensions.Options.Options.Create(new Baton.Web.Features.Mail.RequesterMailOptions()),
        Microsoft.Extensions.Options.Options.Create(new Baton.Web.Features.Mail.InboundMailOptions()),
        new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));

    [Fact]
    public void AnEventADayOldOrMore_IsNotMailed_ItIsAnImportedOrBackDatedRecord()
    {
        Assert.True(Mail().Mails(Now.AddHours(-23)));
        Assert.False(Mail().Mails(Now.AddDays(-1)));
    }

    [Fact]
    public void WithoutAnSmtpServer_NothingIsMailed() => Assert.False(Mail(host: null).Mails(Now));

    [Fact]
    public async Task InsideSuppress_NothingIsMailed_AndAfterItMailGoesAgain()
    {
        var mail = Mail();
        using (Baton.Web.Features.Mail.RequesterMail.Suppress())
        {
            await Task.Yield(); // the flow, not the thread, carries it
            Assert.False(mail.Mails(Now));
        }

        Assert.True(mail.Mails(Now));
    }
}
