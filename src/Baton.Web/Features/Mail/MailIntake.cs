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

/// <summary>
/// The legacy code pages (KOI8-R, EUC-KR, Big5, ISO-2022-JP, Windows-125x…) that .NET leaves out unless asked: mail
/// is full of them. Registered when the assembly loads, before MimeKit looks a charset up and remembers it missing.
/// </summary>
internal static class MailCharsets
{
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Register() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
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

    /// <summary>Only the header block of a stored mail (none when it has no readable one): enough to judge a mail too large to load.</summary>
    public static async Task<HeaderList> ReadHeadersAsync(Stream raw, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(raw);
        SkipMboxSeparator(raw);
        try
        {
            return await new MimeParser(raw, MimeFormat.Entity).ParseHeadersAsync(ct);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    /// <summary>The headers and, for mail without a Message-ID, the body as sent (not re-encoded), for the hash.</summary>
    private static async Task<(HeaderList Headers, string Body)> ReadForKeyAsync(Stream saved, CancellationToken ct)
    {
        SkipMboxSeparator(saved);
        var origin = saved.Position;
        HeaderList headers;
        long start;
        try
        {
            using var message = new MimeKit.IO.BoundStream(saved, origin, saved.Length, leaveOpen: true); // positions from the message's start
            var parser = new MimeParser(message, MimeFormat.Entity);
            headers = await parser.ParseHeadersAsync(ct);
            start = origin + parser.Position;
        }
        catch (FormatException)
        {
            // No readable header block: kept all the same, keyed on all its bytes; filing says why it cannot be read.
            headers = [];
            start = origin;
        }

        var length = Math.Min(saved.Length - start, 4 * 1024 * 1024); // the first 4 MB tell mails apart
        saved.Position = start;
        var buffer = new byte[length];
        await saved.ReadExactlyAsync(buffer, ct);
        return (headers, Convert.ToHexStringLower(SHA256.HashData(buffer)));
    }

    /// <summary>
    /// Steps over an mbox "From " line in front of the message (procmail, Postfix's pipe with the F flag and mbox
    /// exports add one): it is not a header, and a parser reading it as one fails.
    /// </summary>
    public static void SkipMboxSeparator(Stream stream)
    {
        var start = stream.Position;
        Span<byte> head = stackalloc byte[5];
        if (stream.ReadAtLeast(head, 5, throwOnEndOfStream: false) < 5 || !head.SequenceEqual("From "u8))
        {
            stream.Position = start;
            return;
        }

        int b;
        while ((b = stream.ReadByte()) is not -1 and not '\n')
        {
        }
    }

    /// <summary>The stored mail as MimeKit reads it, after any mbox "From " line.</summary>
    public static async Task<MimeMessage> LoadAsync(Stream stored, CancellationToken ct)
    {
        SkipMboxSeparator(stored);
        return await MimeMessage.LoadAsync(stored, ct);
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

    /// <summary>
    /// The subject as the sender meant it: encoded words decoded; raw 8-bit bytes that are not UTF-8 read in the
    /// message's own charset (what mail clients do with a KOI8-R or EUC-KR subject sent unencoded), and raw
    /// ISO-2022-JP escapes as Japanese.
    /// </summary>
    public static string DecodedSubject(HeaderList headers)
    {
        var index = headers.IndexOf(HeaderId.Subject);
        if (index < 0)
        {
            return "";
        }

        var header = headers[index];
        var raw = header.RawValue;
        var fallback = raw.Contains((byte)0x1B) ? "iso-2022-jp"
            : raw.Any(b => b >= 0x80) && !IsUtf8(raw) && ContentType.TryParse(headers[HeaderId.ContentType] ?? "", out var type) ? type.Charset
            : null;
        if (fallback is { Length: > 0 } && !fallback.StartsWith("utf", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return header.GetValue(Encoding.GetEncoding(fallback)).Trim();
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                // a charset .NET does not know: the default reading below
            }
        }

        return header.Value.Trim();
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    internal static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
