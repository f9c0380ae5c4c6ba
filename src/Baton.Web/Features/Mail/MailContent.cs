using Baton.Domain.Mail;
using Ganss.Xss;
using MimeKit;
using MimeKit.Utils;

namespace Baton.Web.Features.Mail;

/// <summary>A file that came with a mail: an attachment, an inline image (by cid: or Outlook's bare image part), a forwarded mail.</summary>
public sealed record MailFile(string FileName, string ContentType, byte[] Bytes, string? ContentId);

/// <summary>
/// What an incoming mail says, read once: the plain text (from the HTML when there is none), the new part above the
/// quoted history (<see cref="QuotedReply"/>), and its files. The HTML made safe to show (<see cref="SafeHtmlOf"/>) is
/// not part of it: filing never shows it, and sanitising was a fifth of the CPU of filing an HTML mail (bench mail-gateway).
/// </summary>
public sealed record MailContent(string Text, string Fresh, string Quoted, IReadOnlyList<MailFile> Files)
{
    public const string NoText = "(The mail has no text.)";

    public static MailContent Read(MimeMessage message)
    {
        var html = message.HtmlBody;
        var text = message.TextBody ?? (html is null ? "" : HtmlText.ToPlainText(html));
        var parts = QuotedReply.Split(text);
        var fresh = parts.Fresh.Length == 0 ? NoText : parts.Fresh;
        return new MailContent(text, fresh, parts.Quoted, FilesOf(message));
    }

    private static List<MailFile> FilesOf(MimeMessage message)
    {
        var files = new List<MailFile>();
        var textBody = message.TextBody is null ? null : message.BodyParts.OfType<TextPart>().FirstOrDefault(p => !p.IsAttachment && p.IsPlain);
        var htmlBody = message.HtmlBody is null ? null : message.BodyParts.OfType<TextPart>().FirstOrDefault(p => !p.IsAttachment && p.IsHtml);
        var n = 0;
        foreach (var entity in message.BodyParts)
        {
            n++;
            switch (entity)
            {
                case MessagePart forwarded:
                {
                    using var stream = new MemoryStream();
                    forwarded.Message?.WriteTo(stream);
                    var subject = forwarded.Message?.Subject;
                    files.Add(new MailFile(SafeName(string.IsNullOrWhiteSpace(subject) ? $"forwarded-{n}" : subject) + ".eml", "message/rfc822", stream.ToArray(), null));
                    break;
                }

                case MimePart part when !ReferenceEquals(part, textBody) && !ReferenceEquals(part, htmlBody):
                {
                    // Text parts that are not the body count only when they are attachments; any other part is a file
                    // (Outlook sends inline images with no Content-Disposition at all).
                    if (part is TextPart && !part.IsAttachment)
                    {
                        break;
                    }

                    if (part.Content is null)
                    {
                        break;
                    }

                    using var stream = new MemoryStream();
                    part.Content.DecodeTo(stream);
                    var name = part.FileName is { Length: > 0 } given ? SafeName(given) : $"{(part.ContentType.MediaType == "image" ? "image" : "part")}-{n}.{Extension(part.ContentType)}";
                    files.Add(new MailFile(name, part.ContentType.MimeType.Length > 200 ? "application/octet-stream" : part.ContentType.MimeType, stream.ToArray(), part.ContentId));
                    break;
                }
            }
        }

        return files;
    }

    private static string Extension(ContentType type) => type.MediaSubtype.ToLowerInvariant() switch
    {
        "jpeg" => "jpg",
        "plain" => "txt",
        var s when s.Length is > 0 and <= 8 && s.All(char.IsAsciiLetterOrDigit) => s,
        _ => "bin",
    };

    private static string SafeName(string name)
    {
        var cleaned = new string(Path.GetFileName(name.Replace('\\', '/')).Select(c => char.IsControl(c) || Path.GetInvalidFileNameChars().Contains(c) ? '_' : c).ToArray()).Trim();
        if (cleaned.Length == 0 || cleaned is "." or "..")
        {
            cleaned = "attachment";
        }

        return cleaned.Length > 200 ? cleaned[..200] : cleaned;
    }

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>
    /// A mail's HTML as it may be shown: no script, no event handler, no style, no form, no link but http(s) and mailto,
    /// and no image but the mail's own (cid:) — a remote image is a tracker, so it is dropped and its alt text kept.
    /// </summary>
    public static string SafeHtmlOf(string html) => Sanitizer.Sanitize(html);

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedSchemes.Add("cid");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAttributes.Remove("background");
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        sanitizer.PostProcessNode += (_, e) =>
        {
            switch (e.Node)
            {
                case AngleSharp.Dom.IElement { TagName: "A" } a:
                    a.SetAttribute("rel", "noopener noreferrer nofollow");
                    a.SetAttribute("target", "_blank");
                    break;
                case AngleSharp.Dom.IElement { TagName: "IMG" } img when img.GetAttribute("src") is not { } src || !src.StartsWith("cid:", StringComparison.OrdinalIgnoreCase):
                    img.Parent?.ReplaceChild(img.Owner!.CreateTextNode(img.GetAttribute("alt") is { Length: > 0 } alt ? $"[image: {alt}]" : "[remote image not loaded]"), img);
                    break;
            }
        };
        return sanitizer;
    }
}

/// <summary>One recipient a delivery report says failed: permanent for a 5.x.x status.</summary>
public sealed record DeliveryFailure(string Recipient, string Status, string Diagnostic, bool Permanent);

/// <summary>A delivery-status report (RFC 3464) read: who failed, how, and the Message-ID of the mail it reports on.</summary>
public sealed record DeliveryReport(IReadOnlyList<DeliveryFailure> Failures, IReadOnlyList<string> OriginalMessageIds)
{
    public static DeliveryReport Read(MimeMessage report)
    {
        var failures = new List<DeliveryFailure>();
        var originals = new List<string>();
        foreach (var part in report.BodyParts)
        {
            switch (part)
            {
                case MessageDeliveryStatus status:
                    // The first group is about the message; each following group is one recipient.
                    foreach (var group in status.StatusGroups.Skip(1))
                    {
                        var action = group["Action"]?.Trim().ToLowerInvariant();
                        var code = group["Status"]?.Trim() ?? "";
                        if (action is "delivered" or "relayed" or "expanded")
                        {
                            continue;
                        }

                        var recipient = (group["Final-Recipient"] ?? group["Original-Recipient"] ?? "").Split(';', 2)[^1].Trim().Trim('<', '>').ToLowerInvariant();
                        var diagnostic = (group["Diagnostic-Code"] ?? "").Split(';', 2)[^1].Trim();
                        if (recipient.Length > 0)
                        {
                            failures.Add(new DeliveryFailure(recipient, code, diagnostic.Length > 300 ? diagnostic[..300] : diagnostic, code.StartsWith('5') || (action == "failed" && code.Length == 0)));
                        }
                    }

                    break;
                case MessagePart { Message: { } original }:
                    if (original.MessageId is { } id)
                    {
                        originals.Add(id);
                    }

                    break;
            }
        }

        return new DeliveryReport(failures, originals);
    }
}
