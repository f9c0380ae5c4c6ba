using Baton.Domain.Informing;
using Baton.Domain.Insight;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Informing;

/// <summary>What the resolution needs of a ticket: which row, which client, and the people it names.</summary>
public sealed record TicketSubject(long Id, TicketKind Kind, Priority Priority, int ClientId, int RequesterId, int? TeamId, string? AssigneeId)
{
    public static TicketSubject Of(Ticket t) => new(t.Id, t.Kind, t.Priority, t.ClientId, t.RequesterId, t.TeamId, t.AssigneeId);
}

/// <summary>A ticket's "Who's involved": the matrix row it falls under and the people each role resolves to, with why.</summary>
public sealed record TicketInvolved(RasciView View, RasciActivity Activity, IReadOnlyList<Involvement> Lines, IReadOnlyList<string> BuiltInRules);

/// <summary>Reads the people a ticket names and resolves its matrix row to them (Baton.Domain.Informing.WhoIsInvolved).</summary>
public static class TicketInvolvement
{
    /// <summary>The rules that decide without the matrix and stay (issue 13): the matrix's Accountable is added to them, never replaces them.</summary>
    public static readonly IReadOnlyList<string> BuiltInRules =
    [
        "SLA at risk and breached: the assignee and the team lead are told (built-in), and the Accountable role too.",
        "Hypercare tickets are routed by the project's hypercare team (built-in).",
        "Close-out sign-off is the support lead's (built-in).",
    ];

    public static Task<TicketInvolved> ForAsync(BatonDb db, TicketSubject ticket, DateTimeOffset now, CancellationToken ct) => ForAsync(db, ticket, null, now, ct);

    /// <summary>As <see cref="ForAsync(BatonDb, TicketSubject, DateTimeOffset, CancellationToken)"/>, under <paramref name="matrix"/> instead of the saved one (the matrix page's preview).</summary>
    public static async Task<TicketInvolved> ForAsync(BatonDb db, TicketSubject ticket, RasciMatrix? matrix, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        var view = await RasciCatalogue.CachedAsync(db, ticket.ClientId, ct);
        var key = Activities.ForTicket(ticket.Kind, ticket.Priority);
        var activity = view.Activities.FirstOrDefault(a => a.Key == key) ?? Activities.Shipped.First(a => a.Key == key);
        var parties = await PartiesAsync(db, ticket, now, ct);
        var lines = WhoIsInvolved.Resolve(matrix ?? view.Matrix, activity, parties, view.Roles, view.ContactRoleNames);
        return new TicketInvolved(view, activity, lines, BuiltInRules);
    }

    /// <summary>The people the ticket names (a locked staff account is left out): few small reads, all by index (ticket page and every notification read it).</summary>
    public static async Task<RecordParties> PartiesAsync(BatonDb db, TicketSubject ticket, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        var projectLeadId = await ProjectLeadAsync(db, ticket.Id, ct);
        return await RecordPartiesAsync(db, ticket.ClientId, ticket.RequesterId, ticket.AssigneeId, ticket.TeamId, projectLeadId, now, ct);
    }

    /// <summary>
    /// The people a record of <paramref name="clientId"/> names, whatever the record (a ticket; a project, which has no
    /// requester or assignee): the client's contacts who hold a role, the team, the service managers, the project lead and
    /// the account manager. A locked staff account is left out; a contact of another client never comes in.
    /// </summary>
    internal static async Task<RecordParties> RecordPartiesAsync(
        BatonDb db, int clientId, int? requesterId, string? assigneeId, int? teamId, string? projectLeadId, DateTimeOffset now, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == clientId)
            .Select(c => new { c.Name, c.AccountManagerId }).SingleAsync(ct);

