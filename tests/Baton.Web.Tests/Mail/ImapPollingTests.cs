using Baton.Web.Data;
using Baton.Web.Features.Mail;
using Baton.Web.Features.Outbox;
using Baton.Web.Infrastructure.Files;
using Baton.Web.Tests.Infrastructure;
using Baton.Web.Tests.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Baton.Web.Tests.Mail;

/// <summary>IMAP polling against a real Dovecot server: taken in once, moved only after filing, cursor and UIDVALIDITY, two pollers.</summary>
public sealed class ImapPollingTests(MailingDesk desk, DovecotServer imap) : IClassFixture<MailingDesk>, IClassFixture<DovecotServer>
{
    private BatonAppFactory App => desk.App;

    /// <summary>A mailbox row as the admin page saves it, for a user of its own on the Dovecot server.</summary>
    private Task<Mailbox> MailboxAsync(string? user = null, bool archive = false, string password = DovecotServer.Password) => App.WithDbAsync(async db =>
    {
        user ??= $"desk{Guid.NewGuid():N}"[..16];
        var mailbox = new Mailbox
        {
            Address = $"{user}@msp.example",
            Host = "127.0.0.1",
            Port = imap.Port,
            Security = MailboxSecurity.None,
            UserName = user,
            ProtectedPassword = App.Services.GetRequiredService<MailboxPasswords>().Protect(password),
            ImportAsArchive = archive,
        };
        db.Mailboxes.Add(mailbox);
        await db.SaveChangesAsync();
        return mailbox;
    });

