using Baton.Domain.Audit;
using Baton.Domain.Events;
using Baton.Domain.ServiceLevels;

namespace Baton.Domain.Tickets;

/// <summary>
/// An incident or a service request. State changes only through the methods below, each in service-desk
/// language; each records who changed what in the append-only audit trail and bumps <see cref="Version"/>,
/// which is the optimistic-concurrency token pages and the API carry, and raises what happened as a record event
/// (TicketEvents.cs) for the handlers that run inside the save or after its commit.
/// </summary>
public sealed class Ticket : IAudited, IRecordWithEvents
{
    /// <summary>How a ticket's entries are filed on the audit trail.</summary>
    public const string RecordKind = "ticket";

    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 20_000;
    public const int MessageMaxLength = 20_000;

    private readonly List<TicketMessage> _messages = [];
    private readonly AuditLog _audit = new(RecordKind);
    private readonly PendingEvents _events = new();

    private Ticket()
    {
        Number = Title = Description = RequesterName = "";
    }

    public long Id { get; private set; }
    public string Number { get; private set; }
    public TicketKind Kind { get; private set; }
    public string Title { get; private set; }
    public string Description { get; private set; }
    public int ClientId { get; private set; }
    public int RequesterId { get; private set; }

    /// <summary>Kept beside the id so lists and audit lines read without a join.</summary>
    public string RequesterName { get; private set; }

    public int? SiteId { get; private set; }
    public int? ConfigurationItemId { get; private set; }
    public int? CategoryId { get; private set; }
    public RequestType RequestType { get; private set; }
    public Impact Impact { get; private set; }
    public Urgency Urgency { get; private set; }
    public Priority Priority { get; private set; }
    public int? TeamId { get; private set; }
    public string? AssigneeId { get; private set; }
    public TicketStatus Status { get; private set; }
    public string? ResolutionNote { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }

