using System.Security.Cryptography;
using System.Text;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using MimeKit.Utils;

namespace Baton.Web.Features.Mail;

/// <summary>Mail:Inbound — how mail comes in (README "Mail").</summary>
public sealed class InboundMailOptions
{
    /// <summary>Mail:Inbound:MaxBytes — a larger mail is kept raw in "could not be processed" and its sender told. Default 25 MB.</summary>
    public long MaxBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Mail:Inbound:GatewayToken — the secret an MTA sends to POST /api/v1/mail/inbound; empty turns the gateway off.</summary>
    public string GatewayToken { get; set; } = "";

    /// <summary>
    /// Mail:Inbound:TrustedAuthServId — the authserv-id of the receiving mail server whose Authentication-Results
    /// header is believed (DKIM/SPF pass lets a staff address write as that person). Empty trusts none.
    /// </summary>
    public string TrustedAuthServId { get; set; } = "";

    /// <summary>Mail:Inbound:Address — the desk's own address mail is sent to; Reply-To plus addresses are made from it.</summary>
    public string Address { get; set; } = "";
}

/// <summary>Where an accepted mail stands, as the gateway answers it.</summary>
public sealed record AcceptedMail(long Id, bool Duplicate);

/// <summary>
/// Takes a raw message in, whichever way it came (the gateway, an IMAP mailbox): its bytes go to disk first (flushed),
/// then one row keyed so that the same mail delivered again finds the first (README "Mail": nothing lost, nothing doubled).
/// Filing it on a ticket is <see cref="MailFiling"/>'s job, after this.
/// </summary>
public static class MailIntake
{
    public static async Task<AcceptedMail> AcceptAsync(
        BatonDb db, IAttachmentStore store, Stream raw, string source, int? mailboxId, bool archive, long maxBytes, DateTimeOffset now, CancellationToken ct)
    {
        var key = await store.SaveAsync(raw, now, ct);
        long size;
        HeaderList headers;
        string body;
        await using (var saved = store.OpenRead(key))
        {
            size = saved.Length;
            (headers, body) = await ReadForKeyAsync(saved, ct);
        }

        var messageId = NormalisedMessageId(headers[HeaderId.MessageId]);
        var dedupKey = DedupKeyOf(messageId, headers, body);
        var existing = await db.InboundMails.Where(m => m.DedupKey == dedupKey).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
        if (existing is { } earlier)
        {
            await CountRedeliveryAsync(db, store, key, earlier, ct);
            return new AcceptedMail(earlier, true);
        }

        var from = FirstAddress(headers[HeaderId.From]) ?? FirstAddress(headers[HeaderId.Sender]);
        var row = new InboundMail
        {
            DedupKey = dedupKey,
            MessageId = messageId is { Length: <= 300 } ? messageId : null,
            Source = source.Length > 330 ? source[..330] : source,
            MailboxId = mailboxId,
            StorageKey = key,
            Size = size,
            ReceivedAt = now,
            Archive = archive,
            FromAddress = Clip(from?.Address ?? "", 320),
            FromName = Clip(from?.Name ?? "", 200),
            Subject = Clip(DecodedSubject(headers), 400),
            State = size > maxBytes ? InboundMailState.Unprocessable : InboundMailState.Received,
            Reason = size > maxBytes ? $"The mail is {Megabytes(size)}, more than the {Megabytes(maxBytes)} Baton accepts (Mail:Inbound:MaxBytes)." : null,
        };
        db.InboundMails.Add(row);
        try
        {
            using (await SqliteWriteGate.EnterAsync(db, ct))
            {
                await db.SaveChangesAsync(ct);
            }
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            // The same mail, accepted a moment ago by another request, mailbox or instance.
            db.ChangeTracker.Clear();
            var winner = await db.InboundMails.Where(m => m.DedupKey == dedupKey).Select(m => m.Id).SingleAsync(ct);
            await CountRedeliveryAsync(db, store, key, winner, ct);
            return new AcceptedMail(winner, true);
        }

        return new AcceptedMail(row.Id, false);
    }

    private static async Task CountRedeliveryAsync(BatonDb db, IAttachmentStore store, string key, long id, CancellationToken ct)
    {
        store.Delete(key); // the first delivery's copy is the one kept
        await db.InboundMails.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Deliveries, m => m.Deliveries + 1), ct);
    }

    /// <summary>The headers and, for mail without a Message-ID, the body as sent (not re-encoded), for the hash.</summary>
    private static async Task<(HeaderList Headers, string Body)> ReadForKeyAsync(Stream saved, CancellationToken ct)
    {
        var parser = new MimeParser(saved, MimeFormat.Entity);
        var headers = await parser.ParseHeadersAsync(ct);
        var start = parser.Position;
        var length = Math.Min(saved.Length - start, 4 * 1024 * 1024); // the first 4 MB tell mails apart
        saved.Position = start;
        var buffer = new byte[length];
        await saved.ReadExactlyAsync(buffer, ct);
        return (headers, Convert.ToHexStringLower(SHA256.HashData(buffer)));
    }

    /// <summary>
    /// The Message-ID if the mail has one; otherwise a hash of what stays the same between deliveries of one mail
    /// (From, Date, Subject and the body), not of the Received or Delivered-To headers that each hop adds.
    /// </summary>
    public static string DedupKeyOf(string? messageId, HeaderList headers, string bodyHash)
    {
        if (messageId is { Length: > 0 })
        {
            return messageId.Length <= 190 ? $"mid:{messageId}" : $"mid#{Hash(messageId)}";
        }

        var subset = string.Join('\n', headers[HeaderId.From] ?? "", headers[HeaderId.Date] ?? "", headers[HeaderId.Subject] ?? "", bodyHash);
        return $"hash:{Hash(subset)}";
    }

    public static string? NormalisedMessageId(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var id = MimeUtils.EnumerateReferences(header).FirstOrDefault() ?? header.Trim().Trim('<', '>');
        return id.Length == 0 ? null : id.ToLowerInvariant();
    }

    private static MailboxAddress? FirstAddress(string? header) =>
        header is not null && InternetAddressList.TryParse(header, out var list) ? list.Mailboxes.FirstOrDefault() : null;

    private static string DecodedSubject(HeaderList headers)
    {
        var index = headers.IndexOf(HeaderId.Subject);
        return index < 0 ? "" : headers[index].Value.Trim();
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
