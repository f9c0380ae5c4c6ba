namespace Baton.Domain.Informing;

/// <summary>
/// What a role is for an activity (seed 002): Responsible does the work, Accountable answers for it (one per activity),
/// Supportive helps, Consulted is asked before decisions, Informed is told of progress.
/// </summary>
public enum RasciLetter
{
    Responsible = 1,
    Accountable = 2,
    Supportive = 3,
    Consulted = 4,
    Informed = 5,
}

public static class RasciLetters
{
    public static char Letter(this RasciLetter letter) => "RASCI"[(int)letter - 1];

    public static string Word(this RasciLetter letter) => letter.ToString();

    /// <summary>"R", "a", " I " → the letter; empty → none; anything else is refused on <paramref name="field"/>.</summary>
    public static RasciLetter? Parse(string? typed, string field)
    {
        var t = typed?.Trim().ToUpperInvariant() ?? "";
        if (t.Length == 0 || t == "-")
        {
            return null;
        }

        var at = t.Length == 1 ? "RASCI".IndexOf(t[0], StringComparison.Ordinal) : -1;
        if (at < 0 && Enum.TryParse<RasciLetter>(typed, ignoreCase: true, out var named) && Enum.IsDefined(named))
        {
            return named;
        }

        return at >= 0 ? (RasciLetter)(at + 1)
            : throw new DomainRuleException($"'{typed}' is not R, A, S, C or I (or empty for none).", field);
    }
}

/// <summary>
/// An activity the matrix has a row for: data, so later records (problems, changes) add rows without an enum to edit.
/// <see cref="Key"/> is stable ("incident-p1"); <see cref="Name"/> is what people read.
/// </summary>
public sealed record RasciActivity(string Key, string Name, int SortOrder);

/// <summary>
/// The roles of the matrix's columns, as stable keys: the built-in parties of a record, and the client's contacts by
/// contact role ("contact:it-manager").
/// </summary>
public static class PartyRoles
{
    public const string Requester = "requester";
    public const string Assignee = "assignee";
    public const string Team = "team";
    public const string TeamLead = "team-lead";
    public const string ServiceManager = "service-manager";
    public const string ProjectLead = "project-lead";
    public const string AccountManager = "account-manager";
    public const string ContactPrefix = "contact:";

    public static readonly IReadOnlyList<string> BuiltIn = [Requester, Assignee, Team, TeamLead, ServiceManager, ProjectLead, AccountManager];

    public static string ForContactRole(string contactRoleKey) => ContactPrefix + contactRoleKey;

    public static bool IsContactRole(string role) => role.StartsWith(ContactPrefix, StringComparison.Ordinal);

    /// <summary>How a built-in role reads in a sentence ("team lead"); a contact role's name is data and passed in.</summary>
    public static string Name(string role, IReadOnlyDictionary<string, string>? contactRoleNames = null) => role switch
    {
        Requester => "Requester",
        Assignee => "Assignee",
        Team => "Team",
        TeamLead => "Team lead",
        ServiceManager => "Service manager",
        ProjectLead => "Project lead",
        AccountManager => "Account manager",
        _ when IsContactRole(role) && contactRoleNames is not null && contactRoleNames.TryGetValue(role[ContactPrefix.Length..], out var name) => name,
        _ when IsContactRole(role) => role[ContactPrefix.Length..],
        _ => role,
    };
}

/// <summary>The activities that exist today, and which one a ticket is.</summary>
public static class Activities
{
    public const string ServiceRequest = "service-request";
    public const string ProjectEngagement = "project-engagement";
    public const string CloseoutHandoff = "closeout-handoff";
    public const string Hypercare = "hypercare";

    public static string Incident(Tickets.Priority priority) => $"incident-{priority.ToString().ToLowerInvariant()}";

    /// <summary>An incident is its priority's row (a P1 informs more people than a P4); a request is one row.</summary>
    public static string ForTicket(Tickets.TicketKind kind, Tickets.Priority priority) =>
        kind == Tickets.TicketKind.Incident ? Incident(priority) : ServiceRequest;

    /// <summary>The rows Baton ships with (the first migration seeds them; an administrator renames, never loses them).</summary>
    public static readonly IReadOnlyList<RasciActivity> Shipped =
    [
        new(Incident(Tickets.Priority.P1), "Incident P1 (critical)", 10),
        new(Incident(Tickets.Priority.P2), "Incident P2 (high)", 20),
        new(Incident(Tickets.Priority.P3), "Incident P3 (medium)", 30),
        new(Incident(Tickets.Priority.P4), "Incident P4 (low)", 40),
        new(ServiceRequest, "Service request", 50),
        new(ProjectEngagement, "Project engagement", 60),
        new(CloseoutHandoff, "Close-out and hand-off", 70),
        new(Hypercare, "Hypercare", 80),
    ];
}

/// <summary>
/// A role a client's contact can hold ("IT manager", "approver"): an administrator keeps the list; the matrix's columns
/// name them as "contact:{Key}". A role in use is retired (<see cref="IsActive"/>), never deleted.
/// </summary>
public sealed class ContactRole
{
    public const int NameMaxLength = 60;

    private ContactRole()
    {
        Key = Name = "";
    }

    public ContactRole(string name)
    {
        Key = Name = "";
        Rename(name);
        Key = ContactRoleKeys.FromName(Name);
    }

    public int Id { get; private set; }

    /// <summary>Fixed at creation from the name: the matrix refers to it, so a rename keeps the cells.</summary>
    public string Key { get; private set; }

    public string Name { get; private set; }

    public bool IsActive { get; private set; } = true;

    public void Rename(string name) => Name = Text.Required(name, "name", NameMaxLength, "a contact role needs a name, e.g. IT manager");

    public void SetActive(bool active) => IsActive = active;
}

/// <summary>That a contact holds a contact role.</summary>
public sealed record ContactRoleMembership(int ContactId, int ContactRoleId);
