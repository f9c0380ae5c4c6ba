using System.Text.Encodings.Web;
using Baton.Domain.Mail;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Outbox;
using Baton.Web.Features.Shared.Events;
using Baton.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Mail;

/// <summary>Mail — what the requester is sent (README "Mail"). Only when an SMTP server is configured.</summary>
public sealed class RequesterMailOptions
{
    /// <summary>Mail:LinkBase — the desk's public address (https://desk.example.com) for the ticket link; empty gives none.</summary>
    public string LinkBase { get; set; } = "";

    /// <summary>Mail:DeskName — how the desk signs its mail.</summary>
    public string DeskName { get; set; } = "The service desk";
}

/// <summary>
/// The fixed defaults of what a requester hears by mail (until the notifications issue makes them rules): the
/// acknowledgement of a new ticket, every public reply of the desk, and the resolution note. Each is queued in the
/// outbox by an after-commit job (docs/adr/0009), so a crash after the ticket's commit still sends it, and keyed so a
/// job that runs twice queues it once.
/// </summary>
public sealed class RequesterMail(IOptions<SmtpSettings> smtp, IOptions<RequesterMailOptions> options, IOptions<InboundMailOptions> inbound, TimeProvider clock)
    : Shared.IContactMail
{
    /// <summary>An event older than this is not mailed about: an imported or back-dated record, not news to anyone.</summary>
    public static readonly TimeSpan TooOldToMail = TimeSpan.FromDays(1);

    private static readonly AsyncLocal<bool> SuppressedHere = new();

    public const string AcknowledgementKind = "TicketAcknowledgement";
    public const string ReplyKind = "Reply"; // written by a person: not marked automatic (OutgoingMail.WrittenByPeople)

    /// <summary>A public reply an automation rule wrote: marked automatic (Auto-Submitted), so no auto-responder answers it.</summary>
    public const string RuleReplyKind = "RuleReply";
    public const string ResolutionKind = "TicketResolved";

    private readonly RequesterMailOptions _options = options.Value;
    private readonly IOptions<InboundMailOptions> _inbound = inbound;

    public bool Enabled => smtp.Value.Configured;

    /// <summary>
    /// Whether an event of that instant is mailed about: mail is configured, it is recent, and the code raising it is
    /// not inside <see cref="Suppress"/> (the demo desk's requesters are made up).
    /// </summary>
    public bool Mails(DateTimeOffset occurredAt) => Enabled && !SuppressedHere.Value && clock.GetUtcNow() - occurredAt < TooOldToMail;

    /// <summary>No requester mail for what the calling flow does until disposed (decided when each change is saved).</summary>
    public static IDisposable Suppress()
    {
        var before = SuppressedHere.Value;
        SuppressedHere.Value = true;
        return new Restore(before);
    }

    private sealed class Restore(bool before) : IDisposable
    {
        public void Dispose() => SuppressedHere.Value = before;
    }

    public static string Subject(string number, string title) => $"[{number}] {title}";

    /// <summary>
    /// Queues one mail about the ticket to its requester, written by the <paramref name="template"/> filled from the
    /// ticket and whatever <paramref name="fill"/> adds (the reply, the resolution note), unless it is queued already or
    /// there is nobody to send it to.
    /// </summary>
    public async Task QueueAsync(BatonDb db, long ticketId, string key, string kind, string template, Action<MailModel>? fill, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.OutboxMessages.AnyAsync(m => m.Key == key, ct))
        {
            return; // the job ran before and its mail is queued
        }

        var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == ticketId, ct);
        var requester = await db.Contacts.AsNoTracking().Where(c => c.Id == ticket.RequesterId).Select(c => new { c.Email, c.PortalAccessRevoked, c.MailUndeliverable }).SingleOrDefaultAsync(ct);
        var recipients = new List<string>();
        if (requester is { PortalAccessRevoked: false, MailUndeliverable: null } && Baton.Domain.Text.LooksLikeEmail(requester.Email))
        {
            recipients.Add(requester.Email); // not a leaver's address, nor one that bounced for good
        }

        if (kind != AcknowledgementKind)
        {
            // The others on the mail thread hear the desk's replies and the resolution too (not the acknowledgement).
            var participants = await db.TicketParticipants.AsNoTracking().Where(p => p.TicketId == ticketId).OrderBy(p => p.Id).Select(p => p.Email).ToListAsync(ct);
            var undeliverable = await db.Contacts.AsNoTracking().Where(c => participants.Contains(c.Email) && c.MailUndeliverable != null).Select(c => c.Email).ToListAsync(ct);
            recipients.AddRange(participants.Where(p => !undeliverable.Contains(p) && !recipients.Contains(p)));
        }

        if (recipients.Count == 0)
        {
            return; // nobody to send it to
        }

        var model = await MailModel.OfTicketAsync(db, ticket, _options, ct);
        fill?.Invoke(model);
        var mail = await MailTemplating.RenderAsync(db, template, model, ct);
        db.OutboxMessages.Add(await MessageAsync(db, ticket, key, kind, recipients, mail, now, ct));
        await db.SaveChangesAsync(ct);
    }

    public const string ContactNoticeKind = "ContactNotice";

    /// <summary>A mail about the ticket, from the mailbox it came in through (else the default), replies threaded onto it.</summary>
    private async Task<OutboxMessage> MessageAsync(BatonDb db, Ticket ticket, string key, string kind, IReadOnlyList<string> recipients, TemplatedMail mail, DateTimeOffset now, CancellationToken ct)
    {
        var mailbox = await MailFiling.MailboxOfAsync(db, ticket.Id, ct);
        var desk = mailbox?.Address ?? _inbound.Value.Address;
        var subject = mail.Subject;
        return new OutboxMessage
        {
            FromAddress = mailbox?.Address,
            FromName = mailbox?.FromName is { Length: > 0 } name ? name : null,
            Key = key,
            Kind = kind,
            TicketId = ticket.Id,
            Recipients = string.Join(", ", recipients),
            ReplyTo = desk is { Length: > 0 } && Baton.Domain.Text.LooksLikeEmail(desk)
                ? ReplyAddress.For(desk, ticket.Number, await InstallationKey.ReplySecretAsync(db, now, ct))
                : null,
            Subject = subject.Length > 400 ? subject[..400] : subject,
            HtmlBody = Frame(ticket, mail.BodyHtml),
            TemplateNote = mail.FallbackNote,
            CreatedAt = now,
        };
    }

    /// <summary>
    /// Mails a notice to contacts the matrix informs who have no portal account (so no bell): only the ticket's own
    /// client's, never a leaver's or an address that bounced for good, and not again to one mailed of this ticket within
    /// the five-minute grouping window. Keyed per job and contact, so a job run twice mails once.
    /// </summary>
    public async Task InformContactsAsync(BatonDb db, Ticket ticket, IReadOnlyCollection<int> contactIds, string keyPrefix, string text, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        var contacts = await db.Contacts.AsNoTracking()
            .Where(c => contactIds.Contains(c.Id) && c.ClientId == ticket.ClientId && !c.PortalAccessRevoked && c.MailUndeliverable == null)
            .Select(c => new { c.Id, c.Email }).ToListAsync(ct);
        var since = now - Baton.Domain.Informing.NoticeKinds.GroupWindow;
        TemplatedMail? mail = null;
        foreach (var contact in contacts.Where(c => Baton.Domain.Text.LooksLikeEmail(c.Email)))
        {
            var key = $"{keyPrefix}:contact:{contact.Id}";
            if (await db.OutboxMessages.AnyAsync(m => m.Key == key
                    || (m.TicketId == ticket.Id && m.Kind == ContactNoticeKind && m.Recipients == contact.Email && m.CreatedAt >= since), ct))
            {
                continue;
            }

            mail ??= await MailTemplating.RenderAsync(db, ShippedMailTemplates.ContactNotice, (await MailModel.OfTicketAsync(db, ticket, _options, ct)).Set("notice.text", text), ct);
            db.OutboxMessages.Add(await MessageAsync(db, ticket, key, ContactNoticeKind, [contact.Email], mail, now, ct));
        }
    }

    /// <summary>The mail's frame: the reply marker, the words, then where to follow the ticket, signed by the desk.</summary>
    public string Frame(Ticket ticket, string bodyHtml)
    {
        var e = HtmlEncoder.Default;
        var link = _options.LinkBase is { Length: > 0 } linkBase
            ? $"<p>Follow {e.Encode(ticket.Number)} at <a href=\"{e.Encode($"{linkBase.TrimEnd('/')}/Tickets/{ticket.Number}")}\">{e.Encode($"{linkBase.TrimEnd('/')}/Tickets/{ticket.Number}")}</a>, or reply to this e-mail.</p>"
            : $"<p>Reply to this e-mail about {e.Encode(ticket.Number)}.</p>";
        // The marker first: whatever a reply puts above it is the new part (QuotedReply), whatever quoting the client does.
        return "<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">" +
            $"<p style=\"color:#6b7280;font-size:12px\">{e.Encode(QuotedReply.ReplyAboveThisLine)}</p>" +
            $"{bodyHtml}{link}<p>— {e.Encode(_options.DeskName)}</p></body></html>";
    }
}

