using Microsoft.AspNetCore.Identity;

namespace Baton.Web.Data;

/// <summary>Everyone who signs in: agents, managers, administrators, and client contacts using the portal.</summary>
public sealed class BatonUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>IANA zone id; every time on a page is shown in it.</summary>
    public string TimeZoneId { get; set; } = "UTC";

    /// <summary>Set for client contacts only: the one organisation they belong to and may see.</summary>
    public int? ClientId { get; set; }

    /// <summary>Set for client contacts only: the contact record tickets name as requester.</summary>
    public int? ContactId { get; set; }

    /// <summary>Signed in with a generated one-time password: every page asks for a new one until it is changed.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Local time (in <see cref="TimeZoneId"/>) of the daily digest of notices chosen for it; null: 08:00.</summary>
    public TimeOnly? DigestTime { get; set; }

    /// <summary>The local date of the last digest sent: one a day, even if the sender runs twice.</summary>
    public DateOnly? DigestSentOn { get; set; }
}

public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Manager = "Manager";
    public const string Agent = "Agent";
    public const string ClientContact = "Client contact";

    public static readonly string[] All = [Administrator, Manager, Agent, ClientContact];
    public static readonly string[] Staff = [Administrator, Manager, Agent];
}

/// <summary>A personal API token. Only its SHA-256 hash is stored; the token itself is shown once.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>The first characters, so a user can tell tokens apart without the secret.</summary>
    public string Prefix { get; set; } = "";

    public string Hash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>What the token may do; tokens from before scopes existed are read-write.</summary>
    public ApiTokenScope Scope { get; set; } = ApiTokenScope.ReadWrite;

    /// <summary>For a feed token: the one feed it opens (<c>all</c>, or a project number); null otherwise.</summary>
    public string? Feed { get; set; }
}

public enum ApiTokenScope
{
    /// <summary>Everything its user may do on the API (not the calendar feeds).</summary>
    ReadWrite = 0,

    /// <summary>GET and HEAD only; anything else answers 403.</summary>
    ReadOnly = 1,

    /// <summary>One calendar feed (.ics) and nothing else: the token that ends up in calendar apps and URLs.</summary>
    Feed = 2,
}

