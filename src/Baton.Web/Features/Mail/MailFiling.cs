using Baton.Domain.Clients;
using Baton.Domain.Links;
using Baton.Domain.Mail;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Outbox;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Shared.Links;
using Baton.Web.Features.Tickets;
using Baton.Web.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Baton.Web.Features.Mail;

/// <summary>
/// Files an accepted mail (<see cref="MailIntake"/>): on the ticket it threads to, as a new ticket, or in a review
/// list — never nowhere. The rules are pure (Baton.Domain.Mail: <see cref="AutomatedMail"/>, <see cref="MailThreading"/>,
/// <see cref="QuotedReply"/>); this class looks up what they need and writes what they decide. A reply and the mail's
/// new state are one save; a new ticket is opened with the mail as its idempotency key, so filing again after a crash
/// finds the same ticket. What cannot be filed is kept with the reason, to be processed again.
/// </summary>
public sealed class MailFiling(
    IAttachmentStore store,
    IOptions<InboundMailOptions> options,
    IOptions<AttachmentOptions> attachmentOptions,
    IOptions<SmtpSettings> smtp,
    IOptions<RequesterMailOptions> requesterMail,
    INotificationChannel notifications,
    ICalendarReplies calendarReplies,
    TimeProvider clock,
    ILogger<MailFiling> logger)
{
    /// <summary>How often filing starts over when the ticket changed under it (a concurrency conflict).</summary>
    private const int ConflictTries = 3;

    /// <summary>
    /// Files the mail if it still waits to be; returns it as it stands after. Two replies to one ticket filed at the
    /// same moment (two people answering, two gateway deliveries at once) meet on the ticket's version: the one that
    /// loses files again on the ticket as it is now, instead of failing the delivery.
    /// </summary>
    public async Task<InboundMail> FileAsync(BatonDb db, long id, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await FileOnceAsync(db, id, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < ConflictTries)
            {
                // Safe to run again: a reply is one save with the mail's new state (it failed whole), a new ticket is keyed by the mail.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<InboundMail> FileOnceAsync(BatonDb db, long id, CancellationToken ct)
    {
        var row = await db.InboundMails.AsNoTracking().SingleAsync(m => m.Id == id, ct);
        if (row is { State: InboundMailState.Unprocessable, Attempts: 0 })
        {
            return await TellSenderTooLargeAsync(db, row, ct); // set aside at intake (too large), its sender not told yet
        }

        if (row.State != InboundMailState.Received)
        {
            return row;
        }

        // Claimed by counting the attempt: of two filers (the sweeps of two instances) only one moves the count on.
        var seen = row.Attempts;
        if (await db.InboundMails.Where(m => m.Id == id && m.State == InboundMailState.Received && m.Attempts == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, seen + 1), ct) == 0)
        {
            return await db.InboundMails.AsNoTracking().SingleAsync(m => m.Id == id, ct);
        }

        row = await db.InboundMails.SingleAsync(m => m.Id == id, ct);
        MimeMessage message;
        try
        {
            await using var raw = store.OpenRead(row.StorageKey);
            message = await MailIntake.LoadAsync(raw, ct);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            return await SetAsideAsync(db, row, $"The mail could not be read: {e.Message}", ct);
        }

        try
        {
            await FileMessageAsync(db, row, message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException and not DbUpdateConcurrencyException)
        {
            logger.LogWarning(e, "Incoming mail {Id} could not be filed", id);
            db.ChangeTracker.Clear();
            row = await db.InboundMails.SingleAsync(m => m.Id == id, ct);
            return await SetAsideAsync(db, row, $"Filing failed: {e.Message}", ct);
        }

        return await db.InboundMails.AsNoTracking().SingleAsync(m => m.Id == id, ct); // a new ticket's filing reads the row afresh
    }

    public const string TooLargeKind = "MailTooLarge";

    /// <summary>
    /// A mail set aside at intake for its size is answered once, so its sender knows it did not arrive: unless it is
    /// machine mail, an auto-reply, our own, or an archive import, or mail is not configured. The answer is queued in
    /// the outbox with the claim on the row (Attempts 0 → 1), so a crash before either tells the sender on the sweep.
    /// </summary>
    private async Task<InboundMail> TellSenderTooLargeAsync(BatonDb db, InboundMail row, CancellationToken ct)
    {
        var tracked = await db.InboundMails.SingleAsync(m => m.Id == row.Id, ct);
        if (tracked is not { State: InboundMailState.Unprocessable, Attempts: 0 })
        {
            return tracked; // another filer took it
        }

        tracked.Attempts = 1;
        var now = clock.GetUtcNow();
        HeaderList headers;
        await using (var raw = store.OpenRead(tracked.StorageKey))
        {
            headers = await MailIntake.ReadHeadersAsync(raw, ct);
        }

        var installationKey = await InstallationKey.GetAsync(db, now, ct);
        var facts = FactsOf(headers, ContentType.TryParse(headers[HeaderId.ContentType]?.Trim() ?? "", out var type) ? type : null, tracked, installationKey);
        var nature = AutomatedMail.Classify(facts, installationKey);
        var mailboxAddresses = await db.Mailboxes.AsNoTracking().Select(m => m.Address).ToListAsync(ct);
        var mailbox = tracked.MailboxId is { } mailboxId ? await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(b => b.Id == mailboxId, ct) : null;
        if (smtp.Value.Configured && !tracked.Archive && nature == MailNature.Person && !AutomatedMail.WantsNoAutomaticReply(facts, nature)
            && Baton.Domain.Text.LooksLikeEmail(tracked.FromAddress) && !IsOurs(tracked.FromAddress, mailboxAddresses)
            && !await db.OutboxMessages.AnyAsync(m => m.Key == $"mail-too-large:{tracked.Id}", ct))
        {
            var e = System.Text.Encodings.Web.HtmlEncoder.Default;
            var subject = $"Not received by the service desk: {tracked.Subject}";
            db.OutboxMessages.Add(new OutboxMessage
            {
                Key = $"mail-too-large:{tracked.Id}",
                Kind = TooLargeKind,
                Recipients = tracked.FromAddress,
                FromAddress = mailbox?.Address,
                FromName = mailbox?.FromName is { Length: > 0 } name ? name : null,
                Subject = subject.Length > 400 ? subject[..400] : subject,
                HtmlBody = "<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">" +
                    $"<p>Your mail “{e.Encode(tracked.Subject)}” is {e.Encode(MailIntake.Megabytes(tracked.Size))}, more than the {e.Encode(MailIntake.Megabytes(options.Value.MaxBytes))} the service desk accepts, so it did not reach anyone.</p>" +
                    "<p>Please send it again without the large attachments — share them through a link, or send them in several smaller mails.</p>" +
                    $"<p>— {e.Encode(requesterMail.Value.DeskName)}</p></body></html>",
                CreatedAt = now,
            });
            tracked.Reason = $"{tracked.Reason} Its sender was told.";
        }

        await db.SaveChangesAsync(ct);
        return tracked;
    }

    private static async Task<InboundMail> SetAsideAsync(BatonDb db, InboundMail row, string reason, CancellationToken ct)
    {
        row.State = InboundMailState.Unprocessable;
        row.Reason = reason.Length > 2000 ? reason[..2000] : reason;
        await db.SaveChangesAsync(ct);
        return row;
    }

    private async Task FileMessageAsync(BatonDb db, InboundMail row, MimeMessage message, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var installationKey = await InstallationKey.GetAsync(db, now, ct);
        var secret = await InstallationKey.ReplySecretAsync(db, now, ct);
        var facts = FactsOf(message.Headers, message.Body?.ContentType, row, installationKey);
        var nature = AutomatedMail.Classify(facts, installationKey);
        row.NoAutomaticReply = AutomatedMail.WantsNoAutomaticReply(facts, nature);
        var content = MailContent.Read(message);

        if (nature == MailNature.OwnMail)
        {
            await FinishAsync(db, row, InboundMailOutcome.OwnMail, null, "Baton's own mail came back; nothing was done with it.", ct);
            return;
        }

        if (nature == MailNature.DeliveryReport)
        {
            await FileBounceAsync(db, row, message, installationKey, ct);
            return;
        }

        if (await CalendarReplyAsync(db, message, row, ct) is { } answered)
        {
            // An attendee's "Accept"/"Decline": it sets their attendance and is no reply to the ticket (it resumes nothing).
            await FinishAsync(db, row, InboundMailOutcome.CalendarReply, answered.RecordKind == Ticket.RecordKind ? answered.RecordId : null, answered.Outcome, ct);
            return;
        }

        var sender = await SenderOf(db, row.FromAddress, ct);
        if (sender is { Contact: null, IsStaff: false } && nature is not (MailNature.AutoReply or MailNature.Automated)
            && await ContactFromMailDomainAsync(db, row, ct))
        {
            sender = await SenderOf(db, row.FromAddress, ct);
        }

        var clues = await CluesOf(db, message, row, sender, installationKey, secret, ct);
        var decision = MailThreading.Decide(clues);
        if (decision.Untrusted is { } untrusted && decision.Why is { } why)
        {
            await NoteAsync(db, untrusted, $"{why} From: {row.FromAddress}. Subject: {row.Subject}", ct);
        }

        if (decision.Ticket is { } number)
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Number == number, ct);
            await FileOnTicketAsync(db, row, message, ticket, decision, nature, sender, content, ct);
            return;
        }

        if (nature == MailNature.AutoReply || (nature == MailNature.Automated && sender.Contact is null))
        {
            // An auto-reply to nothing Baton knows, or machine mail from a stranger: kept, but it opens nothing.
            await FinishAsync(db, row, nature == MailNature.AutoReply ? InboundMailOutcome.AutoReply : InboundMailOutcome.Automated, null,
                "Automatic mail that answers no ticket; kept, nothing done.", ct);
            return;
        }

        if (sender.Contact is not { } contact)
        {
            row.State = InboundMailState.UnknownSender;
            row.Reason = sender.IsStaff
                ? "From a staff address, not a client contact: staff raise tickets in Baton. Accept it for a client to file it."
                : "From an address that is no client's contact. Accept it for a client to create the contact and file the mail.";
            await db.SaveChangesAsync(ct);
            return;
        }

        await OpenTicketAsync(db, row, message, contact, content, null, ct);
    }

    /// <summary>
    /// An unknown person writing from the mail domain of a client that wants it becomes that client's contact, named
    /// as their mail names them. Two mails from them filed at once make one contact (the unique index on client and
    /// address decides). Machine mail makes no contact.
    /// </summary>
    private async Task<bool> ContactFromMailDomainAsync(BatonDb db, InboundMail row, CancellationToken ct)
    {
        var domain = MailDomains.Of(row.FromAddress);
        if (domain.Length == 0)
        {
            return false;
        }

        var candidates = await db.Clients.AsNoTracking()
            .Where(c => c.IsActive && c.CreatesContactsFromMail && c.MailDomains.Contains(domain))
            .Select(c => new { c.Id, c.Name, c.MailDomains }).ToListAsync(ct);
        if (candidates.FirstOrDefault(c => c.MailDomains.Split(' ').Contains(domain)) is not { } client)
        {
            return false;
        }

        var email = row.FromAddress.Trim().ToLowerInvariant();
        var name = string.IsNullOrWhiteSpace(row.FromName) ? email[..email.LastIndexOf('@')] : row.FromName.Trim();
        Contact contact;
        try
        {
            contact = new Contact(client.Id, name.Length > 120 ? name[..120] : name, email, null, null, null);
        }
        catch (Baton.Domain.DomainRuleException)
        {
            return false; // not an address a contact can have: the unknown senders list takes it
        }

        db.Contacts.Add(contact);
        try
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("{Email} became a contact of {Client}: its mail domain {Domain} makes new contacts", email, client.Name, domain);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            db.Entry(contact).State = EntityState.Detached; // made by the filing of another mail from them a moment ago
        }

        return true;
    }

    /// <summary>Files a mail the review list accepted for a client: the contact exists now.</summary>
    public async Task<InboundMail> RefileAsync(BatonDb db, long id, CancellationToken ct)
    {
        await db.InboundMails.Where(m => m.Id == id && m.State != InboundMailState.Filed)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, InboundMailState.Received).SetProperty(m => m.Reason, (string?)null), ct);
        return await FileAsync(db, id, ct);
    }

    /// <summary>The first text/calendar part (inline or attached, as Outlook and Google send them) that answers a meeting Baton sent.</summary>
    private async Task<CalendarReplyFiled?> CalendarReplyAsync(BatonDb db, MimeMessage message, InboundMail row, CancellationToken ct)
    {
        foreach (var part in message.BodyParts.OfType<TextPart>().Where(p => p.ContentType.IsMimeType("text", "calendar") || p.ContentType.IsMimeType("application", "ics")))
        {
            if (await calendarReplies.FileAsync(db, part.Text, row.FromAddress, ct) is { } filed)
            {
                return filed;
            }
        }

        return null;
    }

    // ---- On a ticket -------------------------------------------------------------------------------------

    private async Task FileOnTicketAsync(
        BatonDb db, InboundMail row, MimeMessage message, Ticket ticket, ThreadDecision decision, MailNature nature, Sender sender, MailContent content, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var from = string.IsNullOrWhiteSpace(row.FromName) ? row.FromAddress : $"{row.FromName} <{row.FromAddress}>";
        if (nature is MailNature.AutoReply or MailNature.Automated)
        {
            // Kept where the desk sees it, as a note: it resumes nothing, reopens nothing, and nobody is mailed about it.
            var note = ticket.Status == TicketStatus.Closed ? null
                : ticket.AddMessage(Clip($"Automatic mail from {from} (kept; it changes nothing):\n\n{content.Fresh}"), MessageVisibility.Internal, false, MailChannel.Actor, now);
            await FinishAsync(db, row, nature == MailNature.AutoReply ? InboundMailOutcome.AutoReply : InboundMailOutcome.Automated, ticket.Id, null, ct, note, content, message);
            return;
        }

        if (sender.IsStaff && sender.StaffId is { } staffId)
        {
            var authenticated = MailThreading.AuthenticatedBy(message.Headers.Where(h => h.Id == HeaderId.AuthenticationResults).Select(h => h.Value), options.Value.TrustedAuthServId, row.FromAddress);
            if (MailThreading.TrustsStaffSender(decision, authenticated) && ticket.Status != TicketStatus.Closed)
            {
                var reply = ticket.AddMessage(Clip(content.Fresh), MessageVisibility.Public, false, new Baton.Domain.Actor(staffId, sender.Name), now);
                await FinishAsync(db, row, InboundMailOutcome.Reply, ticket.Id, null, ct, reply, content, message);
                return;
            }

            var flagged = ticket.Status == TicketStatus.Closed ? null : ticket.AddMessage(
                Clip($"⚠ Unverified: a mail from the staff address {from} that did not come through the ticket's reply address, so it is not recorded as {sender.Name}'s reply. Check before trusting it.\n\n{content.Fresh}"),
                MessageVisibility.Internal, false, MailChannel.Actor, now);
            await FinishAsync(db, row, InboundMailOutcome.UnverifiedStaff, ticket.Id, "From a staff address that could not be verified.", ct, flagged, content, message);
            return;
        }

        if (ticket.Status == TicketStatus.Closed)
        {
            // A closed ticket takes no more replies: the mail opens a new one, linked to it.
            var contact = sender.Contact is { } c && c.ClientId == ticket.ClientId
                ? c
                : await db.Contacts.SingleAsync(k => k.Id == ticket.RequesterId, ct);
            await OpenTicketAsync(db, row, message, contact, content, ticket, ct);
            return;
        }

        var actor = sender.Contact is { } known && known.ClientId == ticket.ClientId
            ? new Baton.Domain.Actor(sender.UserId ?? $"contact:{known.Id}", known.Name)
            : new Baton.Domain.Actor($"mail:{row.FromAddress}", string.IsNullOrWhiteSpace(row.FromName) ? row.FromAddress : row.FromName);
        var before = ticket.Status;
        var message2 = ticket.AddMessage(Clip(content.Fresh), MessageVisibility.Public, fromRequester: true, actor, now);
        await AddParticipantAsync(db, ticket, row.FromAddress, row.FromName, sender, now, ct);
        // The assignee hears of the reply (and of a reopening) from the record's events, as of a reply in the portal
        // (Features/Informing/TicketNotices): one path, so a reply is never told twice.
        await FinishAsync(db, row, InboundMailOutcome.Reply, ticket.Id, null, ct, message2, content, message);
    }

    // ---- A new ticket ------------------------------------------------------------------------------------

    private async Task OpenTicketAsync(BatonDb db, InboundMail row, MimeMessage message, Contact requester, MailContent content, Ticket? followsUp, CancellationToken ct)
    {
        await MailChannel.EnsureUserAsync(db, ct);
        var title = string.IsNullOrWhiteSpace(row.Subject) ? "(no subject)" : row.Subject.Trim();
        if (title.Length > Ticket.TitleMaxLength)
        {
            title = title[..Ticket.TitleMaxLength];
        }

        var description = content.Fresh.Length > Ticket.DescriptionMaxLength ? content.Fresh[..Ticket.DescriptionMaxLength] : content.Fresh;
        var teamId = row.MailboxId is { } mailboxId ? await db.Mailboxes.Where(b => b.Id == mailboxId).Select(b => b.DefaultTeamId).SingleOrDefaultAsync(ct) : null;
        row.State = InboundMailState.Received; // saved with the flags first: the acknowledgement reads them (TicketAcknowledgementMail)
        await db.SaveChangesAsync(ct);
        var created = await CreateTicket.ExecuteAsync(db, MailChannel.User,
            new CreateTicketRequest(title, description, ClientId: requester.ClientId, RequesterId: requester.Id, TeamId: teamId),
            IdempotencyKeyOf(row.Id), clock, ct);
        db.ChangeTracker.Clear();
        row = await db.InboundMails.SingleAsync(m => m.Id == row.Id, ct);
        var ticket = await db.Tickets.SingleAsync(t => t.Id == created.TicketId, ct);
        var now = clock.GetUtcNow();
        // The desk's IMAP mailboxes are its own addresses too, like Mail:Inbound:Address: never a participant.
        var mailboxAddresses = await db.Mailboxes.AsNoTracking().Select(m => m.Address).ToListAsync(ct);
        foreach (var (address, name) in Recipients(message).Where(r => !IsOurs(r.Address, mailboxAddresses) && !r.Address.Equals(row.FromAddress, StringComparison.OrdinalIgnoreCase)))
        {
            await AddParticipantAsync(db, ticket, address, name, null, now, ct);
        }

        if (followsUp is not null)
        {
            await TellAssigneeAsync(db, followsUp, $"{ticket.Number} opened from a reply by mail to {followsUp.Number}, which is closed · {ticket.Title}", now, ct);
        }

        await FinishAsync(db, row, followsUp is null ? InboundMailOutcome.NewTicket : InboundMailOutcome.FollowUpTicket, ticket.Id, null, ct, null, content, message);
        if (followsUp is not null)
        {
            try
            {
                await RecordLinksWork.LinkAsync(db, MailChannel.User, LinkableKinds.Tickets, ticket.Number,
                    new LinkRecordRequest(LinkRelation.RelatedTo, followsUp.Number, $"A reply by mail to {followsUp.Number}, which was closed."), clock, ct);
            }
            catch (Baton.Domain.DomainRuleException)
            {
                // linked already (filed again after a crash)
            }
        }
    }

    public static string IdempotencyKeyOf(long inboundMailId) => $"mail:{inboundMailId}";

    /// <summary>Whether the ticket was opened by a mail that gets no automatic answer (automated, asked for none, archive).</summary>
    public static async Task<bool> OpenedQuietlyAsync(BatonDb db, long ticketId, CancellationToken ct) =>
        await OpeningMailIdAsync(db, ticketId, ct) is { } mailId && await db.InboundMails.AnyAsync(m => m.Id == mailId && (m.NoAutomaticReply || m.Archive), ct);

    /// <summary>
    /// The mail that opened the ticket, if one did — found by the ticket's idempotency key, which is committed with
    /// the ticket (the mail row learns its ticket a moment later, after the after-commit jobs may have run).
    /// </summary>
    public static async Task<long?> OpeningMailIdAsync(BatonDb db, long ticketId, CancellationToken ct)
    {
        var key = await db.IdempotencyRecords.Where(r => r.TicketId == ticketId && r.UserId == MailChannel.UserId).Select(r => r.Key).FirstOrDefaultAsync(ct);
        return key is not null && long.TryParse(key.AsSpan("mail:".Length), System.Globalization.CultureInfo.InvariantCulture, out var mailId) ? mailId : null;
    }

    /// <summary>The desk mailbox a ticket's mail came in through (the opening mail's, else a later reply's); null for none.</summary>
    public static async Task<Mailbox?> MailboxOfAsync(BatonDb db, long ticketId, CancellationToken ct)
    {
        var opening = await OpeningMailIdAsync(db, ticketId, ct);
        var mailboxId = await db.InboundMails.AsNoTracking().Where(m => (m.Id == opening || m.TicketId == ticketId) && m.MailboxId != null)
            .OrderBy(m => m.Id).Select(m => m.MailboxId).FirstOrDefaultAsync(ct);
        return mailboxId is null ? null : await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(b => b.Id == mailboxId, ct);
    }

    // ---- Bounces -----------------------------------------------------------------------------------------

    private async Task FileBounceAsync(BatonDb db, InboundMail row, MimeMessage report, string installationKey, CancellationToken ct)
    {
        var bounce = DeliveryReport.Read(report);
        var outboxId = bounce.OriginalMessageIds.Concat(report.References).Append(report.InReplyTo ?? "")
            .Select(id => OwnMessageIds.OutboxIdOf(id, installationKey)).FirstOrDefault(id => id is not null);
        var original = outboxId is { } oid ? await db.OutboxMessages.Where(m => m.Id == oid).Select(m => new { m.TicketId, m.Recipients }).SingleOrDefaultAsync(ct) : null;
        var hard = bounce.Failures.Where(f => f.Permanent).ToList();
        foreach (var failure in hard)
        {
            var contacts = await db.Contacts.Where(c => c.Email == failure.Recipient).ToListAsync(ct);
            foreach (var contact in contacts)
            {
                contact.MarkMailUndeliverable($"Mail to {failure.Recipient} bounced ({failure.Status}): {failure.Diagnostic}".TrimEnd(' ', ':'));
            }
        }

        TicketMessage? note = null;
        if (original?.TicketId is { } ticketId && bounce.Failures.Count > 0)
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == ticketId, ct);
            if (ticket.Status != TicketStatus.Closed)
            {
                var lines = string.Join("\n", bounce.Failures.Select(f => $"- {f.Recipient}: {f.Status} {(f.Permanent ? "(undeliverable; Baton stops mailing this address until it is changed)" : "(temporary)")} {f.Diagnostic}".TrimEnd()));
                note = ticket.AddMessage(Clip($"Mail about this ticket could not be delivered:\n\n{lines}"), MessageVisibility.Internal, false, MailChannel.Actor, clock.GetUtcNow());
            }
        }

        await FinishAsync(db, row, InboundMailOutcome.Bounce, original?.TicketId,
            bounce.Failures.Count == 0 ? "A delivery report that names no failed recipient." : $"Bounce for {string.Join(", ", bounce.Failures.Select(f => $"{f.Recipient} ({f.Status})"))}.", ct, note);
    }

    // ---- Helpers -----------------------------------------------------------------------------------------

    private async Task FinishAsync(
        BatonDb db, InboundMail row, InboundMailOutcome outcome, long? ticketId, string? reason, CancellationToken ct,
        TicketMessage? message = null, MailContent? content = null, MimeMessage? mime = null)
    {
        row.State = InboundMailState.Filed;
        row.Outcome = outcome;
        row.TicketId = ticketId;
        row.Reason = reason;
        row.ProcessedAt = clock.GetUtcNow();
        if (ticketId is { } id && content is not null && mime is not null
            && !await db.Attachments.AnyAsync(a => a.InboundMailId == row.Id, ct))
        {
            await StoreAttachmentsAsync(db, row, id, message?.Visibility == MessageVisibility.Internal, content, ct);
        }

        await db.SaveChangesAsync(ct);
        if (message is not null)
        {
            await db.InboundMails.Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.TicketMessageId, message.Id), ct);
            row.TicketMessageId = message.Id;
        }
    }

    private async Task StoreAttachmentsAsync(BatonDb db, InboundMail row, long ticketId, bool isInternal, MailContent content, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var file in content.Files)
        {
            if (file.Bytes.Length > attachmentOptions.Value.MaxBytes)
            {
                row.Reason = $"{row.Reason} {file.FileName} ({file.Bytes.Length / 1024} KB) is over the attachment limit and was not kept on the ticket; it is in the raw mail.".Trim();
                continue;
            }

            using var stream = new MemoryStream(file.Bytes, writable: false);
            var key = await store.SaveAsync(stream, now, ct);
            db.Attachments.Add(new Attachment
            {
                TicketId = ticketId,
                InboundMailId = row.Id,
                FileName = file.FileName,
                ContentType = file.ContentType,
                Size = file.Bytes.Length,
                StorageKey = key,
                UploadedAt = now,
                UploadedById = MailChannel.UserId,
                UploadedByName = string.IsNullOrWhiteSpace(row.FromName) ? row.FromAddress : row.FromName,
                IsInternal = isInternal,
            });
        }
    }

    private async Task NoteAsync(BatonDb db, string number, string text, CancellationToken ct)
    {
        var ticket = await db.Tickets.SingleOrDefaultAsync(t => t.Number == number, ct);
        if (ticket is null || ticket.Status == TicketStatus.Closed)
        {
            return;
        }

        ticket.AddMessage(Clip(text), MessageVisibility.Internal, false, MailChannel.Actor, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The closed ticket's assignee hears of its follow-up (its team's lead while nobody had it), saved with the mail.</summary>
    private async Task TellAssigneeAsync(BatonDb db, Ticket ticket, string text, DateTimeOffset now, CancellationToken ct)
    {
        var to = ticket.AssigneeId is { Length: > 0 } assignee ? assignee
            : ticket.TeamId is { } teamId ? await db.Teams.Where(t => t.Id == teamId).Select(t => t.LeadUserId).SingleOrDefaultAsync(ct)
            : null;
        if (to is not null)
        {
            await notifications.NotifyAsync(db, [to], ticket.Id, Notification.Fit(text), now, ct); // its own notice: never folded into the replies
        }
    }

    private static async Task AddParticipantAsync(BatonDb db, Ticket ticket, string address, string name, Sender? sender, DateTimeOffset now, CancellationToken ct)
    {
        var email = address.Trim().ToLowerInvariant();
        if (!Baton.Domain.Text.LooksLikeEmail(email) || email.Length > 320)
        {
            return;
        }

        var requesterEmail = await db.Contacts.Where(c => c.Id == ticket.RequesterId).Select(c => c.Email).SingleOrDefaultAsync(ct);
        if (email == requesterEmail || sender?.IsStaff == true
            || await db.TicketParticipants.AnyAsync(p => p.TicketId == ticket.Id && p.Email == email, ct)
            || db.TicketParticipants.Local.Any(p => p.TicketId == ticket.Id && p.Email == email))
        {
            return;
        }

        db.TicketParticipants.Add(new TicketParticipant
        {
            TicketId = ticket.Id,
            Email = email,
            Name = name.Length > 200 ? name[..200] : name,
            AddedAt = now,
            AddedByName = MailChannel.DisplayName,
        });
    }

    private static string Clip(string text) =>
        text.Length <= Ticket.MessageMaxLength ? text : text[..(Ticket.MessageMaxLength - 40)] + "\n\n[cut: the full mail is kept]";

    /// <summary>Who sent the mail: a contact (of an active client), a staff member, or neither.</summary>
    private sealed record Sender(Contact? Contact, string? UserId, bool IsStaff, string? StaffId, string Name, IReadOnlyList<int> ContactClientIds);

    private static async Task<Sender> SenderOf(BatonDb db, string address, CancellationToken ct)
    {
        var email = address.Trim().ToLowerInvariant();
        var contacts = email.Length == 0 ? [] : await db.Contacts
            .Where(c => c.Email == email && db.Clients.Any(k => k.Id == c.ClientId && k.IsActive))
            .OrderBy(c => c.Id).ToListAsync(ct);
        var normalised = email.ToUpperInvariant();
        var user = email.Length == 0 ? null : await db.Users.Where(u => u.NormalizedEmail == normalised && u.Id != MailChannel.UserId)
            .Select(u => new { u.Id, u.DisplayName, u.ClientId, u.ContactId }).FirstOrDefaultAsync(ct);
        var staff = user is not null && user.ClientId is null && user.ContactId is null
            && await db.UserRoles.AnyAsync(r => r.UserId == user.Id && db.Roles.Any(x => x.Id == r.RoleId && (x.Name == Roles.Agent || x.Name == Roles.Manager || x.Name == Roles.Administrator)), ct);
        var contact = contacts.FirstOrDefault();
        var contactUser = contact is null ? null : await db.Users.Where(u => u.ContactId == contact.Id).Select(u => u.Id).FirstOrDefaultAsync(ct);
        return new Sender(contact, contactUser, staff, staff ? user!.Id : null, staff ? user!.DisplayName : contact?.Name ?? address, contacts.Select(c => c.ClientId).ToList());
    }

    private async Task<ThreadClues> CluesOf(BatonDb db, MimeMessage message, InboundMail row, Sender sender, string installationKey, byte[] secret, CancellationToken ct)
    {
        // 1. Baton's own Message-IDs (and the ids of mail already filed on a ticket) in In-Reply-To and References.
        var referenced = message.References.Append(message.InReplyTo ?? "").Where(r => r.Length > 0).Select(r => r.Trim('<', '>').ToLowerInvariant()).Distinct().ToList();
        var outboxIds = referenced.Select(r => OwnMessageIds.OutboxIdOf(r, installationKey)).OfType<long>().ToList();
        var byOwn = outboxIds.Count == 0 ? null : await db.OutboxMessages.Where(m => outboxIds.Contains(m.Id) && m.TicketId != null)
            .OrderByDescending(m => m.Id).Select(m => db.Tickets.Where(t => t.Id == m.TicketId).Select(t => t.Number).FirstOrDefault()).FirstOrDefaultAsync(ct);
        if (byOwn is null && referenced.Count > 0)
        {
            byOwn = await db.InboundMails.Where(m => m.MessageId != null && referenced.Contains(m.MessageId) && m.TicketId != null && m.Id != row.Id)
                .OrderByDescending(m => m.Id).Select(m => db.Tickets.Where(t => t.Id == m.TicketId).Select(t => t.Number).FirstOrDefault()).FirstOrDefaultAsync(ct);
        }

        // 2. The ticket's secret reply address, wherever the mail was addressed.
        var addressed = Recipients(message).Select(r => r.Address)
            .Concat(message.Headers.Where(h => EnvelopeHeaders.Contains(h.Field)).Select(h => h.Value.Trim().Trim('<', '>')))
            .ToList();
        var byAddress = addressed.Select(a => ReplyAddress.TicketOf(a, secret)).FirstOrDefault(n => n is not null);
        var wrongSecret = byAddress is null ? addressed.Select(ReplyAddress.ClaimedTicketOf).FirstOrDefault(n => n is not null) : null;

        // 3. The number in the subject, if the sender may see that ticket.
        var bySubject = SubjectNumber.Find(row.Subject);
        var allowed = false;
        if (bySubject is not null)
        {
            var ticket = await db.Tickets.Where(t => t.Number == bySubject).Select(t => new { t.Id, t.ClientId, t.RequesterId }).SingleOrDefaultAsync(ct);
            if (ticket is null)
            {
                bySubject = null;
            }
            else
            {
                var email = row.FromAddress.ToLowerInvariant();
                // Staff see every ticket; what a staff address may write is decided after (TrustsStaffSender).
                allowed = sender.IsStaff || sender.ContactClientIds.Contains(ticket.ClientId)
                    || await db.TicketParticipants.AnyAsync(p => p.TicketId == ticket.Id && p.Email == email, ct);
            }
        }

        return new ThreadClues(byOwn, byAddress, bySubject, allowed, wrongSecret);
    }

    /// <summary>Where the receiving server says the mail was delivered (a Bcc to the reply address shows only here).</summary>
    private static readonly HashSet<string> EnvelopeHeaders = new(["Delivered-To", "X-Original-To", "Envelope-To"], StringComparer.OrdinalIgnoreCase);

    /// <summary>What the automated-mail rules read, from the headers alone (a mail too large to load is judged by them too).</summary>
    private static MailFacts FactsOf(HeaderList headers, ContentType? type, InboundMail row, string installationKey)
    {
        var returnPath = headers[HeaderId.ReturnPath];
        return new MailFacts(
            name => headers[name],
            returnPath is null ? null : returnPath.Trim().Trim('<', '>').Trim(),
            row.FromAddress,
            row.Subject,
            type?.MimeType ?? "text/plain",
            type?.Parameters["report-type"],
            OwnMessageIds.OutboxIdOf(headers[HeaderId.MessageId], installationKey) is not null);
    }

    private static IEnumerable<(string Address, string Name)> Recipients(MimeMessage message) =>
        message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => (m.Address ?? "", m.Name ?? ""));

    /// <summary>Baton's own addresses (the desk's, its From, any plus address of them), never a ticket's participant.</summary>
    private bool IsOurs(string address, IReadOnlyList<string> mailboxAddresses)
    {
        static string Base(string a)
        {
            var at = a.LastIndexOf('@');
            if (at <= 0)
            {
                return a.ToLowerInvariant();
            }

            var local = a[..at];
            var plus = local.IndexOf('+', StringComparison.Ordinal);
            return ((plus >= 0 ? local[..plus] : local) + a[at..]).ToLowerInvariant();
        }

        var mine = Base(address);
        return mine == Base(options.Value.Address) || mine == Base(smtp.Value.FromAddress ?? "") || mailboxAddresses.Any(m => Base(m) == mine);
    }
}
