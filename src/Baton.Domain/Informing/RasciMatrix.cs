namespace Baton.Domain.Informing;

/// <summary>One cell: what <see cref="Role"/> is for <see cref="Activity"/>. In a client's override a null letter means "not involved here".</summary>
public sealed record RasciCell(string Activity, string Role, RasciLetter? Letter);

/// <summary>
/// Activities × roles → R, A, S, C or I: the default matrix, and per client the cells its contract overrides. Immutable;
/// <see cref="WithDefaults"/> and <see cref="WithOverrides"/> give a new one, checked by <see cref="Check"/>.
/// </summary>
public sealed class RasciMatrix
{
    private readonly Dictionary<(string Activity, string Role), RasciLetter> _defaults;
    private readonly Dictionary<int, Dictionary<(string Activity, string Role), RasciLetter?>> _overrides;

    public RasciMatrix(IEnumerable<RasciCell> defaults, IEnumerable<KeyValuePair<int, IReadOnlyList<RasciCell>>>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        _defaults = [];
        foreach (var cell in defaults.Where(c => c.Letter is not null))
        {
            _defaults[(cell.Activity, cell.Role)] = cell.Letter!.Value;
        }

        _overrides = [];
        foreach (var (clientId, cells) in overrides ?? [])
        {
            _overrides[clientId] = cells.ToDictionary(c => (c.Activity, c.Role), c => c.Letter);
        }
    }

    /// <summary>What Baton ships: the assignee does the work, the team lead answers for it, and who is told grows with the priority.</summary>
    public static RasciMatrix Shipped { get; } = new(ShippedCells());

    public IReadOnlyList<RasciCell> Defaults => [.. _defaults.Select(c => new RasciCell(c.Key.Activity, c.Key.Role, c.Value))];

    public IReadOnlyList<RasciCell> OverridesFor(int clientId) =>
        _overrides.TryGetValue(clientId, out var cells) ? [.. cells.Select(c => new RasciCell(c.Key.Activity, c.Key.Role, c.Value))] : [];

    public IReadOnlyCollection<int> ClientsWithOverrides => _overrides.Where(o => o.Value.Count > 0).Select(o => o.Key).ToList();

    /// <summary>The letter for one cell at <paramref name="clientId"/> (null: the default matrix), and whether the client's override set it.</summary>
    public (RasciLetter? Letter, bool Overridden) Cell(string activity, string role, int? clientId = null)
    {
        if (clientId is { } id && _overrides.TryGetValue(id, out var own) && own.TryGetValue((activity, role), out var letter))
        {
            return (letter, true);
        }

        return (_defaults.TryGetValue((activity, role), out var d) ? d : null, false);
    }

    /// <summary>Every role with a letter for <paramref name="activity"/> at the client, in the order of <paramref name="roles"/>.</summary>
    public IReadOnlyList<(string Role, RasciLetter Letter, bool Overridden)> Row(string activity, int? clientId, IEnumerable<string> roles) =>
        [.. roles.Select(r => (Role: r, Cell: Cell(activity, r, clientId)))
            .Where(x => x.Cell.Letter is not null)
            .Select(x => (x.Role, x.Cell.Letter!.Value, x.Cell.Overridden))];

    public RasciMatrix WithDefaults(IEnumerable<RasciCell> defaults) =>
        new(defaults, _overrides.Select(o => KeyValuePair.Create(o.Key, (IReadOnlyList<RasciCell>)OverridesFor(o.Key))));

    /// <summary>The client's overrides replaced by <paramref name="cells"/> (an empty list: the client follows the default matrix).</summary>
    public RasciMatrix WithOverrides(int clientId, IEnumerable<RasciCell> cells)
    {
        var all = _overrides.Keys.Where(k => k != clientId)
            .Select(k => KeyValuePair.Create(k, OverridesFor(k)))
            .Append(KeyValuePair.Create(clientId, (IReadOnlyList<RasciCell>)[.. cells]));
        return new RasciMatrix(Defaults, all);
    }

