using System.Text.RegularExpressions;
using Baton.Domain;
using Baton.Domain.Informing;
using Baton.Domain.Mail;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Templates;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Mail;

/// <summary>A template as listed: the shipped one, or the administrator's version of it (Version 0: as shipped).</summary>
public sealed record MailTemplateView(
    string Key, string Name, string WhenSent, MailAudience Audience, string Subject, string Body, bool Edited, int Version,
    DateTimeOffset? UpdatedAt, string? UpdatedBy, string ShippedSubject, string ShippedBody, IReadOnlyList<MailPlaceholder> Placeholders);

/// <summary>The template filled in on a real ticket, framed as it would be sent, with its plain-text part.</summary>
public sealed record MailPreview(string Subject, string Html, string Text, string? Problem);

/// <summary>
/// Edits the mail templates: list them, save an administrator's version (from the version the editor read), restore
/// the shipped one, and preview any text on a real ticket. A version is saved only if it parses, names only the
/// template's placeholders, and renders on sample values within the engine's limits; a failure on a real record later
/// sends the shipped one (MailTemplating). Page and API call this.
/// </summary>
public static partial class SaveMailTemplate
{
    public static async Task<List<MailTemplateView>> ListAsync(BatonDb db, CancellationToken ct)
    {
        var edited = await db.MailTemplates.AsNoTracking().ToDictionaryAsync(t => t.Key, StringComparer.Ordinal, ct);
        return [.. ShippedMailTemplates.All.Select(s => View(s, edited.GetValueOrDefault(s.Key)))];
    }