    /// <summary>The first acknowledgement or public reply by the desk: what stops the first-response clock.</summary>
    public DateTimeOffset? FirstRespondedAt { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>The SLA clocks; null only for tickets opened before Baton tracked SLAs.</summary>
    public TicketSla? Sla { get; private set; }

    public IReadOnlyList<TicketMessage> Messages => _messages;
    /// <inheritdoc />
    public IReadOnlyList<AuditEntry> PendingAuditEntries => _audit.Pending;

    long IAudited.AuditRecordId => Id;

    void IAudited.ClearPendingAuditEntries() => _audit.Clear();

    // Explicit, so EF's conventions do not see them as mapped properties.
    string IRecordWithEvents.RecordKind => RecordKind;

    long IRecordWithEvents.RecordId => Id;

    IReadOnlyList<IRecordEvent> IRecordWithEvents.PendingEvents => _events.All;

    void IRecordWithEvents.ClearPendingEvents() => _events.Clear();

    public static Ticket Open(NewTicket details, string number, PriorityMatrix matrix, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(matrix);
        var ticket = new Ticket
        {
            Number = number,
            Kind = details.Kind,
            Title = ValidTitle(details.Title),
            Description = ValidDescription(details.Description),
            ClientId = details.ClientId,
            RequesterId = details.Requester.Id,
            RequesterName = details.Requester.Name,
            SiteId = details.SiteId,
            ConfigurationItemId = details.ConfigurationItemId,
            CategoryId = details.CategoryId,
            RequestType = details.RequestType,
            Impact = details.Impact,
            Urgency = details.Urgency,
            Priority = matrix.PriorityFor(details.Impact, details.Urgency),
            Status = TicketStatus.New,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        ticket.Audit(actor, now, CreatedField, null, $"{number} ({ticket.Priority})");
        ticket._events.Raise(new TicketOpened(
            number, ticket.Kind, ticket.ClientId, ticket.SiteId, ticket.ConfigurationItemId, ticket.CategoryId, ticket.RequestType, ticket.Priority,
            string.IsNullOrWhiteSpace(details.NamedProject) ? null : details.NamedProject.Trim(), details.CategoryName, details.ConfigurationItemName, actor, now));
        return ticket;
    }

    // ---- Service levels -------------------------------------------------------------------------------

    /// <summary>Starts the clocks under the terms in force at creation.</summary>
    public void StartSla(SlaTerms terms, BusinessCalendar calendar) => Sla = TicketSla.Start(terms, Priority, CreatedAt, calendar);

    /// <summary>
    /// Brings the clocks up to date after a change (status, first response, priority). A priority change replaces
    /// the targets, and the history says so.
    /// </summary>
    public void TrackSla(SlaPolicy policy, BusinessCalendar calendar, Actor actor, DateTimeOffset now)
    {
        if (Sla?.Observe(Status, FirstRespondedAt, Priority, policy, calendar, now) is { } changed)
        {
            Audit(actor, now, "SLA targets", changed.Old, changed.New);
        }
    }

    // ---- Lifecycle -------------------------------------------------------------------------------------

    /// <summary>The moves a person may make from a status; pages show exactly these as buttons.</summary>
    public static IReadOnlyList<TicketTransition> TransitionsFrom(TicketStatus status) => status switch
    {
        TicketStatus.New => [TicketTransition.Acknowledge],
        TicketStatus.Acknowledged => [TicketTransition.StartWork, TicketTransition.Resolve],
        TicketStatus.InProgress => [TicketTransition.AwaitCustomer, TicketTransition.Resolve],
        TicketStatus.AwaitingCustomer => [TicketTransition.Resume, TicketTransition.Resolve],
        TicketStatus.Resolved => [TicketTransition.Reopen, TicketTransition.Close],
        TicketStatus.Closed => [],
    };

    public IReadOnlyList<TicketTransition> AvailableTransitions => TransitionsFrom(Status);

    /// <summary>Runs the domain method a transition names; <paramref name="note"/> is the resolution note or reopen reason.</summary>
    public void Apply(TicketTransition transition, string? note, Actor actor, DateTimeOffset now)
    {
        switch (transition)
        {
            case TicketTransition.Acknowledge: Acknowledge(actor, now); break;
            case TicketTransition.StartWork: StartWork(actor, now); break;
            case TicketTransition.AwaitCustomer: AwaitCustomer(actor, now); break;
            case TicketTransition.Resume: Resume(actor, now); break;
            case TicketTransition.Resolve: Resolve(note ?? "", actor, now); break;
            case TicketTransition.Reopen: Reopen(note, actor, now); break;
            case TicketTransition.Close: Close(actor, now); break;
            default: throw new DomainRuleException($"'{transition}' is not a ticket transition.", "transition");
        }
    }

    public void Acknowledge(Actor actor, DateTimeOffset now)
    {
        Move(TicketTransition.Acknowledge, TicketStatus.Acknowledged, actor, now);
        AcknowledgedAt ??= now;
        if (actor.RuleChain is null)
        {
            FirstRespondedAt ??= now; // a rule's acknowledgement is not a person's response
        }
    }

    public void StartWork(Actor actor, DateTimeOffset now) =>
        Move(TicketTransition.StartWork, TicketStatus.InProgress, actor, now);

    /// <summary>Waiting on the requester (information, a test, access): the ball is in their court.</summary>
    public void AwaitCustomer(Actor actor, DateTimeOffset now)
    {
        Move(TicketTransition.AwaitCustomer, TicketStatus.AwaitingCustomer, actor, now);
        Sla?.RecordAwaitingCustomer(now); // counted for the stuck rule: a second wait on the customer flags the ticket
    }

    public void Resume(Actor actor, DateTimeOffset now) =>
        Move(TicketTransition.Resume, TicketStatus.InProgress, actor, now);

    public void Resolve(string resolutionNote, Actor actor, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(resolutionNote))
        {
            throw new DomainRuleException("Resolving needs a resolution note: say what was done, so the requester and the next technician know.", "note");
        }

        var note = resolutionNote.Trim();
        if (note.Length > MessageMaxLength)
        {
            throw new DomainRuleException($"The resolution note is longer than {MessageMaxLength} characters.", "note");
        }

        Move(TicketTransition.Resolve, TicketStatus.Resolved, actor, now);
        Audit(actor, now, ResolutionField, ResolutionNote, note);
        ResolutionNote = note;
        ResolvedAt = now;
        _events.Raise(new TicketResolved(Number, note, actor, now));
    }

    /// <summary>The reopen reason recorded when the requester's reply reopens a resolved ticket.</summary>
    public const string RequesterRepliedReason = "The requester replied after the resolution.";

    public void Reopen(string? reason, Actor actor, DateTimeOffset now)
    {
        Move(TicketTransition.Reopen, TicketStatus.InProgress, actor, now);
        ResolvedAt = null;
        if (!string.IsNullOrWhiteSpace(reason))
        {
            Audit(actor, now, ReopenReasonField, null, reason.Trim());
        }

        _events.Raise(new TicketReopened(Number, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), actor, now));
    }

