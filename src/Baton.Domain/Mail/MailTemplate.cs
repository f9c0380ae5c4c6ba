using Baton.Domain.Audit;
using Baton.Domain.Informing;

namespace Baton.Domain.Mail;

/// <summary>Who a template's mail goes to, which decides the frame around it and the placeholders it may use.</summary>
public enum MailAudience
{
    /// <summary>The requester (and the others on the mail thread): framed with the reply marker and the ticket's link.</summary>
    Requester = 1,

    /// <summary>A contact the matrix informs who has no portal account.</summary>
    InformedContact = 2,

    /// <summary>A member of staff (or a portal user) hearing a notice by mail.</summary>
    Staff = 3,
}

/// <summary>A placeholder a template may use, what it holds, and whether its value goes in as it is (Markdown already, like a reply, or an address) rather than escaped.</summary>
public sealed record MailPlaceholder(string Name, string Meaning, bool IsMarkdown = false);

/// <summary>
/// A mail Baton sends, as shipped: its key, when it is sent, to whom, and its subject and body. The body is one
/// source for both parts of the mail: Markdown with Liquid placeholders, rendered to HTML, and the plain-text part
/// read from that HTML. What is functional stays outside the template: the reply marker, the ticket's link, the
/// signature, and the <c>[number]</c> tag of a requester's subject (threading needs it, so it is put back if left out).
/// </summary>
public sealed record ShippedMailTemplate(string Key, string Name, string WhenSent, MailAudience Audience, string Subject, string Body, IReadOnlyList<MailPlaceholder> Placeholders)
{
    /// <summary>Every placeholder's name ("ticket.number").</summary>
    public IEnumerable<string> PlaceholderNames => Placeholders.Select(p => p.Name);
}

/// <summary>The templates Baton ships: one per mail to a requester or contact, and one per kind of staff notice.</summary>
public static class ShippedMailTemplates
{
    public const string Acknowledgement = "acknowledgement";
    public const string DeskReply = "desk-reply";
    public const string Resolution = "resolution";
    public const string ContactNotice = "contact-notice";

    private const string NoticePrefix = "notice-";

    private static readonly MailPlaceholder[] TicketFields =
    [
        new("ticket.number", "INC-000123"),
        new("ticket.title", "the ticket's title"),
        new("ticket.priority", "P1 … P4"),
        new("ticket.status", "its status, in words"),
        new("ticket.kind", "incident or service request"),
        new("ticket.link", "the ticket's address in the portal (empty when Mail:LinkBase is not set)", IsMarkdown: true),
        new("requester.name", "who raised it"),
        new("client.name", "the requester's organisation"),
        new("assignee.name", "the agent on it (empty while unassigned)"),
        new("team.name", "the team on it"),
        new("desk.name", "how the desk signs (Mail:DeskName)"),
    ];

    private static readonly MailPlaceholder[] NoticeFields =
    [
        new("notice.text", "what happened: \"INC-000123 · SLA breached · VPN down\""),
        new("notice.what", "the kind of notice, in words"),
        new("record.number", "the ticket or project it is about (empty for none)"),
        new("record.link", "its address (empty when Mail:LinkBase is not set)", IsMarkdown: true),
        new("desk.name", "how the desk signs (Mail:DeskName)"),
    ];

    public static readonly IReadOnlyList<ShippedMailTemplate> All = Build();

    private static readonly Dictionary<string, ShippedMailTemplate> ByKey = All.ToDictionary(t => t.Key, StringComparer.Ordinal);

    public static ShippedMailTemplate? Find(string? key) => key is not null && ByKey.TryGetValue(key, out var t) ? t : null;

    /// <summary>The key of a kind of staff notice's template ("notice-sla-breached").</summary>
    public static string ForNotice(NoticeKind kind) => NoticePrefix + Kebab(kind.ToString());

