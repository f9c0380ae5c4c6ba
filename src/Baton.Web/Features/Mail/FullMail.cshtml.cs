using AngleSharp.Html.Parser;
using Baton.Web.Data;
using Baton.Web.Features.Tickets;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Files;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Baton.Web.Features.Mail;

/// <summary>
/// A mail on a ticket as it was sent, one click from the timeline: its headers, all its text with the quoted history,
/// its files, and its HTML — sanitised (<see cref="MailContent.SafeHtmlOf"/>), its own inline images embedded, and
/// shown in a sandboxed frame whose content-security policy forbids every script and every fetch. Whoever may see the
/// ticket may see its mail, except that a client's people see only mail that became a public reply or opened it.
/// </summary>
public sealed class FullMailModel(BatonDb db, IAttachmentStore store) : PageModel
{
    /// <summary>An inline image larger than this is left as a file on the ticket rather than embedded.</summary>
    public const int EmbeddedImageMaxBytes = 5 * 1024 * 1024;

    private static readonly HashSet<string> EmbeddableImages = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp",
    };

    public string Number { get; private set; } = "";
    public InboundMail Mail { get; private set; } = null!;
    public MimeMessage Message { get; private set; } = null!;
    public string Text { get; private set; } = "";
    public bool HasHtml { get; private set; }
    public IReadOnlyList<MailFile> Files { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string number, long id, CancellationToken ct)
    {
        if (!await LoadAsync(number, id, ct))
        {
            return NotFound();
        }

        var content = MailContent.Read(Message);
        Text = content.Text;
        HasHtml = Message.HtmlBody is not null;
        Files = content.Files;
        return Page();
    }

    /// <summary>The HTML part alone, for the sandboxed frame.</summary>
    public async Task<IActionResult> OnGetBodyAsync(string number, long id, CancellationToken ct)
    {
        if (!await LoadAsync(number, id, ct))
        {
            return NotFound();
        }

        if (Message.HtmlBody is not { } unsafeHtml)
        {
            return NotFound();
        }

        var content = MailContent.Read(Message);
        var html = MailContent.SafeHtmlOf(unsafeHtml); // sanitised only where it is shown

        Infrastructure.Http.MailPreview.Protect(Response, framed: true); // images only as the data embedded below
        return Content(WithInlineImages(html, content.Files), "text/html; charset=utf-8");
    }

    /// <summary>Each cid: image of the mail's own as data, so the frame fetches nothing; any other image is gone already.</summary>
    public static string WithInlineImages(string safeHtml, IReadOnlyList<MailFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var document = new HtmlParser().ParseDocument($"<body>{safeHtml}</body>");
        foreach (var img in document.QuerySelectorAll("img").ToList())
        {
            var src = img.GetAttribute("src") ?? "";
            var cid = src.StartsWith("cid:", StringComparison.OrdinalIgnoreCase) ? Uri.UnescapeDataString(src[4..]).Trim('<', '>') : null;
            var file = cid is null ? null : files.FirstOrDefault(f => f.ContentId is { } id && id.Trim('<', '>').Equals(cid, StringComparison.OrdinalIgnoreCase));
            if (file is not null && EmbeddableImages.Contains(file.ContentType) && file.Bytes.Length <= EmbeddedImageMaxBytes)
            {
                img.SetAttribute("src", $"data:{file.ContentType};base64,{Convert.ToBase64String(file.Bytes)}");
            }
            else
            {
                img.Parent?.ReplaceChild(document.CreateTextNode($"[image: {img.GetAttribute("alt") ?? file?.FileName ?? "not in the mail"}]"), img);
            }
        }

        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"font-family:sans-serif\">" + document.Body!.InnerHtml + "</body></html>";
    }

    private async Task<bool> LoadAsync(string number, long id, CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        if (await TicketView.GetAsync(db, me, number, ct) is not { } ticket)
        {
            return false;
        }

        var mail = await db.InboundMails.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && m.TicketId == ticket.Id, ct);
        if (mail is null)
        {
            return false;
        }

        if (!me.IsStaff)
        {
            var opened = await MailFiling.OpeningMailIdAsync(db, ticket.Id, ct) == mail.Id;
            var publicReply = mail.TicketMessageId is { } messageId
                && await db.TicketMessages.AnyAsync(m => m.Id == messageId && m.Visibility == Baton.Domain.Tickets.MessageVisibility.Public, ct);
            if (!opened && !publicReply)
            {
                return false; // a note the desk kept (an auto-reply, a flagged mail): the desk's, not the client's
            }
        }

        await using var raw = store.OpenRead(mail.StorageKey);
        Message = await MailIntake.LoadAsync(raw, ct);
        Mail = mail;
        Number = ticket.Number;
        return true;
    }

    public static string Addresses(InternetAddressList list) => string.Join(", ", (list ?? []).Mailboxes.Select(m => string.IsNullOrWhiteSpace(m.Name) ? m.Address : $"{m.Name} <{m.Address}>"));

    public static string Size(int bytes) => bytes < 1024 ? $"{bytes} B" : bytes < 1024 * 1024 ? $"{bytes / 1024} KB" : $"{bytes / (1024.0 * 1024):0.#} MB";
}
