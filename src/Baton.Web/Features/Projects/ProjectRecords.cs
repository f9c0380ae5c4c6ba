using Baton.Domain.Projects;

namespace Baton.Web.Features.Projects;

// ---- Reads ---------------------------------------------------------------------------------------------

public sealed record NamedRef(int Id, string Name);

public sealed record UserRef(string Id, string Name);

public sealed record ProjectSummary(
    int Id, string Number, string Name, int ClientId, string ClientName, int ProjectTypeId, string ProjectTypeName, ProjectStatus Status,
    string? LeadTechName, DateOnly? StartsOn, DateOnly? PlannedGoLiveOn, DateOnly? EndsOn);

public sealed record ProjectListPage(IReadOnlyList<ProjectSummary> Items, string? NextCursor);

/// <summary>
/// One project as its reader may see it. <see cref="EscalationContacts"/> is null for a client contact: whom the desk
/// confers with or escalates to is the desk's business.
/// </summary>
public sealed record ProjectResponse(
    int Id,
    string Number,
    string Name,
    int ClientId,
    string ClientName,
    string ClientTimeZoneId,
    int ProjectTypeId,
    string ProjectTypeName,
    ProjectStatus Status,
    UserRef? LeadTech,
    UserRef? ProjectManager,
    DateOnly? StartsOn,
    DateOnly? PlannedGoLiveOn,
    DateOnly? ActualGoLiveOn,
    DateOnly? EndsOn,
    string Description,
    IReadOnlyList<NamedRef> Sites,
    IReadOnlyList<NamedRef> ConfigurationItems,
    IReadOnlyList<EscalationContact>? EscalationContacts,
    IReadOnlyList<ProjectTransition> AvailableTransitions,
    DateTimeOffset? CloseoutSignedOffAt,
    string? CloseoutSignedOffBy,
    DateTimeOffset? LeadReleasedAt,
    string? LeadReleasedBy,
    DateTimeOffset? HypercareStartedAt,
    DateTimeOffset? HypercareEndsAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? CancelledAt,
    string? CancellationReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version);

public sealed record EngagementResponse(
    int Id,
    string ProjectNumber,
    DateOnly Date,
    TimeOnly StartTime,
    TimeOnly EndTime,
    string TimeZoneId,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    EngagementKind Kind,
    IReadOnlyList<UserRef> Technicians,
    string Touches,
    string Notes,
    bool IsCancelled,
    int Sequence,
    DateTimeOffset UpdatedAt);

public sealed record DeliverableResponse(
    int Id, string Title, string Description, bool InScope, AcceptanceState Acceptance, string? DecidedBy, DateTimeOffset? DecidedAt,
    string? RejectionReason, int? ScopeChangeRequestId);

public sealed record CleanupItemResponse(
    int Id, int? DeliverableId, string? DeliverableTitle, string Description, CleanupStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? DoneAt, string? DoneBy);

public sealed record ScopeChangeResponse(
    int Id, string Description, string TimeImpact, string CostImpact, string RequestedBy, DateTimeOffset RequestedAt,
    ScopeDecision Decision, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionNote, int? DeliverableId);

/// <summary>A ticket a technician attributed to the project ("caused by"), for the project page and its API.</summary>
public sealed record CausedIncident(long TicketId, string Number, string Title, string Status, string AttributedBy, DateTimeOffset AttributedAt, string Note);

public sealed record CausedIncidents(IReadOnlyList<CausedIncident> Items, int NotRelatedCount);

public sealed record ProjectTypeResponse(int Id, string Name, bool IsActive);

// ---- Writes --------------------------------------------------------------------------------------------

/// <summary>Plans a project at a client. Sites and configuration items must be the client's own.</summary>
public sealed record CreateProjectRequest(
    int ClientId,
    string Name,
    int ProjectTypeId,
    string? LeadTechId = null,
    string? ProjectManagerId = null,
    DateOnly? StartsOn = null,
    DateOnly? PlannedGoLiveOn = null,
    DateOnly? ActualGoLiveOn = null,
    DateOnly? EndsOn = null,
    string? Description = null,
    IReadOnlyList<int>? SiteIds = null,
    IReadOnlyList<int>? ConfigurationItemIds = null);

/// <summary>Field changes to a project (merge-patch): only the fields sent change; null clears an optional one.</summary>
public sealed record UpdateProjectRequest(
    string? Name = null,
    int? ProjectTypeId = null,
    string? LeadTechId = null,
    string? ProjectManagerId = null,
    DateOnly? StartsOn = null,
    DateOnly? PlannedGoLiveOn = null,
    DateOnly? ActualGoLiveOn = null,
    DateOnly? EndsOn = null,
    string? Description = null,
    IReadOnlyList<int>? SiteIds = null,
    IReadOnlyList<int>? ConfigurationItemIds = null)
{
    /// <summary>Which JSON properties the caller sent (camelCase). Pages send all of them. Not part of the API's shape.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlySet<string> Present { get; init; } = AllFields;

    public static readonly IReadOnlySet<string> AllFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "name", "projectTypeId", "leadTechId", "projectManagerId", "startsOn", "plannedGoLiveOn", "actualGoLiveOn", "endsOn", "description",
        "siteIds", "configurationItemIds",
    };

    public bool Has(string field) => Present.Contains(field);
}

/// <summary>The lifecycle moves of the project pages. Sign-off, release and hypercare have their own close-out and hypercare endpoints.</summary>
public enum ProjectTransition
{
    Start = 1,
    Cancel = 2,
    Close = 3,
}

public sealed record ProjectTransitionRequest(ProjectTransition Transition, string? Reason = null);

public sealed record EscalationContactRequest(string? Name, string? Role, string? Phone, string? Email, EscalationKind Kind);

public sealed record EngagementRequest(
    DateOnly Date, TimeOnly Start, TimeOnly End, EngagementKind Kind, IReadOnlyList<string>? TechnicianIds = null, string? Touches = null, string? Notes = null);

public sealed record DeliverableRequest(string Title, bool InScope, string? Description = null);

public sealed record RejectDeliverableRequest(string? Reason);

public sealed record CleanupItemRequest(string Description, int? DeliverableId = null);

public sealed record RaiseScopeChangeRequest(string Description, string? TimeImpact = null, string? CostImpact = null);

public sealed record ApproveScopeChangeRequest(string? DeliverableTitle, string? Note = null);

public sealed record DeclineScopeChangeRequest(string? Note = null);

public sealed record ProjectTypeRequest(string Name, bool IsActive = true);
