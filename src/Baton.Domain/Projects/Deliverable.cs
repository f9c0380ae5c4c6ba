using Baton.Domain.Audit;

namespace Baton.Domain.Projects;

/// <summary>
/// Something the project promised (in scope) or explicitly did not (out of scope). The client contact accepts or
/// rejects each in-scope deliverable; a rejection carries a reason and opens a clean-up item on the project.
/// </summary>
public sealed class Deliverable : IAudited
{
    public const int TitleMaxLength = 200;

    private readonly AuditLog _audit = new(Project.RecordKind);

    private Deliverable()
    {
        Title = Description = "";
    }

    public Deliverable(int projectId, string title, string? description, bool inScope, Actor actor, DateTimeOffset now, int? scopeChangeRequestId = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ProjectId = projectId;
        Title = Description = "";
        Set(title, description, inScope);
        ScopeChangeRequestId = scopeChangeRequestId;
        Acceptance = AcceptanceState.Pending;
        _audit.Record(actor, now, Project.AuditFields.Deliverable, null, Describe());
    }

    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public string Title { get; private set; }
    public string Description { get; private set; }
    public bool InScope { get; private set; }

    /// <summary>Set when an approved scope change added this deliverable.</summary>
    public int? ScopeChangeRequestId { get; private set; }

    public AcceptanceState Acceptance { get; private set; }
    public string? DecidedById { get; private set; }
    public string? DecidedByName { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? RejectionReason { get; private set; }

    /// <summary>Whether it stands in the way of close-out sign-off (in scope and not accepted).</summary>
    public bool BlocksCompletion => InScope && Acceptance != AcceptanceState.Accepted;

    /// <inheritdoc />
    public IReadOnlyList<AuditEntry> PendingAuditEntries => _audit.Pending;

    /// <summary>A deliverable's changes are on its project's trail.</summary>
    long IAudited.AuditRecordId => ProjectId;

    void IAudited.ClearPendingAuditEntries() => _audit.Clear();

    public void Update(string title, string? description, bool inScope, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (before, descriptionBefore) = (Describe(), Description);
        Set(title, description, inScope);
        if (before != Describe() || descriptionBefore != Description)
        {
            _audit.Record(actor, now, Project.AuditFields.Deliverable, before, Describe() + (descriptionBefore != Description ? ", description changed" : ""));
        }
    }

    /// <summary>Takes the deliverable off the list (<see cref="EnsureRemovable"/> first); the trail keeps that it was there.</summary>
    public void Remove(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        EnsureRemovable();
        _audit.Record(actor, now, Project.AuditFields.Deliverable, Describe(), null);
    }

    public void Accept(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        RequireReviewable("accept");
        Acceptance = AcceptanceState.Accepted;
        RejectionReason = null;
        Decided(actor, now);
        _audit.Record(actor, now, Project.AuditFields.Acceptance, $"{Title}: pending", $"{Title}: accepted");
    }

    /// <summary>The client says it is not done; the reason becomes a clean-up item assigned to the project.</summary>
    public CleanupItem Reject(string? reason, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        RequireReviewable("reject");
        RejectionReason = Text.Required(reason, "reason", 2000, "say what is missing, so the project can put it right");
        Acceptance = AcceptanceState.Rejected;
        Decided(actor, now);
        _audit.Record(actor, now, Project.AuditFields.Acceptance, $"{Title}: pending", $"{Title}: rejected ({RejectionReason})");
        return new CleanupItem(ProjectId, Id, $"{Title}: {RejectionReason}", actor, now);
    }

    /// <summary>The clean-up is done: the deliverable goes back to the client for acceptance.</summary>
    public void ResubmitForAcceptance(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Acceptance != AcceptanceState.Rejected)
        {
            throw new DomainRuleException($"'{Title}' is not rejected; there is nothing to resubmit.", "acceptance");
        }

        Acceptance = AcceptanceState.Pending;
        DecidedAt = null;
        DecidedById = DecidedByName = null;
        _audit.Record(actor, now, Project.AuditFields.Acceptance, $"{Title}: rejected", $"{Title}: pending (clean-up done, resubmitted)");
    }

    /// <summary>
    /// A deliverable leaves the list only while nobody has judged it and no approved scope change put it there;
    /// otherwise it is part of the record (mark it out of scope instead, if it is not accepted).
    /// </summary>
    public void EnsureRemovable()
    {
        if (ScopeChangeRequestId is not null)
        {
            throw new DomainRuleException($"'{Title}' was added by an approved scope change; it stays on the record.", "deliverable");
        }

        if (Acceptance != AcceptanceState.Pending || DecidedAt is not null)
        {
            throw new DomainRuleException($"'{Title}' has been reviewed by the client; it stays on the record.", "deliverable");
        }
    }

    private void RequireReviewable(string action)
    {
        if (!InScope)
        {
            throw new DomainRuleException($"'{Title}' is out of scope; only in-scope deliverables are accepted or rejected. Ask for a scope change instead.", "inScope");
        }

        if (Acceptance != AcceptanceState.Pending)
        {
            throw new DomainRuleException($"'{Title}' was already {(Acceptance == AcceptanceState.Accepted ? "accepted" : "rejected")}; you cannot {action} it again.", "acceptance");
        }
    }

