using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Baton.Web.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Tickets;

/// <summary>Stores a file on a ticket: bytes to disk first (flushed), then the row; a failed row removes the file.</summary>
public static class AttachFile
{
    public static async Task<AttachmentResponse?> ExecuteAsync(
        BatonDb db, IAttachmentStore store, IOptions<AttachmentOptions> options, CurrentUser user, string number,
        IFormFile? file, bool isInternal, long? messageId, TimeProvider clock, CancellationToken ct)
    {
        var ticketId = await TicketAccess.FindIdAsync(db, user, number, ct);
        if (ticketId is null)
        {
            return null;
        }

        CheckFile(file, options.Value.MaxBytes);
        if (isInternal && !user.IsStaff)
        {
            throw InputInvalidException.For("internal", "Only the service desk can attach internal files.");
        }

        if (messageId is { } id)
        {
            // A file on a reply shares the reply's audience: a file on an internal note is internal too.
            var visibility = await db.TicketMessages.Where(m => m.Id == id && m.TicketId == ticketId && (user.IsStaff || m.Visibility == MessageVisibility.Public))
                .Select(m => (MessageVisibility?)m.Visibility).SingleOrDefaultAsync(ct)
                ?? throw InputInvalidException.For("messageId", $"There is no reply {id} on {number} that you can attach to.");
            isInternal |= visibility == MessageVisibility.Internal;
        }

        var status = await db.Tickets.Where(t => t.Id == ticketId).Select(t => t.Status).SingleAsync(ct);
        if (status == TicketStatus.Closed)
        {
            throw InputInvalidException.For("file", $"{number} is closed and takes no more attachments.");
        }

        var now = clock.GetUtcNow();
        string key;
        await using (var stream = file.OpenReadStream())
        {
            key = await store.SaveAsync(stream, now, ct);
        }

        var attachment = new Attachment
        {
            TicketId = ticketId.Value,
            MessageId = messageId,
            FileName = SafeFileName(file.FileName),
            ContentType = string.IsNullOrWhiteSpace(file.ContentType) ? "application/octet-stream" : file.ContentType[..Math.Min(file.ContentType.Length, 200)],
            Size = file.Length,
            StorageKey = key,
            UploadedAt = now,
            UploadedById = user.Id,
            UploadedByName = user.DisplayName,
            IsInternal = isInternal,
        };
        try
        {
            db.Attachments.Add(attachment);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            store.Delete(key);
            throw;
        }

        return new AttachmentResponse(attachment.Id, attachment.FileName, attachment.ContentType, attachment.Size, attachment.IsInternal, attachment.MessageId, attachment.UploadedByName, attachment.UploadedAt);
    }

    /// <summary>The checks that need no database, so a page can refuse a bad file before it posts the reply it belongs to.</summary>
    public static void CheckFile([System.Diagnostics.CodeAnalysis.NotNull] IFormFile? file, long maxBytes)
    {
        if (file is null || file.Length == 0)
        {
            throw InputInvalidException.For("file", "Choose a file to attach (it was missing or empty).");
        }

        if (file.Length > maxBytes)
        {
            throw InputInvalidException.For("file", $"'{file.FileName}' is {file.Length:N0} bytes; the limit is {maxBytes:N0} bytes.");
        }
    }

    /// <summary>Finds an attachment the user may download: its ticket is visible to them, and it is not internal for a contact.</summary>
    public static async Task<Attachment?> FindAsync(BatonDb db, CurrentUser user, string number, long attachmentId, CancellationToken ct)
    {
        var ticketId = await TicketAccess.FindIdAsync(db, user, number, ct);
        return ticketId is null
            ? null
            : await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId && a.TicketId == ticketId && (user.IsStaff || !a.IsInternal), ct);
    }

    internal static string SafeFileName(string? name)
    {
        var n = Path.GetFileName((name ?? "").Replace('\\', '/'));
        n = new string(n.Where(c => !char.IsControl(c) && c != '"' && !IsBidiControl(c)).ToArray()).Trim();
        if (n.Length == 0)
        {
            n = "attachment";
        }

        return n.Length <= 255 ? n : n[..255];
    }

    /// <summary>
    /// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the directional marks reorder what a
    /// reader sees: "invoice\u202Efdp.exe" displays as "invoiceexe.pdf". A file name never needs them.
    /// </summary>
    internal static bool IsBidiControl(char c) =>
        c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';
}