/// <summary>"We have your request": the number, what it is about, and where to follow it.</summary>
public sealed class TicketAcknowledgementMail(RequesterMail mail) : IAfterCommitHandler<TicketOpened>
{
    public string Name => "mail-acknowledgement";

    public ValueTask<bool> ConcernsAsync(TicketOpened e, BatonDb db, CancellationToken ct) => ValueTask.FromResult(mail.Mails(e.OccurredAt));

    public async Task HandleAsync(TicketOpened e, AfterCommit context, CancellationToken ct)
    {
        if (await MailFiling.OpenedQuietlyAsync(context.Db, context.RecordId, ct))
        {
            return; // opened by a mail that must not be answered automatically, or imported as archive
        }

        await mail.QueueAsync(context.Db, context.RecordId, $"ticket-acknowledgement:{context.RecordId}", RequesterMail.AcknowledgementKind,
            ShippedMailTemplates.Acknowledgement, fill: null, e.OccurredAt, ct);
    }
}

/// <summary>A public reply of the desk, as its author wrote it.</summary>
public sealed class DeskReplyMail(RequesterMail mail) : IAfterCommitHandler<MessagePosted>
{
    public string Name => "mail-desk-reply";

    public ValueTask<bool> ConcernsAsync(MessagePosted e, BatonDb db, CancellationToken ct) =>
        ValueTask.FromResult(mail.Mails(e.OccurredAt) && e.Visibility == MessageVisibility.Public && e.Author == MessageAuthor.Desk);

