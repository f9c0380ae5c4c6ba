using Baton.Domain.Hypercare;
using Baton.Domain.Tickets;

namespace Baton.Domain.Tests.Hypercare;

public sealed class HypercareRoutingTests
{
    private static readonly Actor Lead = new("lead", "Lee Lead");
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, int> NoLoad = [];

    private static HypercareRoleAssignment Role(HypercareRole role, int? team, string[]? agents = null, HypercareScope[]? scopes = null) =>
        HypercareRoleAssignment.Valid(role, team, agents, scopes, 0);

    /// <summary>SMEs team 1, development team 2, infrastructure team 3, coordination team 4, each with its default scopes.</summary>
    private static HypercareTeam FullTeam() => HypercareTeam.Name(1,
        [Role(HypercareRole.SubjectMatterExperts, 1), Role(HypercareRole.Development, 2), Role(HypercareRole.Infrastructure, 3), Role(HypercareRole.Coordination, 4)],
        Lead, Now);

    public static TheoryData<RequestType, string?, string?, HypercareScope, HypercareRole, int> Table => new()
    {
        // request type, CI type, category → scope, role, team
        { RequestType.NonTechnical, null, null, HypercareScope.Operational, HypercareRole.SubjectMatterExperts, 1 },
        { RequestType.NonTechnical, "Server", "Network", HypercareScope.Operational, HypercareRole.SubjectMatterExperts, 1 },
        { RequestType.Technical, null, "Software", HypercareScope.Application, HypercareRole.Development, 2 },
        { RequestType.Technical, null, "E-mail", HypercareScope.Application, HypercareRole.Development, 2 },
        { RequestType.Technical, null, "Network", HypercareScope.Technological, HypercareRole.Infrastructure, 3 },
        { RequestType.Technical, null, "Printing", HypercareScope.Technological, HypercareRole.Infrastructure, 3 },
        { RequestType.Technical, "Servers", "Software", HypercareScope.Technological, HypercareRole.Infrastructure, 3 },
        { RequestType.Technical, "Application", "Hardware", HypercareScope.Application, HypercareRole.Development, 2 },
        { RequestType.Technical, "Wireless access point", null, HypercareScope.Technological, HypercareRole.Infrastructure, 3 },
        { RequestType.Technical, null, "Access", HypercareScope.Application, HypercareRole.Development, 2 },
        { RequestType.Technical, null, null, HypercareScope.Application, HypercareRole.Development, 2 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Route_FullTeam_FollowsTheTable(RequestType type, string? itemType, string? category, HypercareScope scope, HypercareRole role, int team)
    {
        var route = HypercareRouting.Route(FullTeam(), type, itemType, category, NoLoad);
        Assert.Equal(new HypercareRoute(role, scope, team, null), route);
    }

    [Fact]
    public void Route_TechnicalWithoutDevelopment_GoesToInfrastructure()
    {
        var team = HypercareTeam.Name(1, [Role(HypercareRole.SubjectMatterExperts, 1), Role(HypercareRole.Infrastructure, 3), Role(HypercareRole.Coordination, 4)], Lead, Now);
        Assert.Equal(HypercareRole.Infrastructure, HypercareRouting.Route(team, RequestType.Technical, null, "Software", NoLoad).Role);
    }

    [Fact]
    public void Route_TheRoleCoveringTheScope_WinsOverTheNaturalOne()
    {
        // Infrastructure here also looks after the application (a hosted package), development only integrations.
        var team = HypercareTeam.Name(1,
            [
                Role(HypercareRole.SubjectMatterExperts, 1), Role(HypercareRole.Development, 2, scopes: [HypercareScope.Technological]),
                Role(HypercareRole.Infrastructure, 3, scopes: [HypercareScope.Application]), Role(HypercareRole.Coordination, 4),
            ],
            Lead, Now);
        Assert.Equal(HypercareRole.Infrastructure, HypercareRouting.Route(team, RequestType.Technical, null, "Software", NoLoad).Role);
        Assert.Equal(HypercareRole.Development, HypercareRouting.Route(team, RequestType.Technical, null, "Network", NoLoad).Role);
    }

    [Fact]
    public void Route_AgentsOnly_PicksTheLeastLoaded_FirstNamedOnATie()
    {
        var team = HypercareTeam.Name(1,
            [Role(HypercareRole.SubjectMatterExperts, null, ["ann", "bob", "cy"]), Role(HypercareRole.Development, 2), Role(HypercareRole.Coordination, 4)], Lead, Now);
        var route = HypercareRouting.Route(team, RequestType.NonTechnical, null, null, new Dictionary<string, int> { ["ann"] = 3, ["bob"] = 1, ["cy"] = 1 });
        Assert.Equal(new HypercareRoute(HypercareRole.SubjectMatterExperts, HypercareScope.Operational, null, "bob"), route);
        Assert.Equal("ann", HypercareRouting.Route(team, RequestType.NonTechnical, null, null, NoLoad).AgentId);
    }

    [Fact]
    public void Team_WithoutSmesCoordinatorsOrATechnicalRole_IsRefused()
    {
        Assert.Contains("subject-matter experts", Assert.Throws<DomainRuleException>(() =>
            HypercareTeam.Name(1, [Role(HypercareRole.Development, 2), Role(HypercareRole.Coordination, 4)], Lead, Now)).Message, StringComparison.Ordinal);
        Assert.Contains("coordinating team", Assert.Throws<DomainRuleException>(() =>
            HypercareTeam.Name(1, [Role(HypercareRole.SubjectMatterExperts, 1), Role(HypercareRole.Development, 2)], Lead, Now)).Message, StringComparison.Ordinal);
        Assert.Contains("development or infrastructure", Assert.Throws<DomainRuleException>(() =>
            HypercareTeam.Name(1, [Role(HypercareRole.SubjectMatterExperts, 1), Role(HypercareRole.Development, null), Role(HypercareRole.Coordination, 4)], Lead, Now)).Message, StringComparison.Ordinal);
        Assert.Contains("named twice", Assert.Throws<DomainRuleException>(() =>
            HypercareTeam.Name(1, [Role(HypercareRole.SubjectMatterExperts, 1), Role(HypercareRole.SubjectMatterExperts, 2), Role(HypercareRole.Development, 2), Role(HypercareRole.Coordination, 4)], Lead, Now)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Role_WithoutScopes_TakesTheDefaults_AndAnUnfilledRoleIsDropped()
    {
        var team = FullTeam();
        Assert.Equal([HypercareScope.Operational, HypercareScope.Application, HypercareScope.Technological], team.For(HypercareRole.Coordination)!.Scopes);
        Assert.Equal([HypercareScope.Application], team.For(HypercareRole.Development)!.Scopes);
        var noInfra = HypercareTeam.Name(1, [Role(HypercareRole.SubjectMatterExperts, 1), Role(HypercareRole.Development, 2), Role(HypercareRole.Infrastructure, null, [], [HypercareScope.Technological]), Role(HypercareRole.Coordination, 4)], Lead, Now);
        Assert.Null(noInfra.For(HypercareRole.Infrastructure));
    }

    [Fact]
    public void Role_UnknownScopeOrTooManyAgents_IsRefusedOnTheField()
    {
        Assert.Equal("team[2].scopes", Assert.Throws<DomainRuleException>(() => HypercareRoleAssignment.Valid(HypercareRole.Development, 1, null, [(HypercareScope)9], 2)).Field);
        var agents = Enumerable.Range(0, HypercareRoleAssignment.MaxAgents + 1).Select(i => "a" + i);
        Assert.Equal("team[0].agentIds", Assert.Throws<DomainRuleException>(() => HypercareRoleAssignment.Valid(HypercareRole.Development, null, agents, null, 0)).Field);
    }

    [Fact]
    public void Change_BumpsTheVersion_AndRecordsWho()
    {
        var team = FullTeam();
        team.Change([Role(HypercareRole.SubjectMatterExperts, 5), Role(HypercareRole.Infrastructure, 3), Role(HypercareRole.Coordination, 4)], new Actor("x", "Xena"), Now.AddDays(1));
        Assert.Equal(2, team.Version);
        Assert.Equal("Xena", team.UpdatedByName);
        Assert.Equal(5, team.For(HypercareRole.SubjectMatterExperts)!.TeamId);
        Assert.Null(team.For(HypercareRole.Development));
    }
}
