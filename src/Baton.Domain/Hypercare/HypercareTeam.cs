namespace Baton.Domain.Hypercare;

/// <summary>
/// The four parts of a hypercare team (seed 003): subject-matter experts help users with the new solution (procedure,
/// data entry), development and infrastructure take the complex technical issues, and the coordinating (interface) team
/// runs the support phase, follows up and keeps everyone informed.
/// </summary>
public enum HypercareRole
{
    SubjectMatterExperts = 1,
    Development = 2,
    Infrastructure = 3,
    Coordination = 4,
}

/// <summary>The areas of intervention: how the business works with the solution, the application itself, the technology under it.</summary>
public enum HypercareScope
{
    Operational = 1,
    Application = 2,
    Technological = 3,
}

/// <summary>
/// One role of the hypercare team: a team, individual agents, or both, and the scopes it covers. An empty role is not
/// named (a network refresh may have no development role).
/// </summary>
public sealed record HypercareRoleAssignment(HypercareRole Role, int? TeamId, IReadOnlyList<string> AgentIds, IReadOnlyList<HypercareScope> Scopes)
{
    public const int MaxAgents = 20;

    public bool IsNamed => TeamId is not null || AgentIds.Count > 0;

    public bool Covers(HypercareScope scope) => Scopes.Contains(scope);

    /// <summary>What a role covers when nobody says otherwise: SMEs the operational scope, development the application, infrastructure the technology, coordination all.</summary>
    public static IReadOnlyList<HypercareScope> DefaultScopes(HypercareRole role) => role switch
    {
        HypercareRole.SubjectMatterExperts => [HypercareScope.Operational],
        HypercareRole.Development => [HypercareScope.Application],
        HypercareRole.Infrastructure => [HypercareScope.Technological],
        HypercareRole.Coordination => [HypercareScope.Operational, HypercareScope.Application, HypercareScope.Technological],
    };

    public static string Describe(HypercareRole role) => role switch
    {
        HypercareRole.SubjectMatterExperts => "Subject-matter experts",
        HypercareRole.Development => "Development",
        HypercareRole.Infrastructure => "Infrastructure",
        HypercareRole.Coordination => "Coordinating team",
    };

    public static string Describe(HypercareScope scope) => scope switch
    {
        HypercareScope.Operational => "Operational",
        HypercareScope.Application => "Application",
        HypercareScope.Technological => "Technological",
    };

    /// <summary>
    /// Checks one role as sent (the caller checks that the team and the agents exist). Empty scopes on a named role take
    /// the role's defaults; scopes on a role nobody fills are dropped.
    /// </summary>
    public static HypercareRoleAssignment Valid(HypercareRole role, int? teamId, IEnumerable<string>? agentIds, IEnumerable<HypercareScope>? scopes, int index)
    {
        var field = $"team[{index}]";
        if (!Enum.IsDefined(role))
        {
            throw new DomainRuleException("Say which role this is: SubjectMatterExperts, Development, Infrastructure or Coordination.", field + ".role");
        }

        var agents = (agentIds ?? []).Select(a => a?.Trim() ?? "").ToList();
        if (agents.Any(a => a.Length == 0))
        {
            throw new DomainRuleException("An agent id is empty.", field + ".agentIds");
        }

        agents = [.. agents.Distinct(StringComparer.Ordinal)];
        if (agents.Count > MaxAgents)
        {
            throw new DomainRuleException($"Name at most {MaxAgents} agents for {Describe(role).ToLowerInvariant()}; name a team instead.", field + ".agentIds");
        }

        var covered = (scopes ?? []).Distinct().Order().ToList();
        if (covered.Any(s => !Enum.IsDefined(s)))
        {
            throw new DomainRuleException($"'{covered.First(s => !Enum.IsDefined(s))}' is not a scope: Operational, Application or Technological.", field + ".scopes");
        }

        var named = teamId is not null || agents.Count > 0;
        return new HypercareRoleAssignment(role, teamId, agents, !named ? [] : covered.Count > 0 ? covered : DefaultScopes(role));
    }

    public bool Equals(HypercareRoleAssignment? other) =>
        other is not null && Role == other.Role && TeamId == other.TeamId && AgentIds.SequenceEqual(other.AgentIds) && Scopes.SequenceEqual(other.Scopes);

    public override int GetHashCode() => HashCode.Combine(Role, TeamId, AgentIds.Count, Scopes.Count);
}

/// <summary>
/// Who works a project's hypercare: one <see cref="HypercareRoleAssignment"/> per role. Named when the project enters
/// hypercare and editable throughout it. Subject-matter experts and the coordinating team must be named, and at least one
/// of development and infrastructure, so that every request type has somewhere to go and someone is told.
/// </summary>
public sealed class HypercareTeam
{
    private List<HypercareRoleAssignment> _roles = [];

    private HypercareTeam()
    {
        UpdatedById = UpdatedByName = "";
    }

    public int Id { get; private set; }
    public int ProjectId { get; private set; }
    public IReadOnlyList<HypercareRoleAssignment> Roles => _roles;
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedById { get; private set; }
    public string UpdatedByName { get; private set; }

    /// <summary>Bumped by every change; the concurrency token for edits of the team.</summary>
    public int Version { get; private set; }

    public static HypercareTeam Name(int projectId, IEnumerable<HypercareRoleAssignment> roles, Actor actor, DateTimeOffset now)
    {
        var team = new HypercareTeam { ProjectId = projectId };
        team.Change(roles, actor, now);
        return team;
    }

    public void Change(IEnumerable<HypercareRoleAssignment> roles, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(actor);
        var list = roles.ToList();
        var repeated = list.GroupBy(r => r.Role).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new DomainRuleException($"{HypercareRoleAssignment.Describe(repeated.Key)} is named twice; name each role once.", "team");
        }

        Require(list, HypercareRole.SubjectMatterExperts, "non-technical questions (procedures, data entry) go to them");
        Require(list, HypercareRole.Coordination, "they run the support phase and are told about every hypercare ticket");
        if (!list.Any(r => r.Role is HypercareRole.Development or HypercareRole.Infrastructure && r.IsNamed))
        {
            throw new DomainRuleException("Name development or infrastructure (or both): technical issues go to them.", "team");
        }

        _roles = [.. list.Where(r => r.IsNamed).OrderBy(r => r.Role)];
        UpdatedAt = now;
        UpdatedById = actor.UserId;
        UpdatedByName = actor.DisplayName;
        Version++;
    }

    /// <summary>The role as named, or null when nobody fills it.</summary>
    public HypercareRoleAssignment? For(HypercareRole role) => _roles.FirstOrDefault(r => r.Role == role);

    /// <summary>Every team and agent named, for checking they exist.</summary>
    public IEnumerable<int> TeamIds => _roles.Where(r => r.TeamId is not null).Select(r => r.TeamId!.Value).Distinct();

    private static void Require(List<HypercareRoleAssignment> roles, HypercareRole role, string why)
    {
        if (!roles.Any(r => r.Role == role && r.IsNamed))
        {
            throw new DomainRuleException($"Name the {HypercareRoleAssignment.Describe(role).ToLowerInvariant()} (a team or agents): {why}.", "team");
        }
    }
}