    public async Task HandleAsync(MessagePosted e, AfterCommit context, CancellationToken ct)
    {
        // The event names its ticket and instant; the message is the desk's public one written then.
        var replies = await context.Db.TicketMessages.AsNoTracking()
            .Where(m => m.TicketId == context.RecordId && m.At == e.OccurredAt && m.Visibility == MessageVisibility.Public && m.AuthorId == e.Actor.UserId)
            .OrderBy(m => m.Id).ToListAsync(ct);
        foreach (var reply in replies)
        {
            await mail.QueueAsync(context.Db, context.RecordId, $"ticket-reply:{reply.Id}", e.Actor.RuleChain is null ? RequesterMail.ReplyKind : RequesterMail.RuleReplyKind,
                ShippedMailTemplates.DeskReply, m => m.Set("reply.body", reply.Body).Set("reply.author", reply.AuthorName), e.OccurredAt, ct);
        }
    }
}

/// <summary>The resolution note, and how to say it is not fixed.</summary>
public sealed class ResolutionMail(RequesterMail mail) : IAfterCommitHandler<TicketResolved>
{
    public string Name => "mail-resolution";

    public ValueTask<bool> ConcernsAsync(TicketResolved e, BatonDb db, CancellationToken ct) => ValueTask.FromResult(mail.Mails(e.OccurredAt));

    public Task HandleAsync(TicketResolved e, AfterCommit context, CancellationToken ct) =>
        mail.QueueAsync(context.Db, context.RecordId, $"ticket-resolution:{context.JobId}", RequesterMail.ResolutionKind,
            ShippedMailTemplates.Resolution, m => m.Set("resolution.note", e.ResolutionNote), e.OccurredAt, ct);
}

public static class MailServices
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpSettings>().Bind(configuration.GetSection("Mail:Smtp")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpSettings>, SmtpSettings.Validator>();
        services.AddOptions<RequesterMailOptions>().Bind(configuration.GetSection("Mail"));
        if (!string.IsNullOrWhiteSpace(configuration["Mail:Smtp:Host"]))
        {
            services.AddSingleton<Outbox.IOutboxSender, SmtpOutboxSender>();
        }

        services.AddSingleton<RequesterMail>();
        services.AddSingleton<Shared.IContactMail>(sp => sp.GetRequiredService<RequesterMail>());
        services.AddOptions<InboundMailOptions>().Bind(configuration.GetSection("Mail:Inbound"));
        services.AddScoped<MailFiling>();
        services.AddHostedService<InboundMailSweep>();
        services.AddOptions<ImapOptions>().Bind(configuration.GetSection("Mail:Imap"))
            .Validate(o => o.PollInterval >= TimeSpan.FromSeconds(5), "Mail:Imap:PollInterval must be at least 00:00:05.")
            .Validate(o => o.Timeout > TimeSpan.Zero, "Mail:Imap:Timeout must be a positive time span, e.g. 00:01:00.")
            .ValidateOnStart();
        services.AddSingleton<MailboxPasswords>();
        services.AddScoped<ImapPoller>();
        services.AddHostedService<ImapPollingService>();
        services.AddOptions<NoticeDigestOptions>().Bind(configuration.GetSection("Mail"))
            .Validate(o => o.DigestCheckInterval > TimeSpan.Zero, "Mail:DigestCheckInterval must be a positive time span, e.g. 00:01:00.")
            .ValidateOnStart();
        services.AddSingleton<NoticeDigestSender>();
        services.AddHostedService<NoticeDigestService>();
        services.AddAfterCommitHandler<TicketOpened, TicketAcknowledgementMail>();
        services.AddAfterCommitHandler<MessagePosted, DeskReplyMail>();
        services.AddAfterCommitHandler<TicketResolved, ResolutionMail>();
        return services;
    }
}