    /// <summary>Null when there is no such template.</summary>
    public static async Task<MailTemplateView?> FindAsync(BatonDb db, string key, CancellationToken ct) =>
        ShippedMailTemplates.Find(key) is { } shipped
            ? View(shipped, await db.MailTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Key == key, ct))
            : null;

    /// <summary>Saves the administrator's version; null when there is no such template; a stale version is a <see cref="StaleRecordException"/>.</summary>
    public static async Task<MailTemplateView?> SaveAsync(BatonDb db, string key, int? expectedVersion, string? subject, string? body, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        if (ShippedMailTemplates.Find(key) is not { } shipped)
        {
            return null;
        }

        Validate(shipped, subject, body);
        var row = await db.MailTemplates.SingleOrDefaultAsync(t => t.Key == key, ct);
        var current = row?.Version ?? 0;
        if (expectedVersion is { } expected && expected != current)
        {
            throw new StaleRecordException($"The mail template \"{shipped.Name}\"", expected, current);
        }

        if (row is null)
        {
            db.MailTemplates.Add(row = MailTemplate.Create(shipped, subject!, body!, actor, now));
        }
        else
        {
            row.Edit(subject!, body!, actor, now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueNames.IsViolation(e))
        {
            // Another administrator saved it (or saved the first version) since this one read it.
            var now2 = await db.MailTemplates.AsNoTracking().Where(t => t.Key == key).Select(t => t.Version).SingleOrDefaultAsync(ct);
            throw new StaleRecordException($"The mail template \"{shipped.Name}\"", expectedVersion ?? current, now2);
        }

        return View(shipped, row);
    }

    /// <summary>Back to the shipped template (the administrator's version is deleted; its edits stay on the trail). False when there is no such template.</summary>
    public static async Task<bool> RestoreAsync(BatonDb db, string key, CancellationToken ct)
    {
        if (ShippedMailTemplates.Find(key) is null)
        {
            return false;
        }

        if (await db.MailTemplates.SingleOrDefaultAsync(t => t.Key == key, ct) is { } row)
        {
            db.MailTemplates.Remove(row); // through the change tracker, so the catalogue's version moves and every instance forgets it
            await db.SaveChangesAsync(ct);
        }

        return true;
    }

    /// <summary>
    /// The text (the saved version when <paramref name="subject"/> and <paramref name="body"/> are null) filled in on
    /// the ticket numbered <paramref name="ticketNumber"/>: its own words, its last public reply, its resolution note. A
    /// text that fails shows the problem and what would be sent instead (the shipped template).
    /// </summary>
    public static async Task<MailPreview?> PreviewAsync(BatonDb db, RequesterMail mail, RequesterMailOptions options, string key, string? ticketNumber, string? subject, string? body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (ShippedMailTemplates.Find(key) is not { } shipped)
        {
            return null;
        }

        var number = (ticketNumber ?? "").Trim().ToUpperInvariant();
        var ticket = number.Length == 0 ? null : await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Number == number, ct);
        if (ticket is null)
        {
            throw new InputInvalidException(new Dictionary<string, string[]>
            {
                ["ticketNumber"] = [number.Length == 0 ? "Name a ticket to preview the mail on, e.g. INC-000123." : $"There is no ticket {number}; name one that exists, e.g. INC-000123."],
            });
        }

        var saved = await FindAsync(db, key, ct);
        var model = await ModelOnAsync(db, shipped, ticket, options, ct);
        var (filled, problem) = MailTemplating.TryRender(shipped, subject ?? saved!.Subject, body ?? saved!.Body, model);
        filled ??= MailTemplating.TryRender(shipped, shipped.Subject, shipped.Body, model).Mail!;
        var html = shipped.Audience == MailAudience.Staff
            ? $"<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">{filled.BodyHtml}<p>— {System.Text.Encodings.Web.HtmlEncoder.Default.Encode(options.DeskName)} (an automatic notice; replies to it are not read)</p></body></html>"
            : mail.Frame(ticket, filled.BodyHtml);
        return new MailPreview(filled.Subject, html, HtmlText.ToPlainText(html), problem is null ? null : $"This text fails on {ticket.Number}: {problem}. The shipped template would be sent instead (shown).");
    }

    /// <summary>The model on a real ticket, with what the template's own placeholders need taken from the ticket.</summary>
    private static async Task<MailModel> ModelOnAsync(BatonDb db, ShippedMailTemplate shipped, Ticket ticket, RequesterMailOptions options, CancellationToken ct)
    {
        if (shipped.Audience == MailAudience.Staff)
        {
            var kind = NoticeKinds.Choosable.First(k => ShippedMailTemplates.ForNotice(k) == shipped.Key);
            return MailModel.OfNotice(kind, Notification.Fit($"{ticket.Number} · {NoticeKinds.Describe(kind).ToLowerInvariant()} · {ticket.Title}"), ticket.Number, $"/Tickets/{ticket.Number}", options);
        }

        var model = await MailModel.OfTicketAsync(db, ticket, options, ct);
        var reply = await db.TicketMessages.AsNoTracking()
            .Where(m => m.TicketId == ticket.Id && m.Visibility == MessageVisibility.Public && db.Users.Any(u => u.Id == m.AuthorId && u.ContactId == null))
            .OrderByDescending(m => m.Id).Select(m => new { m.Body, m.AuthorName }).FirstOrDefaultAsync(ct);
        return model
            .Set("reply.body", reply?.Body ?? "(This ticket has no public reply from the desk yet: the reply goes here.)")
            .Set("reply.author", reply?.AuthorName ?? "Dana Ops")
            .Set("resolution.note", ticket.ResolutionNote ?? "(This ticket is not resolved yet: the resolution note goes here.)")
            .Set("notice.text", $"{ticket.Number} · resolved · {ticket.Title}");
    }

    /// <summary>Every problem of the text on its field ("subject", "body"), or nothing.</summary>
    private static void Validate(ShippedMailTemplate shipped, string? subject, string? body)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, text, max) in new[] { ("subject", subject, MailTemplate.SubjectMaxLength), ("body", body, MailTemplate.BodyMaxLength) })
        {
            var value = (text ?? "").Trim();
            if (value.Length == 0 || value.Length > max)
            {
                errors[field] = [$"Write the {field}: 1 to {max} characters."];
            }
            else if (SafeTemplate.Problem(value) is { } problem)
            {
                errors[field] = [problem];
            }
            else if (UnknownPlaceholders(shipped, value) is { Count: > 0 } unknown)
            {
                errors[field] = [$"{string.Join(", ", unknown.Select(u => "{{ " + u + " }}"))} {(unknown.Count == 1 ? "is not a placeholder" : "are not placeholders")} of this mail; use {string.Join(", ", shipped.PlaceholderNames)}."];
            }
        }

        if (errors.Count == 0)
        {
            var (_, problem) = MailTemplating.TryRender(shipped, subject!, body!, Sample(shipped));
            if (problem is not null)
            {
                errors["body"] = [$"The template does not fill in on sample values: {problem}."];
            }
        }

        if (errors.Count > 0)
        {
            throw new InputInvalidException(errors);
        }
    }

    /// <summary>Each "group.name" the text's placeholders and tags read that the template does not offer (Liquid would print nothing for it).</summary>
    private static List<string> UnknownPlaceholders(ShippedMailTemplate shipped, string text)
    {
        var known = shipped.PlaceholderNames.ToHashSet(StringComparer.Ordinal);
        return [.. Liquid().Matches(text)
            .SelectMany(m => Reference().Matches(Quoted().Replace(m.Value, "\"\"")).Select(r => r.Value))
            .Select(v => string.Join('.', v.Split('.').Take(2)))
            .Where(v => !known.Contains(v))
            .Distinct(StringComparer.Ordinal)];
    }

    private static MailModel Sample(ShippedMailTemplate shipped)
    {
        var model = new MailModel();
        foreach (var p in shipped.Placeholders)
        {
            model.Set(p.Name, p.Name == "ticket.number" ? "INC-000123" : $"sample {p.Name}");
        }

        return model;
    }

    private static MailTemplateView View(ShippedMailTemplate s, MailTemplate? t) =>
        new(s.Key, s.Name, s.WhenSent, s.Audience, t?.Subject ?? s.Subject, t?.Body ?? s.Body, t is not null, t?.Version ?? 0, t?.UpdatedAt, t?.UpdatedBy, s.Subject, s.Body, s.Placeholders);

    /// <summary>An output (<c>{{ … }}</c>) or a tag (<c>{% … %}</c>): prose outside them is never read as a placeholder.</summary>
    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Liquid();

    [GeneratedRegex(@"""[^""]*""|'[^']*'", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    /// <summary>A dotted name: "ticket.number", "reply.body.size" (its first two parts are the placeholder).</summary>
    [GeneratedRegex(@"(?<![\w.])[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