    /// <summary>
    /// What is wrong with the matrix as <paramref name="clientId"/> sees it (null: the default), one message per activity:
    /// an unknown activity or role, or an activity with people involved but not exactly one Accountable. Empty: it may be saved.
    /// </summary>
    public IReadOnlyList<DomainRuleException> Check(IReadOnlyList<RasciActivity> activities, IReadOnlyCollection<string> roles, int? clientId = null, Func<string, string>? roleName = null)
    {
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(roles);
        roleName ??= r => PartyRoles.Name(r);
        var problems = new List<DomainRuleException>();
        var keys = clientId is { } id && _overrides.TryGetValue(id, out var own) ? _defaults.Keys.Concat(own.Keys) : _defaults.Keys;
        foreach (var unknown in keys.Where(k => !activities.Any(a => a.Key == k.Activity)).Select(k => k.Activity).Distinct())
        {
            problems.Add(new DomainRuleException($"There is no activity '{unknown}'.", $"cells[{unknown}]"));
        }

        foreach (var unknown in keys.Where(k => !roles.Contains(k.Role)).Select(k => k.Role).Distinct())
        {
            problems.Add(new DomainRuleException($"There is no role '{unknown}' (a contact role that was removed?).", $"roles[{unknown}]"));
        }

        foreach (var activity in activities)
        {
            var row = Row(activity.Key, clientId, roles);
            var accountable = row.Where(c => c.Letter == RasciLetter.Accountable).Select(c => roleName(c.Role)).ToList();
            if (row.Count > 0 && accountable.Count != 1)
            {
                var whose = clientId is null ? "" : " for this client";
                problems.Add(new DomainRuleException(
                    accountable.Count == 0
                        ? $"{activity.Name} needs one Accountable role{whose}; mark one role A."
                        : $"{activity.Name} has {accountable.Count} Accountable roles{whose} ({string.Join(", ", accountable)}); keep exactly one A.",
                    $"cells[{activity.Key}]"));
            }
        }

        return problems;
    }

    private static IEnumerable<RasciCell> ShippedCells()
    {
        const string itManager = PartyRoles.ContactPrefix + ContactRoleKeys.ItManager;
        const string approver = PartyRoles.ContactPrefix + ContactRoleKeys.Approver;
        var r = RasciLetter.Responsible;
        var a = RasciLetter.Accountable;
        var s = RasciLetter.Supportive;
        var c = RasciLetter.Consulted;
        var i = RasciLetter.Informed;
        (string Activity, (string Role, RasciLetter Letter)[] Cells)[] rows =
        [
            (Activities.Incident(Tickets.Priority.P1), [(PartyRoles.Assignee, r), (PartyRoles.Team, s), (PartyRoles.TeamLead, a), (PartyRoles.ServiceManager, i), (PartyRoles.AccountManager, i), (PartyRoles.Requester, i), (itManager, i)]),
            (Activities.Incident(Tickets.Priority.P2), [(PartyRoles.Assignee, r), (PartyRoles.Team, s), (PartyRoles.TeamLead, a), (PartyRoles.AccountManager, i), (PartyRoles.Requester, i), (itManager, i)]),
            (Activities.Incident(Tickets.Priority.P3), [(PartyRoles.Assignee, r), (PartyRoles.Team, s), (PartyRoles.TeamLead, a), (PartyRoles.Requester, i)]),
            (Activities.Incident(Tickets.Priority.P4), [(PartyRoles.Assignee, r), (PartyRoles.Team, s), (PartyRoles.TeamLead, a), (PartyRoles.Requester, i)]),
            (Activities.ServiceRequest, [(PartyRoles.Assignee, r), (PartyRoles.Team, s), (PartyRoles.TeamLead, a), (PartyRoles.Requester, i), (approver, c)]),
            (Activities.ProjectEngagement, [(PartyRoles.ProjectLead, r), (PartyRoles.ServiceManager, a), (PartyRoles.Team, s), (PartyRoles.AccountManager, i), (itManager, i)]),
            (Activities.CloseoutHandoff, [(PartyRoles.TeamLead, r), (PartyRoles.ServiceManager, a), (PartyRoles.ProjectLead, s), (PartyRoles.AccountManager, i), (itManager, c)]),
            (Activities.Hypercare, [(PartyRoles.Team, r), (PartyRoles.TeamLead, a), (PartyRoles.ProjectLead, s), (PartyRoles.AccountManager, i), (PartyRoles.Requester, i), (itManager, i)]),
        ];
        return rows.SelectMany(row => row.Cells.Select(cell => new RasciCell(row.Activity, cell.Role, cell.Letter)));
    }
}

/// <summary>The contact roles Baton ships (an administrator adds more); their keys appear in the shipped matrix.</summary>
public static class ContactRoleKeys
{
    public const string ItManager = "it-manager";
    public const string Approver = "approver";
    public const string User = "user";

    public static readonly IReadOnlyList<(string Key, string Name)> Shipped = [(ItManager, "IT manager"), (Approver, "Approver"), (User, "User")];

    /// <summary>A new role's key from its name: "Finance lead" → "finance-lead".</summary>
    public static string FromName(string name)
    {
        var chars = (name ?? "").Trim().ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray();
        var key = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return key.Length == 0 ? throw new DomainRuleException("A contact role needs a name with letters or digits, e.g. Finance lead.", "name")
            : key.Length > 40 ? key[..40].TrimEnd('-') : key;
    }
}