    private async Task<PollResult> PollAsync(Mailbox mailbox, BatonAppFactory? app = null)
    {
        using var scope = (app ?? App).Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ImapPoller>().PollAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), mailbox.Id, force: true, default);
    }

    private async Task<string> RequesterAsync()
    {
        var client = await App.CreateClientAsync();
        return await App.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => c.Email).SingleAsync());
    }

    private Task<List<InboundMail>> MailsAsync(string? messageId) =>
        App.WithDbAsync(db => db.InboundMails.AsNoTracking().Where(m => m.MessageId == messageId!.ToLowerInvariant()).ToListAsync());

    [ImapFact]
    public async Task MailInTheInbox_BecomesATicket_AndIsMovedToTheProcessedFolder_SoTheNextPollTakesNothing()
    {
        var mailbox = await MailboxAsync();
        var requester = await RequesterAsync();
        var mail = InboundMailTests.Mail(requester, "Scanner offline (IMAP)", "The scanner on floor 2 is offline.", to: mailbox.Address);
        await imap.DeliverAsync(mailbox.UserName, mail);

        var first = await PollAsync(mailbox);
        var second = await PollAsync(mailbox);

        Assert.Equal((1, 1, (string?)null), (first.Taken, first.Moved, first.Error));
        Assert.Equal((0, 0), (second.Taken, second.Moved));
        Assert.Equal(0, await imap.CountAsync(mailbox.UserName, "INBOX"));
        Assert.Equal(1, await imap.CountAsync(mailbox.UserName, "Baton/Processed"));
        var row = Assert.Single(await MailsAsync(mail.MessageId));
        Assert.Equal((InboundMailState.Filed, InboundMailOutcome.NewTicket, mailbox.Id, $"imap:{mailbox.Address}"), (row.State, row.Outcome, row.MailboxId, row.Source));
        var ticket = await App.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == row.TicketId));
        Assert.Equal("Scanner offline (IMAP)", ticket.Title);
        var cursor = await App.WithDbAsync(db => db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailbox.Id));
        Assert.True(cursor.LastUid > 0 && cursor.UidValidity is > 0 && cursor.LastError is null);
    }

    [ImapFact]
    public async Task ACrashAfterFilingButBeforeTheMove_TakesTheMailAgain_AsTheSameTicket_AndThenMovesIt()
    {
        var mailbox = await MailboxAsync();
        var requester = await RequesterAsync();
        var mail = InboundMailTests.Mail(requester, "Crash before the move", "Filed, then the process died.", to: mailbox.Address);
        await imap.DeliverAsync(mailbox.UserName, mail);
        // What a poll does up to the move, and then the process is gone: stored, filed, committed, still in the inbox.
        await App.WithDbAsync(async db =>
        {
            using var scope = App.Services.CreateScope();
            var accepted = await MailIntake.AcceptAsync(db, scope.ServiceProvider.GetRequiredService<IAttachmentStore>(), new MemoryStream(InboundMailTests.Raw(mail)),
                $"imap:{mailbox.Address}", mailbox.Id, false, 25L * 1024 * 1024, desk.Clock.Now, default);
            await scope.ServiceProvider.GetRequiredService<MailFiling>().FileAsync(db, accepted.Id, default);
        });

        var after = await PollAsync(mailbox);

        Assert.Equal((0, 1), (after.Taken, after.Moved)); // recognised, not taken again; moved now
        var row = Assert.Single(await MailsAsync(mail.MessageId));
        Assert.Equal(2, row.Deliveries);
        Assert.Equal(1, await App.WithDbAsync(db => db.Tickets.CountAsync(t => t.Title == "Crash before the move")));
        Assert.Equal(0, await imap.CountAsync(mailbox.UserName, "INBOX"));
    }

    [ImapFact]
    public async Task MailTheCursorSaysIsFiled_ButStillInTheInbox_IsMovedWithoutBeingTakenAgain_UnlessTheUidValidityChanged()
    {
        var mailbox = await MailboxAsync();
        var requester = await RequesterAsync();
        var mail = InboundMailTests.Mail(requester, "Cursor says filed", "Moved on the next poll.", to: mailbox.Address);
        await imap.DeliverAsync(mailbox.UserName, mail);
        Assert.Equal(1, (await PollAsync(mailbox)).Taken);
        // The move failed last time (say the connection dropped): put it back in the inbox under a higher UID, and tell
        // the cursor that UID is filed.
        await imap.DeliverAsync(mailbox.UserName, mail);
        await App.WithDbAsync(db => db.Mailboxes.Where(m => m.Id == mailbox.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastUid, m => m.LastUid + 1)));

        var moved = await PollAsync(mailbox);
        Assert.Equal((0, 1), (moved.Taken, moved.Moved));
        Assert.Equal(1, Assert.Single(await MailsAsync(mail.MessageId)).Deliveries); // not downloaded again

        // A new UIDVALIDITY means the UIDs started over: the cursor is not believed, the mail is read and recognised.
        await imap.DeliverAsync(mailbox.UserName, mail);
        await App.WithDbAsync(db => db.Mailboxes.Where(m => m.Id == mailbox.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.UidValidity, 1L).SetProperty(m => m.LastUid, 1_000_000L)));

        var reset = await PollAsync(mailbox);
        Assert.Equal((0, 1), (reset.Taken, reset.Moved));
        Assert.Equal(2, Assert.Single(await MailsAsync(mail.MessageId)).Deliveries);
        Assert.Equal(1, await App.WithDbAsync(db => db.Tickets.CountAsync(t => t.Title == "Cursor says filed")));
        Assert.NotEqual(1L, await App.WithDbAsync(db => db.Mailboxes.Where(m => m.Id == mailbox.Id).Select(m => m.UidValidity).SingleAsync()));
    }

    [ImapFact]
    public async Task OneMailInTwoOfOurMailboxes_IsOneTicket()
    {
        var sales = await MailboxAsync();
        var support = await MailboxAsync();
        var requester = await RequesterAsync();
        var mail = InboundMailTests.Mail(requester, "Sent to two desk addresses", "Cc'd to both.", to: sales.Address);
        mail.Cc.Add(MailboxAddress.Parse(support.Address));
        await imap.DeliverAsync(sales.UserName, mail);
        await imap.DeliverAsync(support.UserName, mail);

        Assert.Equal(1, (await PollAsync(sales)).Taken);
        var again = await PollAsync(support);
        Assert.Equal((0, 1), (again.Taken, again.Moved));

        Assert.Equal(2, Assert.Single(await MailsAsync(mail.MessageId)).Deliveries);
        Assert.Equal(1, await App.WithDbAsync(db => db.Tickets.CountAsync(t => t.Title == "Sent to two desk addresses")));
        Assert.Equal(0, await imap.CountAsync(support.UserName, "INBOX"));
    }

    [ImapFact]
    public async Task TwoInstancesPollingOneMailboxAtOnce_TakeEachMessageOnce_AndLeaveTheInboxEmpty()
    {
        await using var second = Instances.SecondOn(App);
        second.Settings["Baton:DataDirectory"] = App.DataDirectory; // instances share the data directory, as the README says
        var mailbox = await MailboxAsync();
        var requester = await RequesterAsync();
        var mails = Enumerable.Range(1, 30).Select(i => InboundMailTests.Mail(requester, $"Two pollers {i}", $"Message {i}.", to: mailbox.Address)).ToArray();
        await imap.DeliverAsync(mailbox.UserName, mails);

        var polls = await Task.WhenAll(PollAsync(mailbox), PollAsync(mailbox, second), PollAsync(mailbox), PollAsync(mailbox, second));
        var rest = await PollAsync(mailbox); // what a poller left because the other was filing it

        Assert.All(polls, p => Assert.Null(p.Error));
        Assert.Equal(30, polls.Sum(p => p.Taken) + rest.Taken);
        Assert.Equal(30, await App.WithDbAsync(db => db.Tickets.CountAsync(t => t.Title.StartsWith("Two pollers "))));
        Assert.Equal(30, await App.WithDbAsync(db => db.InboundMails.CountAsync(m => m.MailboxId == mailbox.Id)));
        Assert.Equal(0, await imap.CountAsync(mailbox.UserName, "INBOX"));
        Assert.Equal(30, await imap.CountAsync(mailbox.UserName, "Baton/Processed"));
    }

    [ImapFact]
    public async Task AWrongPassword_IsTheMailboxsError_InWords_AndNothingIsTaken()
    {
        var mailbox = await MailboxAsync(password: "not-the-password");
        await imap.DeliverAsync(mailbox.UserName, InboundMailTests.Mail("someone@client.example", "Waiting", "Still here.", to: mailbox.Address));

        var result = await PollAsync(mailbox);

        Assert.Equal("The server refused the user name or password.", result.Error);
        Assert.Equal(result.Error, await App.WithDbAsync(db => db.Mailboxes.Where(m => m.Id == mailbox.Id).Select(m => m.LastError).SingleAsync()));
        Assert.Equal(1, await imap.CountAsync(mailbox.UserName, "INBOX"));
    }

    [ImapFact]
    public async Task AMailboxImportedAsArchive_SendsNoAcknowledgementForItsOldMail_ThenAnswersNewMail()
    {
        var mailbox = await MailboxAsync(archive: true);
        var requester = await RequesterAsync();
        var old = InboundMailTests.Mail(requester, "Old mail from the archive", "From last year.", to: mailbox.Address);
        await imap.DeliverAsync(mailbox.UserName, old);

        Assert.Equal(1, (await PollAsync(mailbox)).Taken);
        var fresh = InboundMailTests.Mail(requester, "New mail after the import", "From today.", to: mailbox.Address);
        await imap.DeliverAsync(mailbox.UserName, fresh);
        Assert.Equal(1, (await PollAsync(mailbox)).Taken);
        await desk.DeliverAsync();

        var tickets = await App.WithDbAsync(db => db.Tickets.AsNoTracking().Where(t => t.Title == "Old mail from the archive" || t.Title == "New mail after the import").ToDictionaryAsync(t => t.Title, t => t.Id));
        var acknowledged = await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == RequesterMail.AcknowledgementKind && m.TicketId != null && tickets.Values.Contains(m.TicketId.Value)).Select(m => m.TicketId).ToListAsync());
        Assert.Equal([tickets["New mail after the import"]], acknowledged.Select(id => id!.Value));
        Assert.False(await App.WithDbAsync(db => db.Mailboxes.Where(m => m.Id == mailbox.Id).Select(m => m.ImportAsArchive).SingleAsync()));
    }

    [ImapFact]
    public async Task WhatBatonSendsAboutAMailboxsTicket_ComesFromThatMailbox_AndAsksForRepliesAtItsAddress()
    {
        var mailbox = await MailboxAsync();
        await App.WithDbAsync(db => db.Mailboxes.Where(m => m.Id == mailbox.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.FromName, "Contoso Helpdesk")));
        var requester = await RequesterAsync();
        await imap.DeliverAsync(mailbox.UserName, InboundMailTests.Mail(requester, "Per-mailbox sender", "Which address answers?", to: mailbox.Address));

        Assert.Equal(1, (await PollAsync(mailbox)).Taken);
        await desk.DeliverAsync();
        var acknowledgement = await desk.ReceivedAsync(Assert.Single(await App.WithDbAsync(db =>
            db.OutboxMessages.Where(m => m.Kind == RequesterMail.AcknowledgementKind && db.Tickets.Any(t => t.Id == m.TicketId && t.Title == "Per-mailbox sender")).Select(m => m.Subject).ToListAsync())));

        var from = Assert.Single(acknowledgement.Message.From.Mailboxes);
        Assert.Equal((mailbox.Address, "Contoso Helpdesk"), (from.Address, from.Name));
        Assert.StartsWith($"{mailbox.UserName}+", Assert.Single(acknowledgement.Message.ReplyTo.Mailboxes).Address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMailboxPassword_IsStoredEncrypted_NeverInClear()
    {
        var mailbox = await MailboxAsync(password: "Sup3r-secret-imap-pass");

        var stored = await App.WithDbAsync(db => db.Mailboxes.AsNoTracking().Where(m => m.Id == mailbox.Id).Select(m => m.ProtectedPassword).SingleAsync());

        Assert.DoesNotContain("Sup3r-secret", stored, StringComparison.Ordinal);
        Assert.Equal("Sup3r-secret-imap-pass", App.Services.GetRequiredService<MailboxPasswords>().Unprotect(stored));
    }
}
