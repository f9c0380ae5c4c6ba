using Baton.Web.Data;
using Baton.Web.Features.Outbox;
using Baton.Web.Tests.ServiceLevels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Mail;

/// <summary>An SLA desk whose mail goes to a real SMTP server on loopback.</summary>
public sealed class MailingSlaDesk : IAsyncLifetime
{
    public MailingSlaDesk() => MailingDesk.SendThrough(Desk.App, Sink);

    public SlaDesk Desk { get; } = new();

    public SmtpSink Sink { get; } = new();

    public Task InitializeAsync() => Desk.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Desk.DisposeAsync();
        await Sink.DisposeAsync();
    }
}

public sealed class StaffNoticeMailTests(MailingSlaDesk mailing) : IClassFixture<MailingSlaDesk>
{
    [Fact]
    public async Task AnSlaCrossing_IsMailedToTheAssigneeAndTheTeamLead_Once_WithALinkToTheTicket_MarkedAutomatic()
    {
        var desk = mailing.Desk;
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew, "Core switch flapping");

        await desk.RunJobAsync(opened.AddHours(3).AddMinutes(1));
        await desk.RunJobAsync(opened.AddHours(3).AddMinutes(2)); // nothing new: no second mail
        await desk.App.WithDbAsync(async db =>
        {
            while (await OutboxQueue.DispatchAsync(db, desk.App.Services.GetRequiredService<IOutboxSender>(), opened.AddHours(3).AddMinutes(3), default) > 0)
            {
            }
        });

        var subject = $"{ticket.Number} · First response at risk · Core switch flapping";
        await mailing.Sink.WaitUntilAsync(m => m.Count(x => x.Message.Subject == subject) >= 2);
        var mailed = mailing.Sink.Messages.Where(m => m.Message.Subject == subject).ToList();
        Assert.Equal(new[] { crew.Assignee.Email, crew.Lead.Email }.Order(StringComparer.OrdinalIgnoreCase), mailed.SelectMany(m => m.Recipients).Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(mailed, m => Assert.Equal("auto-generated", m.Message.Headers["Auto-Submitted"]));
        Assert.All(mailed, m => Assert.Contains($"https://desk.msp.example/Tickets/{ticket.Number}", m.Message.HtmlBody, StringComparison.Ordinal));
        Assert.Equal(2, await desk.App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Subject == subject)));
    }

    [Fact]
    public async Task ALockedAccount_GetsTheNoticeInApp_ButNoMail()
    {
        var desk = mailing.Desk;
        var crew = await desk.CrewAsync();
        await desk.App.WithDbAsync(async db =>
        {
            var lead = await db.Users.SingleAsync(u => u.Id == crew.Lead.Id);
            lead.LockoutEnd = DateTimeOffset.MaxValue;
            await db.SaveChangesAsync();
        });
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew, "Locked lead");

        await desk.RunJobAsync(opened.AddHours(3).AddMinutes(1));

        Assert.Contains(await desk.NoticesAsync(ticket.Id), n => n.UserId == crew.Lead.Id);
        var recipients = await desk.App.WithDbAsync(db => db.OutboxMessages.Where(m => m.Subject.StartsWith(ticket.Number)).Select(m => m.Recipients).ToListAsync());
        Assert.Equal([crew.Assignee.Email], recipients);
    }
}
