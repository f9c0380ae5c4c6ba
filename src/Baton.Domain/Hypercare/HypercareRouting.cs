using Baton.Domain.Tickets;

namespace Baton.Domain.Hypercare;

/// <summary>Where a hypercare ticket goes: the role, the scope it was judged to be in, and the team and/or agent to assign.</summary>
public sealed record HypercareRoute(HypercareRole Role, HypercareScope Scope, int? TeamId, string? AgentId);

/// <summary>
/// The routing table of hypercare, by request type (seed 003: technical and non-technical issues follow different
/// workflows).
/// <para><b>Scope.</b> A non-technical request (a procedure, a data-entry question) is operational. A technical one is
/// technological when the type of its configuration item, or else its category, speaks of infrastructure (server,
/// network, laptop, printer, VPN, storage…), application when it speaks of software (application, software, e-mail, ERP,
/// database…), and application when nothing says (in hypercare the new solution is the first suspect). The item's type
/// is asked first: it is the more specific evidence.</para>
/// <para><b>Role.</b> Non-technical → subject-matter experts. Technical → development or infrastructure: the one whose
/// scopes include the ticket's scope (development for the application scope and infrastructure for the technological
/// one when both or neither do); when that role is not named, the other technical role. Should neither be available the
/// coordinating team takes it.</para>
/// <para><b>Who.</b> The role's team, and among its named agents the one with the fewest open tickets (the first named on
/// a tie); a role of agents only is assigned to that agent with no team.</para>
/// </summary>
public static class HypercareRouting
{
    private static readonly HashSet<string> TechnologyWords = new(StringComparer.Ordinal)
    {
        "infrastructure", "network", "networking", "server", "hardware", "printer", "printing", "print", "laptop", "desktop",
        "workstation", "pc", "monitor", "switch", "router", "firewall", "wifi", "wireless", "lan", "wan", "vpn", "storage",
        "san", "nas", "backup", "telephony", "phone", "voip", "datacenter", "datacentre", "cabling", "ups", "vm",
        "virtualisation", "virtualization", "device", "peripheral", "scanner",
    };

    private static readonly HashSet<string> ApplicationWords = new(StringComparer.Ordinal)
    {
        "application", "app", "software", "email", "mail", "erp", "crm", "database", "web", "website", "portal",
        "integration", "saas", "licence", "license", "report", "reporting",
    };

    /// <summary>The scope a ticket is in, by request type, then its configuration item's type, then its category.</summary>
    public static HypercareScope ScopeOf(RequestType requestType, string? configurationItemType, string? categoryName)
    {
        if (requestType == RequestType.NonTechnical)
        {
            return HypercareScope.Operational;
        }

        return Speaks(configurationItemType) ?? Speaks(categoryName) ?? HypercareScope.Application;
    }

    /// <summary>The role that takes a ticket of this request type and scope, under this team (see the class summary).</summary>
    public static HypercareRoleAssignment RoleFor(HypercareTeam team, RequestType requestType, HypercareScope scope)
    {
        ArgumentNullException.ThrowIfNull(team);
        HypercareRoleAssignment? chosen;
        if (requestType == RequestType.NonTechnical)
        {
            chosen = team.For(HypercareRole.SubjectMatterExperts);
        }
        else
        {
            var natural = scope == HypercareScope.Technological ? HypercareRole.Infrastructure : HypercareRole.Development;
            var other = natural == HypercareRole.Development ? HypercareRole.Infrastructure : HypercareRole.Development;
            var first = team.For(natural);
            var second = team.For(other);
            chosen = first?.Covers(scope) == true ? first
                : second?.Covers(scope) == true ? second
                : first ?? second;
        }

        return chosen ?? team.For(HypercareRole.Coordination)
            ?? throw new InvalidOperationException("A hypercare team always names its coordinating team.");
    }

    /// <summary>
    /// The whole decision for one ticket. <paramref name="openTickets"/> gives the open tickets each of the role's agents
    /// holds now (missing: none).
    /// </summary>
    public static HypercareRoute Route(
        HypercareTeam team, RequestType requestType, string? configurationItemType, string? categoryName, IReadOnlyDictionary<string, int> openTickets)
    {
        ArgumentNullException.ThrowIfNull(openTickets);
        var scope = ScopeOf(requestType, configurationItemType, categoryName);
        var role = RoleFor(team, requestType, scope);
        var agent = role.AgentIds
            .Select((id, order) => (id, order, load: openTickets.GetValueOrDefault(id)))
            .OrderBy(a => a.load).ThenBy(a => a.order)
            .Select(a => a.id)
            .FirstOrDefault();
        return new HypercareRoute(role.Role, scope, role.TeamId, agent);
    }

    private static HypercareScope? Speaks(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var words = text.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)
            .Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        return words.Any(w => Has(TechnologyWords, w)) ? HypercareScope.Technological
            : words.Any(w => Has(ApplicationWords, w)) ? HypercareScope.Application
            : null;
    }

    /// <summary>The word, or its singular ("Servers", "Applications").</summary>
    private static bool Has(HashSet<string> vocabulary, string word) =>
        vocabulary.Contains(word) || (word.Length > 3 && word.EndsWith('s') && vocabulary.Contains(word[..^1]));

    private static readonly char[] Separators = [' ', '/', ',', '.', '(', ')', '&', '_', ':', ';', '+'];
}