    public void Close(Actor actor, DateTimeOffset now)
    {
        Move(TicketTransition.Close, TicketStatus.Closed, actor, now);
        ClosedAt = now;
        _events.Raise(new TicketClosed(Number, actor, now));
    }

    // ---- Assignment and classification -----------------------------------------------------------------

    public void Assign(TeamRef? team, AgentRef? agent, Actor actor, DateTimeOffset now)
    {
        EnsureOpen("assigned");
        var (teamBefore, assigneeBefore) = (TeamId, AssigneeId);
        if (team?.Id != TeamId)
        {
            Audit(actor, now, "Team", NameOrNone(CurrentTeamName), NameOrNone(team?.Name));
            TeamId = team?.Id;
            CurrentTeamName = team?.Name;
        }

        if (agent?.Id != AssigneeId)
        {
            Audit(actor, now, "Assignee", NameOrNone(CurrentAssigneeName), NameOrNone(agent?.Name));
            AssigneeId = agent?.Id;
            CurrentAssigneeName = agent?.Name;
        }

        if (teamBefore != TeamId || assigneeBefore != AssigneeId)
        {
            _events.Raise(new AssignmentChanged(Number, teamBefore, TeamId, assigneeBefore, AssigneeId, actor, now));
        }

        Touch(now);
    }

    /// <summary>
    /// Names of the current team and assignee, when the caller knows them, so the audit line reads
    /// "Service desk → Infrastructure" rather than ids. Not persisted on the ticket.
    /// </summary>
    public string? CurrentTeamName { get; set; }

    /// <inheritdoc cref="CurrentTeamName"/>
    public string? CurrentAssigneeName { get; set; }

    public void Reclassify(Impact impact, Urgency urgency, PriorityMatrix matrix, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        EnsureOpen("reclassified");
        var changes = _audit.Count;
        var priority = matrix.PriorityFor(impact, urgency);
        var before = Priority;
        Change("Impact", Impact, impact, v => Impact = v, actor, now);
        Change("Urgency", Urgency, urgency, v => Urgency = v, actor, now);
        Change("Priority", Priority, priority, v => Priority = v, actor, now);
        if (before != Priority)
        {
            _events.Raise(new PriorityChanged(Number, before, Priority, actor, now));
        }

        TouchIfChangedSince(changes, now);
    }

    public void UpdateDetails(TicketDetails details, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        EnsureOpen("edited");
        var changes = _audit.Count;
        Change("Title", Title, ValidTitle(details.Title), v => Title = v, actor, now);
        Change("Description", Description, ValidDescription(details.Description), v => Description = v, actor, now);
        Change("Category", CategoryId, details.CategoryId, v => CategoryId = v, actor, now);
        Change("Site", SiteId, details.SiteId, v => SiteId = v, actor, now);
        Change("Configuration item", ConfigurationItemId, details.ConfigurationItemId, v => ConfigurationItemId = v, actor, now);
        Change("Request type", RequestType, details.RequestType, v => RequestType = v, actor, now);
        if (details.Requester is { } requester && requester.Id != RequesterId)
        {
            Audit(actor, now, "Requester", RequesterName, requester.Name);
            RequesterId = requester.Id;
            RequesterName = requester.Name;
        }

        if (_audit.Count > changes)
        {
            _events.Raise(new TicketDetailsChanged(Number, [.. _audit.Pending.Skip(changes).Select(a => a.Field)], actor, now));
        }

        TouchIfChangedSince(changes, now);
    }

    // ---- Conversation ----------------------------------------------------------------------------------