    private static List<ShippedMailTemplate> Build()
    {
        const string RequesterSubject = "[{{ ticket.number }}] {{ ticket.title }}";
        var list = new List<ShippedMailTemplate>
        {
            new(Acknowledgement, "Acknowledgement", "A ticket is opened (not for a mail that must not be answered automatically)", MailAudience.Requester,
                RequesterSubject,
                "We have your request and gave it the number **{{ ticket.number }}**.\n\n**{{ ticket.title }}**\nPriority {{ ticket.priority }}\n\nWe will reply here as soon as someone is on it.",
                TicketFields),
            new(DeskReply, "A reply from the desk", "An agent (or a rule) replies in public: the reply, then its author", MailAudience.Requester,
                RequesterSubject,
                "{{ reply.body }}\n\n{{ reply.author }}",
                [.. TicketFields, new("reply.body", "the reply as its author wrote it", IsMarkdown: true), new("reply.author", "who wrote it")]),
            new(Resolution, "Resolution", "A ticket is resolved", MailAudience.Requester,
                RequesterSubject,
                "We have resolved **{{ ticket.number }}**.\n\n{{ resolution.note }}\n\nIf it is not fixed, reply to this e-mail and the ticket opens again.",
                [.. TicketFields, new("resolution.note", "the resolution note", IsMarkdown: true)]),
            new(ContactNotice, "A notice to an informed contact", "The matrix informs a contact who has no portal account", MailAudience.InformedContact,
                RequesterSubject,
                "{{ notice.text }}",
                [.. TicketFields, new("notice.text", "what happened: \"INC-000123 · resolved by Dana · VPN down\"")]),
        };
        list.AddRange(NoticeKinds.Choosable.Select(kind => new ShippedMailTemplate(
            ForNotice(kind), $"Notice: {NoticeKinds.Describe(kind)}", "By mail to each person who chose mail for it", MailAudience.Staff,
            "{{ notice.text }}", "{{ notice.text }}", NoticeFields)));
        return list;
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

/// <summary>
/// An administrator's version of a shipped template: only templates someone changed have a row; restoring the shipped
/// one deletes it. Versioned for concurrent editors, and every edit on the audit trail.
/// </summary>
public sealed class MailTemplate : IAudited
{
    public const string RecordKind = "mail-template";
    public const int SubjectMaxLength = 400;
    public const int BodyMaxLength = 20_000;

    private readonly AuditLog _audit = new(RecordKind);

    private MailTemplate()
    {
        Key = Subject = Body = UpdatedBy = "";
    }

    public int Id { get; private set; }

    /// <summary>The shipped template's key ("acknowledgement", "notice-sla-breached").</summary>
    public string Key { get; private set; }

    public string Subject { get; private set; }
    public string Body { get; private set; }
    public int Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; }

    public IReadOnlyList<AuditEntry> PendingAuditEntries => _audit.Pending;

    long IAudited.AuditRecordId => Id;

    void IAudited.ClearPendingAuditEntries() => _audit.Clear();

    public static MailTemplate Create(ShippedMailTemplate shipped, string subject, string body, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(shipped);
        ArgumentNullException.ThrowIfNull(actor);
        var template = new MailTemplate { Key = shipped.Key, Subject = shipped.Subject, Body = shipped.Body, Version = 0 };
        template.Edit(subject, body, actor, now);
        return template;
    }

    /// <summary>The new subject and body; the trail keeps what they were.</summary>
    public void Edit(string subject, string body, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        subject = (subject ?? "").Trim();
        body = (body ?? "").Trim();
        if (subject.Length is 0 or > SubjectMaxLength)
        {
            throw new DomainRuleException($"The subject is 1 to {SubjectMaxLength} characters.", "subject");
        }

        if (body.Length is 0 or > BodyMaxLength)
        {
            throw new DomainRuleException($"The body is 1 to {BodyMaxLength} characters.", "body");
        }

        var changed = _audit.Change(actor, now, "Subject", Subject, subject);
        changed |= _audit.Change(actor, now, "Body", Body, body);
        if (changed || Version == 0)
        {
            Subject = subject;
            Body = body;
            Version++;
            UpdatedAt = now;
            UpdatedBy = actor.DisplayName.Length > 200 ? actor.DisplayName[..200] : actor.DisplayName;
        }
    }
}
