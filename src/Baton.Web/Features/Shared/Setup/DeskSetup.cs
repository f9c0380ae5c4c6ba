using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Shared.Setup;

/// <summary>One step of setting up an empty desk: what to do, why it comes first, where, and whether it is done.</summary>
public sealed record SetupStep(string Title, string Why, string Href, bool Done);

/// <summary>
/// What an empty desk needs before the first ticket makes sense, in the order it is needed: a ticket is raised for a
/// client's contact, routed to a team whose lead hears of trouble, worked by agents, classified by category and timed
/// by the client's contract. Each step is done when the desk holds what it asks for.
/// </summary>
public static class DeskSetup
{
    /// <summary>What the desk holds, as far as the steps care.</summary>
    public sealed record Holdings(int? FirstClientId, bool Contact, bool TeamWithLead, bool Agent, bool Category, bool Contract);

    public static IReadOnlyList<SetupStep> Steps(Holdings desk) =>
    [
        new("Add your first client", "Every ticket belongs to a client organisation.", "/Admin/Clients", desk.FirstClientId is not null),
        new("Add a contact at the client", "Tickets are raised for a contact; contacts may also sign in to the portal.",
            desk.FirstClientId is { } id ? $"/Admin/Clients/Details/{id}" : "/Admin/Clients", desk.Contact),
        new("Add the agents who work tickets", "Agents are assigned tickets and reply to requesters.", "/Admin/Agents", desk.Agent),
        new("Create a team and name its lead", "Tickets are routed to teams; the lead is told when an SLA is at risk.", "/Admin/Teams", desk.TeamWithLead),
        new("Name the ticket categories", "Categories say what a ticket is about, for routing and reports.", "/Admin/Categories", desk.Category),
        new("Give the client a contract", "The contract picks the SLA policy and business hours the clocks run on.",
            desk.FirstClientId is { } client ? $"/Admin/Clients/Details/{client}" : "/Admin/Clients", desk.Contract),
    ];

    public static async Task<Holdings> ReadAsync(BatonDb db, CancellationToken ct)
    {
        var agentRole = db.Roles.Where(r => r.Name == Roles.Agent).Select(r => r.Id);
        return new Holdings(
            await db.Clients.OrderBy(c => c.Id).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct),
            await db.Contacts.AnyAsync(ct),
            await db.Teams.AnyAsync(t => t.LeadUserId != null, ct),
            await db.UserRoles.AnyAsync(ur => agentRole.Contains(ur.RoleId), ct),
            await db.Categories.AnyAsync(ct),
            await db.Contracts.AnyAsync(ct));
    }
}