    /// <summary>
    /// A public reply the requester sees, or an internal note they never see. A requester's reply while the
    /// desk is waiting on them puts the ticket back in progress: the ball is back with the desk; on a resolved
    /// ticket it reopens it.
    /// </summary>
    public TicketMessage AddMessage(string body, MessageVisibility visibility, bool fromRequester, Actor actor, DateTimeOffset now)
    {
        if (Status == TicketStatus.Closed)
        {
            throw new DomainRuleException($"{Number} is closed and takes no more replies; open a new ticket that refers to it.", "body");
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            throw new DomainRuleException("Write something before sending.", "body");
        }

        if (body.Length > MessageMaxLength)
        {
            throw new DomainRuleException($"A message can be at most {MessageMaxLength} characters.", "body");
        }

        if (fromRequester && visibility == MessageVisibility.Internal)
        {
            throw new DomainRuleException("Requesters cannot write internal notes.", "internal");
        }

        var message = new TicketMessage(body.Trim(), visibility, actor, now);
        _messages.Add(message);
        _events.Raise(new MessagePosted(Number, visibility, fromRequester ? MessageAuthor.Requester : MessageAuthor.Desk, actor, now));
        if (!fromRequester && visibility == MessageVisibility.Public && actor.RuleChain is null)
        {
            // An automated reply is not a person answering: it never stops the first-response clock.
            FirstRespondedAt ??= now;
            Sla?.RecordPublicProgress(now); // the keep-informed clock; the SLA clocks follow in TrackSla
        }
        if (fromRequester && Status == TicketStatus.AwaitingCustomer)
        {
            Move(TicketTransition.Resume, TicketStatus.InProgress, actor, now);
        }
        else if (fromRequester && visibility == MessageVisibility.Public && Status == TicketStatus.Resolved)
        {
            // The customer answering a resolution is saying it is not fixed (or asking more): the ticket is the desk's
            // again, rather than a reply nobody sees on a ticket that closes itself.
            Reopen(RequesterRepliedReason, actor, now);
        }

        Touch(now);
        return message;
    }

    // ---- Internals -------------------------------------------------------------------------------------

    private void Move(TicketTransition transition, TicketStatus to, Actor actor, DateTimeOffset now)
    {
        if (!TransitionsFrom(Status).Contains(transition))
        {
            throw new DomainRuleException(
                $"{Number} is {Describe(Status)}; it cannot {Describe(transition)}. Allowed now: {DescribeAllowed(Status)}.",
                "transition");
        }

        Audit(actor, now, "Status", Status.ToString(), to.ToString());
        _events.Raise(new TicketStatusChanged(Number, Status, to, actor, now));
        Status = to;
        Touch(now);
    }

    private void EnsureOpen(string what)
    {
        if (Status == TicketStatus.Closed)
        {
            throw new DomainRuleException($"{Number} is closed and cannot be {what}.");
        }
    }

    private void Change<T>(string field, T current, T next, Action<T> set, Actor actor, DateTimeOffset now)
    {
        if (EqualityComparer<T>.Default.Equals(current, next))
        {
            return;
        }

        Audit(actor, now, field, current?.ToString(), next?.ToString());
        set(next);
    }

    /// <summary>
    /// Puts what automation did or was stopped from doing on the ticket's timeline ("the loop guard stopped rule X").
    /// Not a change of the ticket: no new version, so nobody editing it is told it changed.
    /// </summary>
    public void NoteAutomation(string text, Actor actor, DateTimeOffset now) => Audit(actor, now, AutomationField, null, text);

    public const string AutomationField = "Automation";

    private void Audit(Actor actor, DateTimeOffset now, string field, string? oldValue, string? newValue) =>
        _audit.Record(actor, now, field, oldValue, newValue);

    private void Touch(DateTimeOffset now)
    {
        // Every operation gets a new version, so whoever read the previous one is told it changed.
        Version++;
        UpdatedAt = now;
    }

    /// <summary>
    /// An edit that changes nothing (the same values sent again) keeps the version, so a concurrent editor is not
    /// told "changed by someone else" about nothing. Every real change wrote an audit line; that is the test.
    /// </summary>
    private void TouchIfChangedSince(int auditCount, DateTimeOffset now)
    {
        if (_audit.Count > auditCount)
        {
            Touch(now);
        }
    }

    private static string NameOrNone(string? name) => string.IsNullOrEmpty(name) ? "(none)" : name;

    private static string ValidTitle(string? title)
    {
        var t = title?.Trim() ?? "";
        if (t.Length == 0)
        {
            throw new DomainRuleException("A ticket needs a title: one line that says what is wrong or what is wanted.", "title");
        }

        if (t.Length > TitleMaxLength)
        {
            throw new DomainRuleException($"The title can be at most {TitleMaxLength} characters; put the detail in the description.", "title");
        }

        return t;
    }

