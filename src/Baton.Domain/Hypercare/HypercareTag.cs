namespace Baton.Domain.Hypercare;

/// <summary>
/// A ticket tagged as a hypercare ticket of a project: which project, why, the scope it was judged to be in, when, by
/// whom, and whom it was routed to. At most one per ticket. Tags outlive the period: when the project closes its tickets
/// continue as normal support and the tags stay, for the dashboard and for history.
/// </summary>
public sealed class HypercareTag
{
    public const int RoutedToMaxLength = 200;

    private HypercareTag()
    {
        TaggedById = TaggedByName = RoutedTo = "";
    }

    public HypercareTag(long ticketId, int projectId, HypercareMatchReason reason, HypercareScope scope, HypercareRoute? route, string routedTo, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Enum.IsDefined(reason))
        {
            throw new DomainRuleException("Say why the ticket is a hypercare ticket.", "reason");
        }

        if (!Enum.IsDefined(scope))
        {
            throw new DomainRuleException("Say which scope the ticket is in: Operational, Application or Technological.", "scope");
        }

        TicketId = ticketId;
        ProjectId = projectId;
        Reason = reason;
        Scope = scope;
        RoutedRole = route?.Role;
        RoutedTeamId = route?.TeamId;
        RoutedAgentId = route?.AgentId;
        var to = routedTo?.Trim() ?? "";
        RoutedTo = to.Length <= RoutedToMaxLength ? to : to[..(RoutedToMaxLength - 1)] + "…";
        TaggedAt = now;
        TaggedById = actor.UserId;
        TaggedByName = actor.DisplayName;
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public int ProjectId { get; private set; }
    public HypercareMatchReason Reason { get; private set; }
    public HypercareScope Scope { get; private set; }

    /// <summary>The role the ticket was routed to; null when it was tagged without routing (it kept its assignment).</summary>
    public HypercareRole? RoutedRole { get; private set; }

    public int? RoutedTeamId { get; private set; }
    public string? RoutedAgentId { get; private set; }

    /// <summary>In words, as it was when routed ("Development · App team · Dana"): names change, history should not.</summary>
    public string RoutedTo { get; private set; }

    public DateTimeOffset TaggedAt { get; private set; }
    public string TaggedById { get; private set; }
    public string TaggedByName { get; private set; }
}
