using System.Text;
using Baton.Domain.Mail;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Caching;
using Baton.Web.Features.Shared.Templates;
using Baton.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Mail;

/// <summary>The values a template is filled from: groups of named strings ("ticket" → "number" → "INC-000123"), nothing else.</summary>
public sealed class MailModel
{
    private readonly Dictionary<string, Dictionary<string, string?>> _groups = new(StringComparer.Ordinal);

    /// <summary>Sets "group.name" (e.g. "reply.body").</summary>
    public MailModel Set(string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var group = name[..dot];
        if (!_groups.TryGetValue(group, out var values))
        {
            _groups[group] = values = new Dictionary<string, string?>(StringComparer.Ordinal);
        }

        values[name[(dot + 1)..]] = value;
        return this;
    }

    public string? Get(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return _groups.TryGetValue(name[..dot], out var values) && values.TryGetValue(name[(dot + 1)..], out var v) ? v : null;
    }

    /// <summary>The model as the template engine reads it, each value passed through <paramref name="escape"/> unless it is Markdown already.</summary>
    internal IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> For(ShippedMailTemplate template, Func<string, string> escape)
    {
        var markdown = template.Placeholders.Where(p => p.IsMarkdown).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return _groups.ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, string?>)g.Value.ToDictionary(v => v.Key, v => v.Value is null || markdown.Contains($"{g.Key}.{v.Key}") ? v.Value : escape(v.Value)),
            StringComparer.Ordinal);
    }

    /// <summary>The ticket's own words, for any mail about it.</summary>
    public static async Task<MailModel> OfTicketAsync(BatonDb db, Ticket ticket, RequesterMailOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(options);
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == ticket.ClientId).Select(c => c.Name).SingleOrDefaultAsync(ct);
        var assignee = ticket.AssigneeId is { } id ? await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) : null;
        var team = ticket.TeamId is { } teamId ? await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.Name).SingleOrDefaultAsync(ct) : null;
        return new MailModel()
            .Set("ticket.number", ticket.Number)
            .Set("ticket.title", ticket.Title)
            .Set("ticket.priority", ticket.Priority.ToString())
            .Set("ticket.status", Ticket.Describe(ticket.Status))
            .Set("ticket.kind", ticket.Kind == TicketKind.Incident ? "incident" : "service request")
            .Set("ticket.link", LinkTo(options, $"/Tickets/{ticket.Number}"))
            .Set("requester.name", ticket.RequesterName)
            .Set("client.name", client)
            .Set("assignee.name", assignee)
            .Set("team.name", team)
            .Set("desk.name", options.DeskName);
    }

    /// <summary>A staff notice's words and the record it is about.</summary>
    public static MailModel OfNotice(Baton.Domain.Informing.NoticeKind kind, string text, string? recordNumber, string? recordPath, RequesterMailOptions options) =>
        new MailModel()
            .Set("notice.text", text)
            .Set("notice.what", Baton.Domain.Informing.NoticeKinds.Describe(kind))
            .Set("record.number", recordNumber)
            .Set("record.link", recordPath is null ? "" : LinkTo(options, recordPath))
            .Set("desk.name", options.DeskName);

    private static string LinkTo(RequesterMailOptions options, string path) =>
        options.LinkBase is { Length: > 0 } linkBase ? linkBase.TrimEnd('/') + path : "";
}

/// <summary>A template filled in: the subject, the message's HTML (without the frame), and why the shipped one was used, if it was.</summary>
public sealed record TemplatedMail(string Subject, string BodyHtml, string? FallbackNote = null);