    private void Set(string title, string? description, bool inScope)
    {
        if (Acceptance == AcceptanceState.Accepted && inScope != InScope)
        {
            throw new DomainRuleException("An accepted deliverable stays in scope.", "inScope");
        }

        Title = Text.Required(title, "title", TitleMaxLength, "a deliverable needs a title");
        Description = Text.Optional(description, "description", 4000);
        InScope = inScope;
    }

    private string Describe() => $"{Title} ({(InScope ? "in scope" : "out of scope")})";

    private void Decided(Actor actor, DateTimeOffset now)
    {
        DecidedById = actor.UserId;
        DecidedByName = actor.DisplayName;
        DecidedAt = now;
    }
}

/// <summary>Work owed to the client after a rejected deliverable; assigned to the project until done.</summary>
public sealed class CleanupItem : IAudited
{
    private readonly AuditLog _audit = new(Project.RecordKind);

    private CleanupItem()
    {
        Description = "";
    }

    public CleanupItem(int projectId, int? deliverableId, string description, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ProjectId = projectId;
        DeliverableId = deliverableId;
        Description = Text.Required(description, "description", 2400, "a clean-up item needs a description");
        Status = CleanupStatus.Open;
        CreatedAt = now;
        _audit.Record(actor, now, Project.AuditFields.CleanupItem, null, $"{Description} (open)");
    }

    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public int? DeliverableId { get; private set; }
    public string Description { get; private set; }
    public CleanupStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DoneAt { get; private set; }
    public string? DoneBy { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<AuditEntry> PendingAuditEntries => _audit.Pending;

    /// <summary>A clean-up item's changes are on its project's trail.</summary>
    long IAudited.AuditRecordId => ProjectId;

    void IAudited.ClearPendingAuditEntries() => _audit.Clear();

    public void Complete(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Status == CleanupStatus.Done)
        {
            throw new DomainRuleException("This clean-up item is already done.", "status");
        }

        Status = CleanupStatus.Done;
        DoneAt = now;
        DoneBy = actor.DisplayName;
        _audit.Record(actor, now, Project.AuditFields.CleanupItem, $"{Description} (open)", $"{Description} (done)");
    }
}

/// <summary>
/// A request for something the project did not promise. Never a silent addition: it states its impact on time and
/// cost, and is approved (adding an in-scope deliverable) or declined, by someone, at a time.
/// </summary>
public sealed class ScopeChangeRequest : IAudited
{
    private readonly AuditLog _audit = new(Project.RecordKind);

    private ScopeChangeRequest()
    {
        Description = TimeImpact = CostImpact = RequestedBy = "";
    }

    public ScopeChangeRequest(int projectId, string description, string? timeImpact, string? costImpact, Actor requestedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(requestedBy);
        ProjectId = projectId;
        Description = Text.Required(description, "description", 4000, "describe the change being asked for");
        TimeImpact = Text.Optional(timeImpact, "timeImpact", 400);
        CostImpact = Text.Optional(costImpact, "costImpact", 400);
        RequestedBy = requestedBy.DisplayName;
        RequestedAt = now;
        Decision = ScopeDecision.Pending;
        _audit.Record(requestedBy, now, Project.AuditFields.ScopeChange, null, Describe());
    }

    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public string Description { get; private set; }

    /// <summary>Impact on the schedule, in words ("+3 days on site").</summary>
    public string TimeImpact { get; private set; }

    /// <summary>Impact on cost, in words ("£1,200 fixed").</summary>
    public string CostImpact { get; private set; }

    public string RequestedBy { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public ScopeDecision Decision { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionNote { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<AuditEntry> PendingAuditEntries => _audit.Pending;

    /// <summary>A scope change's decisions are on its project's trail.</summary>
    long IAudited.AuditRecordId => ProjectId;

    void IAudited.ClearPendingAuditEntries() => _audit.Clear();

    /// <summary>Approves the change; the caller adds the returned in-scope deliverable to the project.</summary>
    public Deliverable Approve(string deliverableTitle, string? note, Actor actor, DateTimeOffset now)
    {
        Decide(ScopeDecision.Approved, note, actor, now);
        return new Deliverable(ProjectId, deliverableTitle, Description, inScope: true, actor, now, scopeChangeRequestId: Id);
    }

    public void Decline(string? note, Actor actor, DateTimeOffset now) => Decide(ScopeDecision.Declined, note, actor, now);

    private void Decide(ScopeDecision decision, string? note, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Decision != ScopeDecision.Pending)
        {
            throw new DomainRuleException($"This scope change was already {Decision.ToString().ToLowerInvariant()} by {DecidedBy}.", "decision");
        }

        var before = Describe();
        Decision = decision;
        DecisionNote = Text.Optional(note, "note", 2000);
        DecidedBy = actor.DisplayName;
        DecidedAt = now;
        _audit.Record(actor, now, Project.AuditFields.ScopeChange, before, Describe());
    }

    private string Describe()
    {
        var impact = string.Join(", ", new[] { TimeImpact, CostImpact }.Where(v => v.Length > 0));
        var state = Decision switch
        {
            ScopeDecision.Pending => "requested",
            ScopeDecision.Approved => "approved",
            ScopeDecision.Declined => "declined",
        };
        return $"{Description}{(impact.Length > 0 ? $" ({impact})" : "")}: {state}{(string.IsNullOrEmpty(DecisionNote) ? "" : $", {DecisionNote}")}";
    }
}