/// <summary>A create request already served under an Idempotency-Key: a retry returns the same ticket.</summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public long TicketId { get; set; }

    /// <summary>The ticket the key created (the relationship; the group commit sets <see cref="TicketId"/> itself).</summary>
    public Baton.Domain.Tickets.Ticket? Ticket { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The last number issued per ticket kind; incremented in the creating transaction so numbers never repeat.</summary>
public sealed class NumberSequence
{
    public string Name { get; set; } = "";
    public long Last { get; set; }
}

/// <summary>One cell of the administrator-editable priority matrix.</summary>
public sealed class PriorityCell
{
    public Baton.Domain.Tickets.Impact Impact { get; set; }
    public Baton.Domain.Tickets.Urgency Urgency { get; set; }
    public Baton.Domain.Tickets.Priority Priority { get; set; }
}

/// <summary>A file on a ticket (optionally on one reply). The bytes live on disk under the data directory.</summary>
public sealed class Attachment
{
    public long Id { get; set; }
    public long TicketId { get; set; }
    public long? MessageId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string StorageKey { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
    public string UploadedById { get; set; } = "";
    public string UploadedByName { get; set; } = "";

    /// <summary>Attachments on internal notes are internal too: requesters never see them.</summary>
    public bool IsInternal { get; set; }

    /// <summary>The incoming mail the file came in (Features/Mail/MailFiling), so filing it again adds it once.</summary>
    public long? InboundMailId { get; set; }
}

/// <summary>
/// An in-app notification for one person (an SLA crossing on a ticket they own or lead). Mail delivery comes later
/// through <see cref="Features.Shared.INotificationChannel"/>; this table is the in-app channel.
/// </summary>
public sealed class Notification
{
    public const int TextMaxLength = 400;

    /// <summary>The text cut to fit a notification, with an ellipsis where it was cut.</summary>
    public static string Fit(string text) => text.Length <= TextMaxLength ? text : text[..(TextMaxLength - 1)] + "…";

    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public long? TicketId { get; set; }

    /// <summary>A project's notice (deliverable accepted, hypercare ending) names its project.</summary>
    public int? ProjectId { get; set; }

    public Baton.Domain.Informing.NoticeKind Kind { get; set; }

    /// <summary>How many events of its kind on its ticket this one notification stands for (grouped within five minutes).</summary>
    public int Count { get; set; } = 1;

    public string Text { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>Waiting for its person's daily digest mail (they chose the digest for its kind).</summary>
    public bool DigestPending { get; set; }
}

/// <summary>How one person wants to hear of one kind of notice; no row means mail and in-app.</summary>
public sealed class NotificationPreference
{
    public string UserId { get; set; } = "";
    public Baton.Domain.Informing.NoticeKind Kind { get; set; }
    public Baton.Domain.Informing.NoticeDelivery Delivery { get; set; }
}

/// <summary>
/// A message waiting to leave Baton (the daily report today; ticket mail later). Written in the same transaction as
/// what produced it, so nothing acknowledged is lost; <see cref="Key"/> is unique, so a producer that runs twice
/// (a restart, a second instance) cannot queue it twice. A sender marks it sent (see <c>Features/Outbox</c>).
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>What produced it, unique per occurrence: "daily-report:2026-12-01".</summary>
    public string Key { get; set; } = "";

    public string Kind { get; set; } = "";

    /// <summary>E-mail addresses, comma-separated.</summary>
    public string Recipients { get; set; } = "";

    public string Subject { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>The mail server's answer to the last failed try.</summary>
    public string? LastError { get; set; }

    /// <summary>
    /// The Message-ID it goes out with, fixed at its first try (installation key + row), so a resend by any instance
    /// after a crash carries the same one and Baton can recognise its own mail coming back.
    /// </summary>
    public string? MessageId { get; set; }

    /// <summary>Not before this instant (the back-off after a failure, Baton.Domain.Mail.DeliverySchedule); null = now.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Given up: refused for two days, or refused for good (a 5xx for every recipient).</summary>
    public DateTimeOffset? FailedAt { get; set; }

    /// <summary>The instance sending it holds it until then, so two instances never send one message at once.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public string? ClaimToken { get; set; }

    /// <summary>The ticket it is about, if any: its mail continues one thread (References, In-Reply-To).</summary>
    public long? TicketId { get; set; }

    /// <summary>The sender for this message (the mailbox its ticket came in through); null uses Mail:Smtp:FromAddress.</summary>
    public string? FromAddress { get; set; }

    public string? FromName { get; set; }

    /// <summary>The Message-IDs it continues, oldest first, space-separated; fixed at its first try like <see cref="MessageId"/>.</summary>
    public string? References { get; set; }

    /// <summary>Where answers go: the ticket's secret reply address (Features/Mail/MailFiling), when the desk receives mail.</summary>
    public string? ReplyTo { get; set; }

    /// <summary>
    /// An iCalendar object sent beside the text and HTML as a <c>text/calendar</c> alternative (an invitation, its update
    /// or cancellation), whose METHOD line names the part's method; null for plain mail.
    /// </summary>
    public string? CalendarPart { get; set; }

    /// <summary>
    /// Set when the administrator's template for this mail failed on its record and the shipped one was sent instead:
    /// what went wrong, shown on the Outbox page. Null for a mail sent as its template says.
    /// </summary>
    public string? TemplateNote { get; set; }
}

/// <summary>
/// This Baton installation (one row, made on first use): its key names the mail it sends, in every instance and across
/// restarts, so its own mail is recognised when it comes back.
/// </summary>
public sealed class Installation
{
    public const int TheOne = 1;

    public int Id { get; set; } = TheOne;

    /// <summary>32 hex characters, random once.</summary>
    public string Key { get; set; } = "";

    /// <summary>
    /// The secret of the ticket reply addresses (Baton.Domain.Mail.ReplyAddress), random once and never shown: the key
    /// above is public in every Message-ID, so it cannot be the secret.
    /// </summary>
    public string? ReplySecret { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The record that the daily project report was produced for a day: one row per day, ever (unique date).</summary>
public sealed class DailyReportRun
{
    public long Id { get; set; }
    public DateOnly ReportDate { get; set; }
    public DateTimeOffset ProducedAt { get; set; }

    /// <summary>Which instance produced it (machine name and process id), for an operator reading the history.</summary>
    public string ProducedBy { get; set; } = "";

    public int ActiveCount { get; set; }
    public int EngagementCount { get; set; }
    public int HypercareCount { get; set; }
    public int RecentlyClosedCount { get; set; }
    public int AttributedCount { get; set; }

    /// <summary>The queued e-mail; null when no recipients were configured.</summary>
    public long? OutboxMessageId { get; set; }

    /// <summary>Set when producing the report, so the run and its e-mail are inserted in one statement batch.</summary>
    public OutboxMessage? OutboxMessage { get; set; }
}

/// <summary>Where an incoming mail got to. Only <see cref="Received"/> is still to be filed.</summary>
public enum InboundMailState
{
    Received = 0,
    Filed = 1,

    /// <summary>From an address Baton does not know and cannot place: waits in the unknown-senders list.</summary>
    UnknownSender = 2,

    /// <summary>Too large, unreadable, or filing failed: kept raw in "mail that could not be processed" with the reason.</summary>
    Unprocessable = 3,
}

/// <summary>What filing an incoming mail did.</summary>
public enum InboundMailOutcome
{
    None = 0,
    NewTicket = 1,
    Reply = 2,

    /// <summary>An out-of-office or other automatic answer: kept on the ticket as an internal note, nothing else.</summary>
    AutoReply = 3,

    /// <summary>Machine mail: kept, never answered.</summary>
    Automated = 4,
    Bounce = 5,

    /// <summary>Baton's own mail came back (a loop): kept, nothing done.</summary>
    OwnMail = 6,

    /// <summary>A reply to a closed ticket: it opened a new ticket linked to the old one.</summary>
    FollowUpTicket = 7,

    /// <summary>A staff address that could not be verified: put on the ticket as a flagged internal note.</summary>
    UnverifiedStaff = 8,

    /// <summary>An attendee's calendar answer to a meeting invitation: it set their attendance, and is no reply.</summary>
    CalendarReply = 9,
}

/// <summary>
/// One incoming mail (IMAP or the gateway). The raw message is on disk (<see cref="StorageKey"/>) before this row is
/// written; <see cref="DedupKey"/> (the Message-ID, or a hash of what does not change between deliveries) is unique,
/// so the same mail delivered twice is one row, one ticket or reply (README "Mail").
/// </summary>
public sealed class InboundMail
{
    public long Id { get; set; }
    public string DedupKey { get; set; } = "";
    public string? MessageId { get; set; }

    /// <summary>"gateway", or "imap:{mailbox address}".</summary>
    public string Source { get; set; } = "";
    public int? MailboxId { get; set; }
    public string StorageKey { get; set; } = "";
    public long Size { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>How often this mail arrived (retries, two of our addresses, two mailboxes): all but the first did nothing.</summary>
    public int Deliveries { get; set; } = 1;
    public InboundMailState State { get; set; }
    public InboundMailOutcome Outcome { get; set; }
    public long? TicketId { get; set; }
    public long? TicketMessageId { get; set; }
    public string? Reason { get; set; }
    public string FromAddress { get; set; } = "";
    public string FromName { get; set; } = "";
    public string Subject { get; set; } = "";
    public DateTimeOffset? ProcessedAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>Imported from an existing mailbox as archive: no acknowledgement goes out.</summary>
    public bool Archive { get; set; }

    /// <summary>No automatic answer to this mail (it is automated, or asked for none, or came through a list).</summary>
    public bool NoAutomaticReply { get; set; }
}

/// <summary>Someone besides the requester on a ticket's mail thread (the To and Cc of the mail that opened it): they get its public replies and may reply.</summary>
public sealed class TicketParticipant
{
    public long Id { get; set; }
    public long TicketId { get; set; }
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTimeOffset AddedAt { get; set; }
    public string AddedByName { get; set; } = "";
}

/// <summary>An IMAP mailbox Baton polls (Features/Mail/ImapPolling), configured on the admin Mailboxes page.</summary>
public sealed class Mailbox
{
    public int Id { get; set; }

    /// <summary>The desk address this mailbox receives (and the From of what Baton sends about its tickets).</summary>
    public string Address { get; set; } = "";

    /// <summary>The display name of that From; empty falls back to Mail:Smtp:FromName.</summary>
    public string FromName { get; set; } = "";
    public string Host { get; set; } = "";
    public int Port { get; set; } = 993;
    public MailboxSecurity Security { get; set; } = MailboxSecurity.Tls;
    public string UserName { get; set; } = "";

    /// <summary>The password, encrypted with the Data Protection key ring: never in clear in the database or the logs.</summary>
    public string ProtectedPassword { get; set; } = "";
    public string Folder { get; set; } = "INBOX";

    /// <summary>Where filed mail is moved (created when missing). Baton never relies on the \Seen flag, which other clients change.</summary>
    public string ProcessedFolder { get; set; } = "Baton/Processed";
    public int? DefaultTeamId { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>The next poll imports as archive: no acknowledgement goes out for the mail already there.</summary>
    public bool ImportAsArchive { get; set; }

    /// <summary>The folder's UIDVALIDITY when <see cref="LastUid"/> was read; a change means the UIDs start over.</summary>
    public long? UidValidity { get; set; }

    /// <summary>The highest UID taken in and filed; the next poll asks for what is above it.</summary>
    public long LastUid { get; set; }
    public DateTimeOffset? LastPolledAt { get; set; }

    /// <summary>
    /// Held while one poller moves filed mail to the processed folder. Two sessions moving one message at once make two
    /// copies there on some servers (Dovecot copies, then expunges), so only the holder moves; the rest wait a poll.
    /// </summary>
    public DateTimeOffset? MovingUntil { get; set; }

    public string? LastError { get; set; }

    /// <summary>Optimistic concurrency: two instances polling one mailbox do not overwrite each other's cursor.</summary>
    public int Version { get; set; }
}

/// <summary>How Baton talks to an IMAP server: in clear (loopback only), STARTTLS, or TLS from the start.</summary>
public enum MailboxSecurity
{
    None = 0,
    StartTls = 1,
    Tls = 2,
}

/// <summary>What an automation rule did on a ticket, or was stopped from doing: the loop guard's memory and the sweep's "once per occasion".</summary>
public sealed class AutomationRun
{
    public long Id { get; set; }

    /// <summary>Unique: "job:{id}:rule:{id}" for an event, the rule's occasion key for a timed rule.</summary>
    public string Key { get; set; } = "";

    public int RuleId { get; set; }
    public long TicketId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The actions it did (0 when stopped): what the guard's "10 per 10 minutes" counts.</summary>
    public int Actions { get; set; }

    public AutomationOutcome Outcome { get; set; }

    /// <summary>What it did in words, or why it stopped.</summary>
    public string Detail { get; set; } = "";
}

public enum AutomationOutcome
{
    Acted = 1,
    StoppedByGuard = 2,
}
