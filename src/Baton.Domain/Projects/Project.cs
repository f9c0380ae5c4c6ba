using Baton.Domain.Audit;
using Baton.Domain.Events;

namespace Baton.Domain.Projects;

/// <summary>What a project is and does: the fields a project lead edits freely.</summary>
public sealed record ProjectDetails(
    string Name,
    int ProjectTypeId,
    string? LeadTechId,
    string? ProjectManagerId,
    DateOnly? StartsOn,
    DateOnly? PlannedGoLiveOn,
    DateOnly? ActualGoLiveOn,
    DateOnly? EndsOn,
    string? Description,
    IReadOnlyList<int> SiteIds,
    IReadOnlyList<int> ConfigurationItemIds);

/// <summary>Someone a technician calls about the project: to confer with, or to escalate to.</summary>
public sealed record EscalationContact(string Name, string Role, string Phone, string Email, EscalationKind Kind)
{
    public static EscalationContact Valid(string? name, string? role, string? phone, string? email, EscalationKind kind, int index)
    {
        var field = $"escalationContacts[{index}]";
        var contact = new EscalationContact(
            Text.Required(name, field + ".name", 120, "an escalation contact needs a name"),
            Text.Optional(role, field + ".role", 120),
            Text.Optional(phone, field + ".phone", 40),
            Text.Optional(email, field + ".email", 254).ToLowerInvariant(),
            kind);
        if (contact.Phone.Length == 0 && contact.Email.Length == 0)
        {
            throw new DomainRuleException($"Give {contact.Name} a phone number or an e-mail address, so a technician can reach them.", field + ".phone");
        }

        if (contact.Email.Length > 0 && !Text.LooksLikeEmail(contact.Email))
        {
            throw new DomainRuleException($"'{contact.Email}' is not an e-mail address.", field + ".email");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new DomainRuleException("Say whether to confer with or escalate to this contact.", field + ".kind");
        }

        return contact;
    }
}

/// <summary>
/// A piece of project work at a client, from plan to close. Status changes only through the methods below
/// (Start, SignOffCloseout, ReleaseLead, EnterHypercare, Close, Cancel), which enforce the hand-off order: support
/// signs off the close-out, then the lead is released, then hypercare begins, then the project closes. Every change
/// names who made it and goes on the project's audit trail.
/// </summary>
public sealed class Project : IAudited, IRecordWithEvents
{
    /// <summary>How a project's entries (and those of its deliverables, engagements, clean-up and scope changes) are filed.</summary>
    public const string RecordKind = "project";

    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 20_000;
    public const int MinHypercareDays = 28;
    public const int MaxHypercareDays = 92;
    public const int DefaultHypercareDays = 30;

    private readonly AuditLog _audit = new(RecordKind);
    private List<EscalationContact> _escalationContacts = [];
    private readonly PendingEvents _events = new();

    private Project()
    {
        Number = Name = Description = "";
    }

    public int Id { get; private set; }
    public string Number { get; private set; }
    public int ClientId { get; private set; }
    public string Name { get; private set; }
    public int ProjectTypeId { get; private set; }
    public ProjectStatus Status { get; private set; }
    public string? LeadTechId { get; private set; }
    public string? ProjectManagerId { get; private set; }
    public DateOnly? StartsOn { get; private set; }
    public DateOnly? PlannedGoLiveOn { get; private set; }
    public DateOnly? ActualGoLiveOn { get; private set; }
    public DateOnly? EndsOn { get; private set; }

    /// <summary>What is being changed, in the project lead's words (Markdown).</summary>
    public string Description { get; private set; }

    /// <summary>The sites the project touches: tickets at them are flagged on the insight panel.</summary>
    public IReadOnlyList<int> SiteIds { get; private set; } = [];

    /// <summary>The configuration items the project touches.</summary>
    public IReadOnlyList<int> ConfigurationItemIds { get; private set; } = [];

    public IReadOnlyList<EscalationContact> EscalationContacts => _escalationContacts;

    // Explicit, so EF's conventions do not see them as mapped properties.
    string IRecordWithEvents.RecordKind => RecordKind;

    long IRecordWithEvents.RecordId => Id;

    IReadOnlyList<IRecordEvent> IRecordWithEvents.PendingEvents => _events.All;

