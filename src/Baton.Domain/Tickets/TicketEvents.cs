using Baton.Domain.Events;

namespace Baton.Domain.Tickets;

// What happens to a ticket, raised by Ticket's domain methods (see Baton.Domain.Events). Each names the ticket by its
// number (the id travels beside the event) and says who did it and when.

/// <summary>
/// A ticket was opened. Carries what the after-commit work needs to decide without a read: where it is, what it is
/// about, and the project the requester named (hypercare routing), plus the names the creator already knew (SLA coverage).
/// </summary>
public sealed record TicketOpened(
    string Number,
    TicketKind Kind,
    int ClientId,
    int? SiteId,
    int? ConfigurationItemId,
    int? CategoryId,
    RequestType RequestType,
    Priority Priority,
    string? NamedProject,
    string? CategoryName,
    string? ConfigurationItemName,
    Actor Actor,
    DateTimeOffset OccurredAt) : IRecordEvent;

/// <summary>Who wrote a message: the requester's side, or the service desk.</summary>
public enum MessageAuthor
{
    Requester = 1,
    Desk = 2,
}

/// <summary>A public reply or an internal note was added.</summary>
public sealed record MessagePosted(string Number, MessageVisibility Visibility, MessageAuthor Author, Actor Actor, DateTimeOffset OccurredAt) : IRecordEvent;

/// <summary>Any move through the lifecycle (also raised beside <see cref="TicketResolved"/>, <see cref="TicketReopened"/>, <see cref="TicketClosed"/>).</summary>
public sealed record TicketStatusChanged(string Number, TicketStatus From, TicketStatus To, Actor Actor, DateTimeOffset OccurredAt) : IRecordEvent;

public sealed record TicketResolved(string Number, string ResolutionNote, Actor Actor, DateTimeOffset OccurredAt) : IRecordEvent;

public sealed record TicketReopened(string Number, string? Reason, Actor Actor, DateTimeOffset OccurredAt) : IRecordEvent;

public sealed record TicketClosed(string Number, Actor Actor, DateTimeOffset OccurredAt) : IRecordEvent;

/// <summary>The team or the assignee changed (either may be none).</summary>
public sealed record AssignmentChanged(string Number, int? FromTeamId, int? ToTeamId, string? FromAssigneeId, string? ToAssigneeId, Actor Actor, DateTimeOffset OccurredAt) : IRecordEvent;

/// <summary>Impact or urgency changed the priority.</summary>
public sealed record PriorityChanged(string Number, Priority From, Priority To, Actor Actor, DateTimeOffset OccurredAt) : IRecordEvent;

/// <summary>Title, description, category, site, item, request type or requester changed; <see cref="Fields"/> as the audit trail names them.</summary>
public sealed record TicketDetailsChanged(string Number, IReadOnlyList<string> Fields, Actor Actor, DateTimeOffset OccurredAt) : IRecordEvent;