/// <summary>
/// Fills in the mail templates (Domain <see cref="ShippedMailTemplates"/>): the administrator's version when there is
/// one, from the catalogue cache, else the shipped one. A version that fails on its record (too many steps, an empty
/// result) is not sent: the shipped template is, and the mail carries a note that says so (the Outbox page shows it).
/// Placeholders are filled by <see cref="SafeTemplate"/>, which can read only the model and call nothing; values are
/// Markdown-escaped before the Markdown becomes HTML, so a ticket's title cannot add a link or formatting.
/// </summary>
public static class MailTemplating
{
    /// <summary>The administrator's versions by key, from the catalogue cache (one read per edit of them, per instance).</summary>
    public static Task<IReadOnlyDictionary<string, (string Subject, string Body)>> EditedAsync(BatonDb db, CancellationToken ct) =>
        CatalogueCache.Of(db).GetAsync<IReadOnlyDictionary<string, (string Subject, string Body)>>(db, CatalogueTags.MailTemplates, async c =>
            (await db.MailTemplates.AsNoTracking().Select(t => new { t.Key, t.Subject, t.Body }).ToListAsync(c))
                .ToDictionary(t => t.Key, t => (t.Subject, t.Body), StringComparer.Ordinal), ct);

    public static async Task<TemplatedMail> RenderAsync(BatonDb db, string key, MailModel model, CancellationToken ct)
    {
        var shipped = ShippedMailTemplates.Find(key) ?? throw new ArgumentException($"No mail template \"{key}\".", nameof(key));
        string? note = null;
        if ((await EditedAsync(db, ct)).TryGetValue(key, out var edited))
        {
            var (mail, problem) = TryRender(shipped, edited.Subject, edited.Body, model);
            if (mail is not null)
            {
                return mail;
            }

            note = Clip($"The template \"{shipped.Name}\" failed ({problem}); the shipped one was sent instead.", 1000);
        }

        var (fallback, shippedProblem) = TryRender(shipped, shipped.Subject, shipped.Body, model);
        return (fallback ?? throw new InvalidOperationException($"The shipped template {key} does not render: {shippedProblem}")) with { FallbackNote = note };
    }

    /// <summary>The mail, or null and what went wrong: it does not parse, it runs too long, or it comes out empty.</summary>
    public static (TemplatedMail? Mail, string? Problem) TryRender(ShippedMailTemplate shipped, string subject, string body, MailModel model)
    {
        ArgumentNullException.ThrowIfNull(shipped);
        ArgumentNullException.ThrowIfNull(model);
        if (SafeTemplate.Problem(subject) is { } subjectProblem)
        {
            return (null, $"subject: {subjectProblem}");
        }

        if (SafeTemplate.Problem(body) is { } bodyProblem)
        {
            return (null, $"body: {bodyProblem}");
        }

        string renderedSubject, renderedBody;
        try
        {
            renderedSubject = OneLine(SafeTemplate.Render(subject, model.For(shipped, v => v)));
            renderedBody = SafeTemplate.Render(body, model.For(shipped, EscapeMarkdown)).Trim();
        }
#pragma warning disable CA1031 // whatever the engine throws on an administrator's text (its step limit, a bad filter argument), the shipped template is sent
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return (null, Clip(e.Message, 300));
        }

        if (renderedSubject.Length == 0)
        {
            return (null, "the subject came out empty");
        }

        if (renderedBody.Length == 0)
        {
            return (null, "the body came out empty");
        }

        if (shipped.Audience != MailAudience.Staff && model.Get("ticket.number") is { } number
            && !renderedSubject.Contains($"[{number}]", StringComparison.OrdinalIgnoreCase))
        {
            renderedSubject = $"[{number}] {renderedSubject}"; // replies find their ticket by the tag (ReplyAddress)
        }

        return (new TemplatedMail(Clip(renderedSubject, MailTemplate.SubjectMaxLength), Markdown.ToSafeHtml(renderedBody)), null);
    }

    /// <summary>Backslash before every ASCII punctuation mark (CommonMark): the value reads as itself, never as formatting.</summary>
    public static string EscapeMarkdown(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var b = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c < 128 && char.IsPunctuation(c) || c is '`' or '^' or '+' or '<' or '>' or '=' or '|' or '~' or '$')
            {
                b.Append('\\');
            }

            b.Append(c);
        }

        return b.ToString();
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Trim();

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
