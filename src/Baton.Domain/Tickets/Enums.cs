namespace Baton.Domain.Tickets;

public enum TicketKind
{
    Incident = 1,
    ServiceRequest = 2,
}

public enum TicketStatus
{
    New = 1,
    Acknowledged = 2,
    InProgress = 3,
    AwaitingCustomer = 4,
    Resolved = 5,
    Closed = 6,
}

/// <summary>How widely the business is affected.</summary>
public enum Impact
{
    High = 1,
    Medium = 2,
    Low = 3,
}

/// <summary>How quickly the business needs it.</summary>
public enum Urgency
{
    High = 1,
    Medium = 2,
    Low = 3,
}

/// <summary>P1 is the most urgent. Derived from impact and urgency through the <see cref="PriorityMatrix"/>.</summary>
public enum Priority
{
    P1 = 1,
    P2 = 2,
    P3 = 3,
    P4 = 4,
}

/// <summary>Technical requests go to the technical workflow; non-technical ones (access, how-to, purchasing) do not.</summary>
public enum RequestType
{
    Technical = 1,
    NonTechnical = 2,
}

/// <summary>The lifecycle moves a person can ask for. Each maps to one domain method on <see cref="Ticket"/>.</summary>
public enum TicketTransition
{
    Acknowledge = 1,
    StartWork = 2,
    AwaitCustomer = 3,
    Resume = 4,
    Resolve = 5,
    Reopen = 6,
    Close = 7,
}