    private static string ValidDescription(string? description)
    {
        var d = description?.Trim() ?? "";
        if (d.Length > DescriptionMaxLength)
        {
            throw new DomainRuleException($"The description can be at most {DescriptionMaxLength} characters; attach long logs as files.", "description");
        }

        return d;
    }

    public static string Describe(TicketStatus status) => status switch
    {
        TicketStatus.New => "new",
        TicketStatus.Acknowledged => "acknowledged",
        TicketStatus.InProgress => "in progress",
        TicketStatus.AwaitingCustomer => "awaiting the customer",
        TicketStatus.Resolved => "resolved",
        TicketStatus.Closed => "closed",
    };

    public static string Describe(TicketTransition transition) => transition switch
    {
        TicketTransition.Acknowledge => "be acknowledged",
        TicketTransition.StartWork => "start work",
        TicketTransition.AwaitCustomer => "wait on the customer",
        TicketTransition.Resume => "resume work",
        TicketTransition.Resolve => "be resolved",
        TicketTransition.Reopen => "be reopened",
        TicketTransition.Close => "be closed",
        _ => transition.ToString(),
    };

    private static string DescribeAllowed(TicketStatus status)
    {
        var allowed = TransitionsFrom(status);
        return allowed.Count == 0 ? "nothing (closed is final)" : string.Join(", ", allowed);
    }

    // ---- Project attribution (issue 4) -----------------------------------------------------------------

    /// <summary>The audit field of a verdict against a project; the timeline shows it.</summary>
    public const string ProjectAttributionField = "Project";

    /// <summary>The audit field a resolution writes; its actor is who resolved the ticket.</summary>
    /// <summary>The audit field of the ticket's first entry: who opened it, which may be an agent for the requester.</summary>
    public const string CreatedField = "Created";

    public const string ResolutionField = "Resolution";

    /// <summary>The audit field of the reason a ticket was reopened (by hand, or by the requester's reply).</summary>
    public const string ReopenReasonField = "Reopen reason";

    /// <summary>
    /// Records a technician's verdict on whether a project caused this ticket ("Caused by PRJ-000012 (note)") on the
    /// audit trail, and so on the timeline; <paramref name="previous"/> is the verdict it replaces, if any. Allowed on a
    /// closed ticket too: deciding the cause is analysis, often done after the fact. Repeating the verdict that stands
    /// changes nothing and returns false.
    /// </summary>
    public bool RecordProjectAttribution(string projectNumber, Insight.AttributionVerdict verdict, string? note, string? previous, Actor actor, DateTimeOffset now)
    {
        var current = DescribeProjectAttribution(projectNumber, verdict, note);
        if (current == previous)
        {
            return false;
        }

        Audit(actor, now, ProjectAttributionField, previous, current);
        Touch(now);
        return true;
    }

    /// <summary>"Caused by PRJ-000012 (switch replaced at 09:00)", "Not related to PRJ-000012".</summary>
    public static string DescribeProjectAttribution(string projectNumber, Insight.AttributionVerdict verdict, string? note) =>
        $"{Insight.ProjectAttribution.Describe(verdict)} {projectNumber}{(string.IsNullOrWhiteSpace(note) ? "" : $" ({note.Trim()})")}";
}

public enum MessageVisibility
{
    Public = 1,
    Internal = 2,
}

public sealed record TeamRef(int Id, string Name);

public sealed record AgentRef(string Id, string Name);

public sealed record RequesterRef(int Id, string Name);

public sealed record NewTicket(
    TicketKind Kind,
    string Title,
    string? Description,
    int ClientId,
    RequesterRef Requester,
    int? SiteId,
    int? ConfigurationItemId,
    int? CategoryId,
    RequestType RequestType,
    Impact Impact,
    Urgency Urgency,
    string? NamedProject = null,
    string? CategoryName = null,
    string? ConfigurationItemName = null);

public sealed record TicketDetails(
    string Title,
    string? Description,
    int? CategoryId,
    int? SiteId,
    int? ConfigurationItemId,
    RequestType RequestType,
    RequesterRef? Requester);
