namespace Baton.Domain.Informing;

/// <summary>
/// Someone a record can name: a staff member (<see cref="UserId"/>) or a client's contact (<see cref="ContactId"/>,
/// with the user id of their portal account if they have one). <see cref="ClientId"/> is the contact's organisation.
/// </summary>
public sealed record Person(string Name, string? UserId, int? ContactId, int? ClientId, string? Email)
{
    public static Person Staff(string userId, string name, string? email) => new(name, userId, null, null, email);

    public static Person Contact(int contactId, int clientId, string name, string? email, string? userId = null) => new(name, userId, contactId, clientId, email);

    /// <summary>One key per human, so a person in two roles is listed (and told) once.</summary>
    public string Key => ContactId is { } c ? $"contact:{c}" : $"user:{UserId}";

    public bool IsContact => ContactId is not null;
}

/// <summary>A contact of the record's client with the contact roles they hold (keys such as "it-manager").</summary>
public sealed record ContactWithRoles(Person Contact, IReadOnlyCollection<string> RoleKeys);

/// <summary>The people a record names, read for one record; the resolver fills the matrix's roles from it.</summary>
public sealed record RecordParties(
    int ClientId,
    string? ClientName,
    Person? Requester,
    Person? Assignee,
    IReadOnlyList<Person> TeamMembers,
    Person? TeamLead,
    IReadOnlyList<Person> ServiceManagers,
    Person? ProjectLead,
    Person? AccountManager,
    IReadOnlyList<ContactWithRoles> Contacts)
{
    public IReadOnlyList<Person> InRole(string role) => role switch
    {
        PartyRoles.Requester => Requester is null ? [] : [Requester],
        PartyRoles.Assignee => Assignee is null ? [] : [Assignee],
        PartyRoles.Team => TeamMembers,
        PartyRoles.TeamLead => TeamLead is null ? [] : [TeamLead],
        PartyRoles.ServiceManager => ServiceManagers,
        PartyRoles.ProjectLead => ProjectLead is null ? [] : [ProjectLead],
        PartyRoles.AccountManager => AccountManager is null ? [] : [AccountManager],
        _ when PartyRoles.IsContactRole(role) => [.. Contacts.Where(c => c.RoleKeys.Contains(role[PartyRoles.ContactPrefix.Length..])).Select(c => c.Contact)],
        _ => [],
    };
}

/// <summary>One line of "Who's involved": a person, the role that brings them in, their letter, and why (which cell).</summary>
public sealed record Involvement(Person Person, string Role, RasciLetter Letter, string Why);

/// <summary>Resolves a record's matrix row to people: who does the work, who answers for it, who is asked, who is told.</summary>
public static class WhoIsInvolved
{
    public static IReadOnlyList<Involvement> Resolve(
        RasciMatrix matrix,
        RasciActivity activity,
        RecordParties parties,
        IReadOnlyCollection<string> roles,
        IReadOnlyDictionary<string, string>? contactRoleNames = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(parties);
        var lines = new List<Involvement>();
        foreach (var (role, letter, overridden) in matrix.Row(activity.Key, parties.ClientId, roles))
        {
            var source = overridden ? $"{parties.ClientName ?? "the client"}'s matrix" : "default matrix";
            var why = $"{activity.Name} × {PartyRoles.Name(role, contactRoleNames)}: {letter.Letter()} ({source})";
            foreach (var person in parties.InRole(role).Where(p => BelongsHere(p, parties.ClientId)))
            {
                lines.Add(new Involvement(person, role, letter, why));
            }
        }

        return lines;
    }

    /// <summary>
    /// The people to tell of progress: the Informed, and (for an escalation) the Accountable too — each once, never the
    /// one who acted, never a contact of another client.
    /// </summary>
    public static IReadOnlyList<Person> ToTell(IReadOnlyList<Involvement> involved, bool escalation, string? actorUserId, int? actorContactId = null)
    {
        ArgumentNullException.ThrowIfNull(involved);
        return [.. involved
            .Where(i => i.Letter == RasciLetter.Informed || (escalation && i.Letter == RasciLetter.Accountable))
            .Select(i => i.Person)
            .Where(p => !IsActor(p, actorUserId, actorContactId))
            .DistinctBy(p => p.Key)];
    }

    /// <summary>
    /// The people to tell of a project milestone (a deliverable decided, a scope change asked for, close-out ready,
    /// hypercare ending): whoever does the row's work (R), answers for it (A) and is kept informed (I). Unlike a ticket's
    /// progress, a milestone is a decision point for those running the project, not only news. Each once, never the actor,
    /// never a contact of another client.
    /// </summary>
    public static IReadOnlyList<Person> ToTellOfMilestone(IReadOnlyList<Involvement> involved, string? actorUserId, int? actorContactId = null)
    {
        ArgumentNullException.ThrowIfNull(involved);
        return [.. involved
            .Where(i => i.Letter is RasciLetter.Responsible or RasciLetter.Accountable or RasciLetter.Informed)
            .Select(i => i.Person)
            .Where(p => !IsActor(p, actorUserId, actorContactId))
            .DistinctBy(p => p.Key)];
    }

    /// <summary>
    /// Who an escalation adds to the recipients Baton already decides (an SLA crossing's assignee and team lead): the
    /// row's Accountable, and only them — the Informed hear of progress, not of every alarm.
    /// </summary>
    public static IReadOnlyList<Person> AccountableToEscalateTo(IReadOnlyList<Involvement> involved) =>
        [.. (involved ?? throw new ArgumentNullException(nameof(involved)))
            .Where(i => i.Letter == RasciLetter.Accountable).Select(i => i.Person).DistinctBy(p => p.Key)];

    /// <summary>The people asked before decisions (C).</summary>
    public static IReadOnlyList<Person> ToConsult(IReadOnlyList<Involvement> involved) =>
        [.. involved.Where(i => i.Letter == RasciLetter.Consulted).Select(i => i.Person).DistinctBy(p => p.Key)];

    public static bool IsActor(Person person, string? actorUserId, int? actorContactId) =>
        (actorUserId is not null && person.UserId == actorUserId) || (actorContactId is not null && person.ContactId == actorContactId);

    /// <summary>Staff serve every client; a contact belongs to one, and is never named on another client's record.</summary>
    public static bool BelongsHere(Person person, int recordClientId) => !person.IsContact || person.ClientId == recordClientId;
}
