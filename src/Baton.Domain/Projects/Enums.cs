namespace Baton.Domain.Projects;

/// <summary>Planned → Active → Hypercare → Closed; Planned or Active may be Cancelled.</summary>
public enum ProjectStatus
{
    Planned = 1,
    Active = 2,
    Hypercare = 3,
    Closed = 4,
    Cancelled = 5,
}

/// <summary>What a technician does with an escalation contact: talk it through, or hand it up.</summary>
public enum EscalationKind
{
    ConferWith = 1,
    EscalateTo = 2,
}

public enum EngagementKind
{
    OnSite = 1,
    Remote = 2,
    CutOver = 3,
    MaintenanceWindow = 4,
}

/// <summary>The client's verdict on an in-scope deliverable: the customer defines completion.</summary>
public enum AcceptanceState
{
    Pending = 1,
    Accepted = 2,
    Rejected = 3,
}

public enum ScopeDecision
{
    Pending = 1,
    Approved = 2,
    Declined = 3,
}

public enum CleanupStatus
{
    Open = 1,
    Done = 2,
}
