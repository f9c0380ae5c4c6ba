using System.Text.Encodings.Web;
using Baton.Domain.Informing;
using Baton.Domain.Mail;
using Baton.Web.Data;
using Baton.Web.Features.Outbox;
using Baton.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Mail;

/// <summary>
/// Staff notices (SLA at risk and breached, hypercare, close-out decisions, a requester's reply by mail) in-app and,
/// when an SMTP server is configured, by mail to each person's address too. The mail is queued in the outbox in the
/// caller's transaction, so it leaves only if the notice's cause commits. Locked accounts and the mail channel's own
/// account get the in-app notice only. Each person's choice per kind (NotificationPreferences) decides: mail and in-app, in-app only (or in-app and the
/// daily digest, see NoticeDigestSender), or nothing.
/// </summary>
public sealed class MailedNotifications(Notifications.InAppNotifications inApp, RequesterMail mail, IOptions<RequesterMailOptions> options) : INotificationChannel
{
    public const string Kind = "StaffNotice";

    public async Task NotifyAsync(BatonDb db, IReadOnlyCollection<string> userIds, Notice notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(notice);
        var ids = userIds.Distinct().ToList();
        var chosen = notice.Kind == NoticeKind.General || ids.Count == 0 ? []
            : await db.NotificationPreferences.AsNoTracking().Where(p => ids.Contains(p.UserId) && p.Kind == notice.Kind)
                .ToDictionaryAsync(p => p.UserId, p => p.Delivery, ct);
        NoticeDelivery Delivery(string id) => NoticeKinds.Effective(notice.Kind, chosen.TryGetValue(id, out var d) ? d : null);
        var told = ids.Where(id => Delivery(id) != NoticeDelivery.Off).ToList();
        // Digest mail goes only where mail would: with no SMTP server the digest would wait for ever.
        var digested = mail.Mails(notice.At) ? told.Where(id => Delivery(id) == NoticeDelivery.Digest).ToList() : [];
        var added = await inApp.AddAsync(db, told, notice, ct, digested);

        // A notice folded into one still unread is not mailed again: its first mail already said it.
        var toMail = added.Where(id => Delivery(id) == NoticeDelivery.MailAndInApp).ToList();
        if (!mail.Mails(notice.At) || toMail.Count == 0)
        {
            return;
        }

        var now = notice.At;
        var people = await db.Users.AsNoTracking()
            .Where(u => toMail.Contains(u.Id) && u.Id != MailChannel.UserId && u.Email != null && (u.LockoutEnd == null || u.LockoutEnd < now))
            .OrderBy(u => u.Id).Select(u => u.Email!).ToListAsync(ct);
        var number = notice.Number ?? (notice.TicketId is { } id ? await db.Tickets.AsNoTracking().Where(t => t.Id == id).Select(t => t.Number).SingleOrDefaultAsync(ct) : null);
        var project = number is null && notice.ProjectId is { } projectId
            ? await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => p.Number).SingleOrDefaultAsync(ct) : null;
        var path = number is not null ? $"/Tickets/{number}" : project is not null ? $"/Projects/{project}" : null;
        var key = ShippedMailTemplates.ForNotice(notice.Kind);
        var written = ShippedMailTemplates.Find(key) is null
            ? new TemplatedMail(notice.Text, $"<p>{HtmlEncoder.Default.Encode(notice.Text)}</p>") // a general notice: its words are the mail
            : await MailTemplating.RenderAsync(db, key, MailModel.OfNotice(notice.Kind, notice.Text, number ?? project, path, options.Value), ct);
        var html = Body(written.BodyHtml, path, number ?? project, notice.Actions);
        foreach (var email in people.Where(Baton.Domain.Text.LooksLikeEmail).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                // Unique per notice and person; a notice is queued once, in its cause's transaction.
                Key = $"notice:{Guid.NewGuid():N}",
                Kind = Kind,
                Recipients = email,
                Subject = written.Subject.Length > 400 ? written.Subject[..400] : written.Subject,
                HtmlBody = html,
                TemplateNote = written.FallbackNote,
                CreatedAt = now,
                // Not the ticket's own mail: a busy ticket's notices must not use up its hourly brake for the requester.
                TicketId = null,
            });
        }
    }

    /// <summary>The notice's words (its template's HTML) and a link to its record (<paramref name="path"/>, named <paramref name="name"/>), else to the notifications page.</summary>
    private string Body(string bodyHtml, string? path, string? name, IReadOnlyList<NoticeAction> actions)
    {
        var e = HtmlEncoder.Default;
        var linkBase = options.Value.LinkBase.TrimEnd('/');
        var link = linkBase.Length == 0 ? ""
            : path is null ? $"<p><a href=\"{e.Encode(linkBase + "/Notifications")}\">Your notifications</a></p>"
            : $"<p><a href=\"{e.Encode(linkBase + path)}\">Open {e.Encode(name ?? path)}</a></p>";
        if (linkBase.Length > 0 && path is not null && actions.Count > 0)
        {
            link += $"<p>{string.Join(" · ", actions.Select(a => $"<a href=\"{e.Encode($"{linkBase}{path}#{a.Anchor}")}\">{e.Encode(a.Text)}</a>"))}</p>";
        }

        return $"<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">{bodyHtml}{link}" +
            $"<p>— {e.Encode(options.Value.DeskName)} (an automatic notice; replies to it are not read)</p></body></html>";
    }
}
