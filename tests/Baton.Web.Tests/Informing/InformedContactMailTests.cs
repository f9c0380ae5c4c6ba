using Baton.Domain.Clients;
using Baton.Domain.Informing;
using Baton.Web.Data;
using Baton.Web.Features.Mail;
using Baton.Web.Tests.Infrastructure;
using Baton.Web.Tests.Mail;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Informing;

/// <summary>A contact the matrix informs who has no portal account hears by mail, at a real SMTP server (issue 13).</summary>
public sealed class InformedContactMailTests(MailingDesk desk) : IClassFixture<MailingDesk>
{
    private Task<Contact> ItManagerAsync(BatonAppFactory.ClientSetup client, string name, bool bounced = false) => desk.App.WithDbAsync(async db =>
    {
        var contact = new Contact(client.ClientId, name, $"{name.Replace(' ', '.').ToLowerInvariant()}.{client.Code.ToLowerInvariant()}@example.test", null, null, null);
        if (bounced)
        {
            contact.MarkMailUndeliverable("Mail bounced (5.1.1): no such user");
        }

        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        db.ContactRoleMemberships.Add(new ContactRoleMembership(contact.Id, db.ContactRoles.Single(r => r.Key == ContactRoleKeys.ItManager).Id));
        await db.SaveChangesAsync();
        return contact;
    });

    [Fact]
    public async Task AP1_IsMailedToTheClientsItManagerWithoutAPortalAccount_NotToABouncedAddress_NorToAnotherClientsItManager()
    {
        var client = await desk.App.CreateClientAsync();
        var other = await desk.App.CreateClientAsync();
        var itManager = await ItManagerAsync(client, "Omar Itman");
        var bounced = await ItManagerAsync(client, "Bea Bounced", bounced: true);
        var othersItManager = await ItManagerAsync(other, "Olga Other");
        var agentApi = await desk.App.ApiAsNewAgentAsync();

        var ticket = await BatonAppFactory.OpenIncidentAsync(agentApi, client, "Core switch down", new { impact = "High", urgency = "High" });
        Assert.Equal("P1", ticket.Priority);
        await desk.DeliverAsync();

        var mailed = await desk.Sink.WaitForAsync(m => m.Recipients.Contains(itManager.Email, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(RequesterMail.Subject(ticket.Number, "Core switch down"), mailed.Message.Subject);
        Assert.Contains("new P1 incident", mailed.Message.HtmlBody, StringComparison.Ordinal);
        var notices = await desk.App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.TicketId == ticket.Id && m.Kind == RequesterMail.ContactNoticeKind).ToListAsync());
        Assert.Equal([itManager.Email], notices.Select(m => m.Recipients));
        Assert.DoesNotContain(desk.Sink.Messages, m => m.Recipients.Contains(bounced.Email, StringComparer.OrdinalIgnoreCase) || m.Recipients.Contains(othersItManager.Email, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TwoEventsOnOneTicketWithinFiveMinutes_MailTheInformedContactOnce()
    {
        var client = await desk.App.CreateClientAsync();
        var itManager = await ItManagerAsync(client, "Ida Once");
        var agentApi = await desk.App.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agentApi, client, "Storage array degraded", new { impact = "High", urgency = "High" });
        await Tickets.TicketsApiTests.Transition(agentApi, ticket.Number, "Acknowledge");
        await desk.DeliverAsync();

        var notices = await desk.App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().CountAsync(m => m.TicketId == ticket.Id && m.Kind == RequesterMail.ContactNoticeKind && m.Recipients == itManager.Email));
        Assert.Equal(1, notices);
    }
}