        // The client's contacts who hold a role, and the requester: a contact of this client only, never another's.
        var contacts = await (from c in db.Contacts.AsNoTracking()
                              where c.ClientId == clientId && !c.PortalAccessRevoked
                                    && (c.Id == requesterId || db.ContactRoleMemberships.Any(m => m.ContactId == c.Id))
                              select new { c.Id, c.ClientId, c.Name, c.Email }).ToListAsync(ct);
        var contactIds = contacts.Select(c => c.Id).ToList();
        var memberships = await (from m in db.ContactRoleMemberships.AsNoTracking()
                                 join r in db.ContactRoles on m.ContactRoleId equals r.Id
                                 where contactIds.Contains(m.ContactId) && r.IsActive
                                 select new { m.ContactId, r.Key }).ToListAsync(ct);
        var portalUsers = await db.Users.AsNoTracking().Where(u => u.ContactId != null && contactIds.Contains(u.ContactId.Value))
            .Select(u => new { u.Id, u.ContactId }).ToListAsync(ct);
        Person ContactPerson(int id)
        {
            var c = contacts.Single(x => x.Id == id);
            return Person.Contact(c.Id, c.ClientId, c.Name, c.Email, portalUsers.FirstOrDefault(u => u.ContactId == c.Id)?.Id);
        }

        var team = teamId is { } tid ? await db.Teams.AsNoTracking().Where(t => t.Id == tid).Select(t => new { t.LeadUserId }).SingleOrDefaultAsync(ct) : null;
        var teamMemberIds = teamId is { } mid ? await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == mid).Select(m => m.UserId).ToListAsync(ct) : [];
        var managerIds = await (from ur in db.UserRoles
                                join r in db.Roles on ur.RoleId equals r.Id
                                where r.Name == Roles.Manager
                                select ur.UserId).ToListAsync(ct);

        var staffIds = teamMemberIds.Concat(managerIds)
            .Append(assigneeId).Append(team?.LeadUserId).Append(projectLeadId).Append(client.AccountManagerId)
            .OfType<string>().Distinct().ToList();
        var staff = await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id) && u.ContactId == null)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.LockoutEnd }).ToListAsync(ct);
        Person? Staff(string? id) => staff.FirstOrDefault(s => s.Id == id) is { } s && !(s.LockoutEnd > now) ? Person.Staff(s.Id, s.DisplayName, s.Email) : null;
        IReadOnlyList<Person> StaffList(IEnumerable<string> ids) => [.. ids.Select(Staff).OfType<Person>().OrderBy(p => p.Name, StringComparer.CurrentCulture)];

        return new RecordParties(
            clientId,
            client.Name,
            requesterId is { } rid && contacts.Any(c => c.Id == rid) ? ContactPerson(rid) : null,
            Staff(assigneeId),
            StaffList(teamMemberIds),
            Staff(team?.LeadUserId),
            StaffList(managerIds),
            Staff(projectLeadId),
            Staff(client.AccountManagerId),
            [.. memberships.GroupBy(m => m.ContactId).Select(g => new ContactWithRoles(ContactPerson(g.Key), [.. g.Select(m => m.Key)]))]);
    }

    /// <summary>The lead tech of the project the ticket was attributed to, else of the project whose hypercare tagged it.</summary>
    private static async Task<string?> ProjectLeadAsync(BatonDb db, long ticketId, CancellationToken ct)
    {
        var projectId = await db.ProjectAttributions.AsNoTracking()
            .Where(a => a.TicketId == ticketId && a.Verdict == AttributionVerdict.CausedBy).OrderByDescending(a => a.At).Select(a => (int?)a.ProjectId).FirstOrDefaultAsync(ct)
            ?? await db.HypercareTags.AsNoTracking().Where(h => h.TicketId == ticketId).Select(h => (int?)h.ProjectId).FirstOrDefaultAsync(ct);
        return projectId is { } id ? await db.Projects.AsNoTracking().Where(p => p.Id == id).Select(p => p.LeadTechId).SingleOrDefaultAsync(ct) : null;
    }
}
