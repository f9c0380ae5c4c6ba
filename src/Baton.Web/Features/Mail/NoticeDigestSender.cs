using System.Text;
using System.Text.Encodings.Web;
using Baton.Domain.Informing;
using Baton.Web.Data;
using Baton.Web.Features.Outbox;
using Baton.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Mail;

/// <summary>Mail:DigestCheckInterval — how often the digest sender looks for digests due (default one minute).</summary>
public sealed class NoticeDigestOptions
{
    public TimeSpan DigestCheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The daily digest: for each person with notices waiting for it (they chose "digest" for the kind), once their local
/// digest time has passed, one mail of their unread waiting notices. A notice read in the app before the digest is left
/// out (they have seen it). Once a day on any number of instances: the person's DigestSentOn is claimed with a
/// conditional UPDATE in the transaction that queues the mail and clears the notices' mark, so the loser of a race
/// updates no row and rolls back.
/// </summary>
public sealed class NoticeDigestSender(RequesterMail mail, IOptions<RequesterMailOptions> options, ILogger<NoticeDigestSender> logger)
{
    public const string Kind = "NoticeDigest";

    /// <summary>People looked at per run; the next run takes the rest.</summary>
    public const int BatchSize = 500;

    /// <summary>Sends the digests due at <paramref name="now"/>; returns how many mails were queued.</summary>
    public async Task<int> RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var waiting = await db.Notifications.AsNoTracking().Where(n => n.DigestPending).Select(n => n.UserId).Distinct().Take(BatchSize).ToListAsync(ct);
        if (waiting.Count == 0)
        {
            return 0;
        }

        var people = await db.Users.AsNoTracking().Where(u => waiting.Contains(u.Id))
            .Select(u => new { u.Id, u.Email, u.TimeZoneId, u.DigestTime, u.DigestSentOn, u.LockoutEnd }).ToListAsync(ct);
        var sent = 0;
        foreach (var person in people)
        {
            if (NoticeDigest.DueOn(person.DigestTime, person.DigestSentOn, UserTime.Zone(person.TimeZoneId), now) is not { } date)
            {
                continue;
            }

            var address = person.LockoutEnd > now || person.Email is null || !Baton.Domain.Text.LooksLikeEmail(person.Email) || person.Id == MailChannel.UserId ? null : person.Email;
            if (await SendAsync(db, person.Id, address, person.TimeZoneId, date, now, ct))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<bool> SendAsync(BatonDb db, string userId, string? address, string timeZoneId, DateOnly date, DateTimeOffset now, CancellationToken ct)
    {
        using var writing = await SqliteWriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var claimed = await db.Users.Where(u => u.Id == userId && (u.DigestSentOn == null || u.DigestSentOn < date))
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.DigestSentOn, date), ct);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return false; // another instance sent today's
            }

            var notices = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId && n.DigestPending)
                .OrderBy(n => n.Id).Take(NoticeDigest.MaxNotices)
                .Select(n => new DigestLine(n.Id, n.Text, n.CreatedAt, n.ReadAt, db.Tickets.Where(t => t.Id == n.TicketId).Select(t => t.Number).FirstOrDefault()))
                .ToListAsync(ct);
            var lastId = notices.Count == 0 ? 0 : notices[^1].Id;
            await db.Notifications.Where(n => n.UserId == userId && n.DigestPending && n.Id <= lastId)
                .ExecuteUpdateAsync(u => u.SetProperty(n => n.DigestPending, false), ct);
            var unread = notices.Where(n => n.ReadAt is null).ToList();
            var queued = unread.Count > 0 && address is not null && mail.Enabled;
            if (queued)
            {
                db.OutboxMessages.Add(new OutboxMessage
                {
                    Key = $"digest:{userId}:{date:yyyy-MM-dd}",
                    Kind = Kind,
                    Recipients = address!,
                    Subject = NoticeDigest.Subject(options.Value.DeskName, date, unread.Count),
                    HtmlBody = Body(unread, timeZoneId),
                    CreatedAt = now,
                });
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
            logger.LogInformation("Digest for {UserId} on {Date}: {Count} unread notice(s), {Outcome}.", userId, date, unread.Count, queued ? "queued" : "nothing to mail");
            return queued;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private sealed record DigestLine(long Id, string Text, DateTimeOffset At, DateTimeOffset? ReadAt, string? Number);

    private string Body(IReadOnlyList<DigestLine> lines, string timeZoneId)
    {
        var e = HtmlEncoder.Default;
        var linkBase = options.Value.LinkBase.TrimEnd('/');
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">");
        html.Append("<p>What happened since your last digest, oldest first:</p><ul>");
        foreach (var line in lines)
        {
            html.Append("<li>").Append(e.Encode(UserTime.Format(line.At, timeZoneId))).Append(" — ").Append(e.Encode(line.Text));
            if (line.Number is not null && linkBase.Length > 0)
            {
                html.Append(" (<a href=\"").Append(e.Encode($"{linkBase}/Tickets/{line.Number}")).Append("\">open ").Append(e.Encode(line.Number)).Append("</a>)");
            }

            html.Append("</li>");
        }

        html.Append("</ul>");
        if (linkBase.Length > 0)
        {
            html.Append("<p><a href=\"").Append(e.Encode(linkBase + "/Account/Profile#notices")).Append("\">Choose what comes by digest</a></p>");
        }

        return html.Append("<p>— ").Append(e.Encode(options.Value.DeskName)).Append(" (an automatic digest; replies to it are not read)</p></body></html>").ToString();
    }
}

/// <summary>Runs <see cref="NoticeDigestSender"/> every <see cref="NoticeDigestOptions.DigestCheckInterval"/> where mail is configured.</summary>
public sealed class NoticeDigestService(
    IServiceScopeFactory scopes, NoticeDigestSender sender, RequesterMail mail, TimeProvider clock, IOptions<NoticeDigestOptions> options, ILogger<NoticeDigestService> logger)
    : RecurringJobService(scopes, clock, logger)
{
    protected override TimeSpan Interval => options.Value.DigestCheckInterval;

    protected override string Description => "Sending daily notice digests";

    protected override bool Enabled => mail.Enabled;

    protected override Task RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct) => sender.RunOnceAsync(db, now, ct);
}