    void IRecordWithEvents.ClearPendingEvents() => _events.Clear();

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Bumped by every change; the optimistic-concurrency token pages and the API carry.</summary>
    public int Version { get; private set; }

    public DateTimeOffset? CloseoutSignedOffAt { get; private set; }
    public string? CloseoutSignedOffBy { get; private set; }
    public DateTimeOffset? LeadReleasedAt { get; private set; }
    public string? LeadReleasedBy { get; private set; }
    public DateTimeOffset? HypercareStartedAt { get; private set; }
    public DateTimeOffset? HypercareEndsAt { get; private set; }

    /// <summary>When "hypercare ends in 7 days" was told; it is told once per hypercare.</summary>
    public DateTimeOffset? HypercareEndingToldAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }
    public string? CancellationReason { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<AuditEntry> PendingAuditEntries => _audit.Pending;

    long IAudited.AuditRecordId => Id;

    void IAudited.ClearPendingAuditEntries() => _audit.Clear();

    public static Project Plan(int clientId, ProjectDetails details, string number, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(actor);
        var project = new Project { ClientId = clientId, Number = number, Status = ProjectStatus.Planned, CreatedAt = now, UpdatedAt = now };
        project.Apply(details);
        project.Version = 1;
        // One line for the plan, not one per field: the project page shows what it was planned with.
        project._audit.Record(actor, now, AuditFields.Created, null, $"{number} {project.Name}");
        return project;
    }

    public void Update(ProjectDetails details, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(actor);
        var before = (Name, ProjectTypeId, LeadTechId, ProjectManagerId, StartsOn, PlannedGoLiveOn, ActualGoLiveOn, EndsOn, Description);
        var (sitesBefore, itemsBefore) = (SiteIds, ConfigurationItemIds);
        var changes = _audit.Count;
        Apply(details);
        _audit.Change(actor, now, AuditFields.Name, before.Name, Name);
        _audit.Change(actor, now, AuditFields.ProjectType, before.ProjectTypeId, ProjectTypeId);
        _audit.Change(actor, now, AuditFields.LeadTech, before.LeadTechId, LeadTechId);
        _audit.Change(actor, now, AuditFields.ProjectManager, before.ProjectManagerId, ProjectManagerId);
        _audit.Change(actor, now, AuditFields.StartsOn, before.StartsOn, StartsOn);
        _audit.Change(actor, now, AuditFields.PlannedGoLiveOn, before.PlannedGoLiveOn, PlannedGoLiveOn);
        _audit.Change(actor, now, AuditFields.ActualGoLiveOn, before.ActualGoLiveOn, ActualGoLiveOn);
        _audit.Change(actor, now, AuditFields.EndsOn, before.EndsOn, EndsOn);
        _audit.Change(actor, now, AuditFields.Description, before.Description, Description);
        _audit.Change(actor, now, AuditFields.Sites, Ids(sitesBefore), Ids(SiteIds));
        _audit.Change(actor, now, AuditFields.ConfigurationItems, Ids(itemsBefore), Ids(ConfigurationItemIds));

        // The same values sent again keep the version: a concurrent editor is not told about a change that did not happen.
        if (_audit.Count > changes)
        {
            Touch(now);
        }
    }

    private void Apply(ProjectDetails details)
    {
        var name = Text.Required(details.Name, "name", NameMaxLength, "a project needs a name");
        if (details.ProjectTypeId <= 0)
        {
            throw new DomainRuleException("Choose the project's type.", "projectTypeId");
        }

        if (details.StartsOn is { } start && details.EndsOn is { } end && end < start)
        {
            throw new DomainRuleException($"The end ({end:yyyy-MM-dd}) is before the start ({start:yyyy-MM-dd}).", "endsOn");
        }

        if (details.StartsOn is { } s && details.PlannedGoLiveOn is { } goLive && goLive < s)
        {
            throw new DomainRuleException($"The planned go-live ({goLive:yyyy-MM-dd}) is before the start ({s:yyyy-MM-dd}).", "plannedGoLiveOn");
        }

        if (Status == ProjectStatus.Active && string.IsNullOrWhiteSpace(details.LeadTechId))
        {
            throw new DomainRuleException("An active project needs a lead tech: support needs to know whom to call.", "leadTechId");
        }

        Name = name;
        ProjectTypeId = details.ProjectTypeId;
        LeadTechId = Blank(details.LeadTechId);
        ProjectManagerId = Blank(details.ProjectManagerId);
        StartsOn = details.StartsOn;
        PlannedGoLiveOn = details.PlannedGoLiveOn;
        ActualGoLiveOn = details.ActualGoLiveOn;
        EndsOn = details.EndsOn;
        Description = Text.Optional(details.Description, "description", DescriptionMaxLength);
        SiteIds = (details.SiteIds ?? []).Distinct().Order().ToList();
        ConfigurationItemIds = (details.ConfigurationItemIds ?? []).Distinct().Order().ToList();
    }

    public void SetEscalationContacts(IEnumerable<EscalationContact> contacts, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        List<EscalationContact> next = [.. contacts];
        if (next.Count > 20)
        {
            throw new DomainRuleException("A project can name at most 20 escalation contacts.", "escalationContacts");
        }

        _audit.Change(actor, now, AuditFields.EscalationContacts, Describe(_escalationContacts), Describe(next));
        _escalationContacts = next;
        Touch(now);
    }

    /// <summary>Whether the project touches the ticket's configuration item or site (flagged first on the insight panel).</summary>
    public bool Touches(int? siteId, int? configurationItemId) =>
        (siteId is { } site && SiteIds.Contains(site)) || (configurationItemId is { } item && ConfigurationItemIds.Contains(item));

    // ---- Lifecycle -------------------------------------------------------------------------------------

    public static IReadOnlyList<ProjectStatus> NextStatuses(ProjectStatus status) => status switch
    {
        ProjectStatus.Planned => [ProjectStatus.Active, ProjectStatus.Cancelled],
        ProjectStatus.Active => [ProjectStatus.Hypercare, ProjectStatus.Closed, ProjectStatus.Cancelled],
        ProjectStatus.Hypercare => [ProjectStatus.Closed],
        ProjectStatus.Closed => [],
        ProjectStatus.Cancelled => [],
    };

    /// <summary>Work begins: the project shows on every ticket of the client from now on.</summary>
    public void Start(Actor actor, DateTimeOffset now)
    {
        Require(ProjectStatus.Planned, "start");
        if (LeadTechId is null)
        {
            throw new DomainRuleException("Name the lead tech before starting: support needs to know whom to call.", "leadTechId");
        }

        if (StartsOn is null)
        {
            StartsOn = DateOnly.FromDateTime(now.UtcDateTime);
            _audit.Change(actor, now, AuditFields.StartsOn, (DateOnly?)null, StartsOn);
        }

        MoveTo(ProjectStatus.Active, actor, now);
    }

    public void Cancel(string? reason, Actor actor, DateTimeOffset now)
    {
        if (Status is not (ProjectStatus.Planned or ProjectStatus.Active))
        {
            throw new DomainRuleException($"{Number} is {Describe(Status)}; only a planned or active project can be cancelled.", "status");
        }

        CancellationReason = Text.Required(reason, "reason", 2000, "say why the project is cancelled");
        CancelledAt = now;
        MoveTo(ProjectStatus.Cancelled, actor, now);
        _audit.Record(actor, now, AuditFields.CancellationReason, null, CancellationReason);
    }

    /// <summary>
    /// Support's sign-off of the close-out checklist, recorded on the project. The checklist decides whether it may
    /// be signed (required items done, in-scope deliverables accepted); the project only takes it while active.
    /// </summary>
    public void RecordCloseoutSignOff(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Require(ProjectStatus.Active, "sign off the close-out of");
        CloseoutSignedOffAt = now;
        CloseoutSignedOffBy = actor.DisplayName;
        _audit.Record(actor, now, AuditFields.CloseoutSignOff, null, "Signed off");
        Touch(now);
    }

    /// <summary>The close-out changed after sign-off (brought up to a newer checklist version): sign again.</summary>
    public void WithdrawCloseoutSignOff(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (LeadReleasedAt is not null)
        {
            throw new DomainRuleException("The lead has been released; the signed close-out stands.", "status");
        }

        if (CloseoutSignedOffAt is not null)
        {
            _audit.Record(actor, now, AuditFields.CloseoutSignOff, $"Signed off by {CloseoutSignedOffBy}", "Withdrawn");
        }

        CloseoutSignedOffAt = null;
        CloseoutSignedOffBy = null;
        Touch(now);
    }

    /// <summary>Lets the project lead walk away: only once support has signed off the close-out.</summary>
    public void ReleaseLead(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Require(ProjectStatus.Active, "release the lead of");
        if (CloseoutSignedOffAt is null)
        {
            throw new DomainRuleException("The lead can be released only after the support lead signs off the close-out checklist.", "closeout");
        }

        if (LeadReleasedAt is not null)
        {
            throw new DomainRuleException($"The lead was already released on {LeadReleasedAt:yyyy-MM-dd} by {LeadReleasedBy}.", "status");
        }

        LeadReleasedAt = now;
        LeadReleasedBy = actor.DisplayName;
        _audit.Record(actor, now, AuditFields.LeadReleased, null, "Released");
        Touch(now);
    }

    /// <summary>Post-implementation support: 4 weeks to 3 months, once the lead is released.</summary>
    public void EnterHypercare(int days, Actor actor, DateTimeOffset now)
    {
        Require(ProjectStatus.Active, "put into hypercare");
        if (LeadReleasedAt is null)
        {
            throw new DomainRuleException(CloseoutSignedOffAt is null
                ? "Hypercare starts after the close-out is signed off and the lead is released; the close-out is not signed off yet."
                : "Hypercare starts after the lead is released; release the lead first.", "status");
        }

        if (days is < MinHypercareDays or > MaxHypercareDays)
        {
            throw new DomainRuleException($"Hypercare lasts 1 to 3 months: between {MinHypercareDays} and {MaxHypercareDays} days (it was {days}).", "days");
        }

        HypercareStartedAt = now;
        HypercareEndsAt = now.AddDays(days);
        if (ActualGoLiveOn is null)
        {
            ActualGoLiveOn = DateOnly.FromDateTime(now.UtcDateTime);
            _audit.Change(actor, now, AuditFields.ActualGoLiveOn, (DateOnly?)null, ActualGoLiveOn);
        }

        MoveTo(ProjectStatus.Hypercare, actor, now);
        _audit.Record(actor, now, AuditFields.Hypercare, null, $"{days} days, until {AuditLog.Format(HypercareEndsAt)}");
    }

    /// <summary>Whether tickets from the client now fall in the hypercare period.</summary>
    public bool IsInHypercare(DateTimeOffset at) =>
        Status == ProjectStatus.Hypercare && HypercareStartedAt <= at && at < HypercareEndsAt;

    /// <summary>Whether the hypercare period has run out and the project should close (the daily job does it).</summary>
    /// <summary>Whether "hypercare ends in 7 days" is due and not yet told (once per hypercare).</summary>
    public bool HypercareEndingDue(DateTimeOffset now) =>
        Status == ProjectStatus.Hypercare && HypercareEndingToldAt is null && HypercareEndsAt is { } ends && now < ends && ends - now <= TimeSpan.FromDays(7);

    public void MarkHypercareEndingTold(DateTimeOffset now)
    {
        if (!HypercareEndingDue(now))
        {
            throw new InvalidOperationException("Hypercare is not ending within 7 days, or it was told already.");
        }

        HypercareEndingToldAt = now;
    }

    public bool HypercareHasEnded(DateTimeOffset now) => Status == ProjectStatus.Hypercare && now >= HypercareEndsAt;

    /// <summary>
    /// Closes the project: from hypercare (at its end, or early), or straight from active when the lead was released
    /// and no hypercare is wanted. Its tickets continue as normal support.
    /// </summary>
    public void Close(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        switch (Status)
        {
            case ProjectStatus.Hypercare:
                if (now < HypercareEndsAt)
                {
                    _audit.Record(actor, now, AuditFields.Hypercare, $"until {AuditLog.Format(HypercareEndsAt)}", $"ended early, {AuditLog.Format(now)}");
                    HypercareEndsAt = now; // ended early: the period is what actually happened
                }

                break;
            case ProjectStatus.Active when LeadReleasedAt is not null:
                break;
            case ProjectStatus.Active:
                throw new DomainRuleException("An active project closes only after the close-out is signed off and the lead is released.", "status");
            default:
                throw new DomainRuleException($"{Number} is {Describe(Status)}; it cannot be closed.", "status");
        }

        ClosedAt = now;
        if (EndsOn is null)
        {
            EndsOn = DateOnly.FromDateTime(now.UtcDateTime);
            _audit.Change(actor, now, AuditFields.EndsOn, (DateOnly?)null, EndsOn);
        }

        MoveTo(ProjectStatus.Closed, actor, now);
    }

    /// <summary>Whether the project counts as recently closed on the insight panel and the daily report.</summary>
    public bool ClosedWithin(TimeSpan window, DateTimeOffset now) => Status == ProjectStatus.Closed && ClosedAt >= now - window;

    public static string Describe(ProjectStatus status) => status switch
    {
        ProjectStatus.Planned => "planned",
        ProjectStatus.Active => "active",
        ProjectStatus.Hypercare => "in hypercare",
        ProjectStatus.Closed => "closed",
        ProjectStatus.Cancelled => "cancelled",
    };

    private void Require(ProjectStatus status, string action)
    {
        if (Status != status)
        {
            throw new DomainRuleException($"Cannot {action} {Number}: it is {Describe(Status)}, not {Describe(status)}.", "status");
        }
    }

    /// <summary>The one way the status changes: only along <see cref="NextStatuses"/>, on the record, with who did it.</summary>
    private void MoveTo(ProjectStatus to, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!NextStatuses(Status).Contains(to))
        {
            throw new DomainRuleException($"{Number} is {Describe(Status)}; it cannot become {Describe(to)}.", "status");
        }

        _events.Raise(new ProjectStatusChanged(Number, ClientId, Status, to, actor, now));
        _audit.Record(actor, now, AuditFields.Status, Status.ToString(), to.ToString());
        Status = to;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    private static string Ids(IReadOnlyList<int> ids) => string.Join(", ", ids);

    private static string Describe(IReadOnlyList<EscalationContact> contacts) =>
        string.Join("; ", contacts.Select(c => $"{c.Name}{(c.Role.Length > 0 ? $" ({c.Role})" : "")}, {(c.Kind == EscalationKind.EscalateTo ? "escalate to" : "confer with")}, {string.Join(" ", new[] { c.Phone, c.Email }.Where(v => v.Length > 0))}"));

    /// <summary>The field names on a project's audit trail; pages label and phrase them (Features/Shared/Audit).</summary>
    public static class AuditFields
    {
        public const string Created = "Created";
        public const string Name = "Name";
        public const string ProjectType = "Project type";
        public const string LeadTech = "Lead tech";
        public const string ProjectManager = "Project manager";
        public const string StartsOn = "Start";
        public const string PlannedGoLiveOn = "Planned go-live";
        public const string ActualGoLiveOn = "Actual go-live";
        public const string EndsOn = "End";
        public const string Description = "Description";
        public const string Sites = "Sites touched";
        public const string ConfigurationItems = "Items touched";
        public const string EscalationContacts = "Escalation contacts";
        public const string Status = "Status";
        public const string CancellationReason = "Cancellation reason";
        public const string CloseoutSignOff = "Close-out sign-off";
        public const string LeadReleased = "Lead";
        public const string Hypercare = "Hypercare";
        public const string Deliverable = "Deliverable";
        public const string Acceptance = "Acceptance";
        public const string CleanupItem = "Clean-up item";
        public const string Engagement = "Engagement";
        public const string ScopeChange = "Scope change";
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    // ---- What the project page offers (added for the project pages; the methods above stay the rules) ----

    /// <summary>Whether <see cref="Start"/> would accept now (the lead tech is checked when it runs).</summary>
    public bool CanStart => Status == ProjectStatus.Planned;

    /// <summary>Whether <see cref="Cancel"/> would accept now.</summary>
    public bool CanCancel => Status is ProjectStatus.Planned or ProjectStatus.Active;

    /// <summary>Whether <see cref="Close"/> would accept now: from hypercare, or active once the lead was released.</summary>
    public bool CanClose => Status == ProjectStatus.Hypercare || (Status == ProjectStatus.Active && LeadReleasedAt is not null);

    /// <summary>
    /// Engagements, deliverables, clean-up and scope changes belong to a project still under way (planned, active
    /// or in hypercare); a closed or cancelled project's record stays as it was.
    /// </summary>
    public void EnsureOpenFor(string action)
    {
        if (Status is ProjectStatus.Closed or ProjectStatus.Cancelled)
        {
            throw new DomainRuleException($"{Number} is {Describe(Status)}; you cannot {action} any more.", "status");
        }
    }
}
