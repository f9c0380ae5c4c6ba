using Baton.Domain.Tickets;

namespace Baton.Domain.Automation;

/// <summary>
/// A ticket as a rule sees it: its fields and the instants the time conditions measure from. Read by the host from the
/// database (or from the ticket in memory, after an earlier rule changed it); the rules themselves do no I/O.
/// </summary>
public sealed record RuleFacts(
    long TicketId,
    string Number,
    int ClientId,
    TicketKind Kind,
    Priority Priority,
    int? CategoryId,
    int? TeamId,
    string? AssigneeId,
    TicketStatus Status,
    RequestType RequestType,
    IReadOnlyCollection<string> RequesterRoleKeys,
    DateTimeOffset CreatedAt,
    DateTimeOffset StatusSince,
    DateTimeOffset? LastPublicReplyAt,
    DateTimeOffset? LastCustomerReplyAt,
    DateTimeOffset? ResolvedAt);
