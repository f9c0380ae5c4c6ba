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
}

/// <summary>
/// An in-app notification for one person (an SLA crossing on a ticket they own or lead). Mail delivery comes later
/// through <see cref="Features.Shared.INotificationChannel"/>; this table is the in-app channel.
/// </summary>
public sealed class Notification
{
    public const int TextMaxLength = 400;

    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public long? TicketId { get; set; }
    public string Text { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
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

    /// <summary>The Message-IDs it continues, oldest first, space-separated; fixed at its first try like <see cref="MessageId"/>.</summary>
    public string? References { get; set; }
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
