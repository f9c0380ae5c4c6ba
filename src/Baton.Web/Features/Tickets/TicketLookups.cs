using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Caching;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Tickets;

/// <summary>The client a ticket is for, as its messages name it.</summary>
internal sealed record TicketClient(int Id, string Name);

/// <summary>
/// Resolves and checks the references a ticket names (client, requester, site, team…), collecting every problem at once.
/// A refusal names the thing and the clients ("Site 'Leeds office' belongs to Contoso, not Northwind"), never an id;
/// another client's names only to staff (<paramref name="namesOtherClients"/>): a contact learns nothing of another tenant.
/// </summary>
internal sealed class TicketReferenceCheck(BatonDb db, bool namesOtherClients)
{
    private readonly Dictionary<string, string[]> _errors = [];

    public void Fail(string field, string message) => _errors[field] = [message];

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new InputInvalidException(_errors);
        }
    }

    public async Task<RequesterRef?> RequesterAsync(TicketClient client, int? requesterId, CancellationToken ct)
    {
        if (requesterId is null)
        {
            return Requester(client, null, null);
        }

        var contact = await db.Contacts.Where(c => c.Id == requesterId && c.ClientId == client.Id)
            .Select(c => new RequesterRef(c.Id, c.Name)).SingleOrDefaultAsync(ct);
        return contact ?? Requester(client, requesterId, await ElsewhereAsync(db.Contacts.Where(c => c.Id == requesterId).Select(c => new Owned { Name = c.Name, ClientId = c.ClientId }), ct));
    }

    /// <summary>Checks a requester the caller already looked up among the client's contacts (null: not found there).</summary>
    public async Task<RequesterRef?> RequesterAsync(TicketClient client, int? requesterId, RequesterRef? found, CancellationToken ct) =>
        found ?? Requester(client, requesterId, requesterId is null ? null
            : await ElsewhereAsync(db.Contacts.Where(c => c.Id == requesterId).Select(c => new Owned { Name = c.Name, ClientId = c.ClientId }), ct));

    private RequesterRef? Requester(TicketClient client, int? requesterId, (string Name, string Client)? elsewhere)
    {
        if (requesterId is null)
        {
            Fail("requesterId", $"Name the requester: a contact of {client.Name}.");
        }
        else
        {
            Fail("requesterId", elsewhere is { } other
                ? $"{other.Name} is a contact of {other.Client}, not {client.Name}: choose a contact of {client.Name}."
                : $"That requester is not a contact of {client.Name}: choose a contact of {client.Name}.");
        }

        return null;
    }

    /// <summary>Checks the site belongs to the client; returns its name (null when none was given or it failed).</summary>
    public async Task<string?> CheckSiteAsync(TicketClient client, int? siteId, CancellationToken ct)
    {
        if (siteId is not { } id)
        {
            return null;
        }

        var name = await db.Sites.Where(s => s.Id == id && s.ClientId == client.Id).Select(s => s.Name).FirstOrDefaultAsync(ct);
        if (name is null)
        {
            Fail("siteId", await ElsewhereAsync(db.Sites.Where(s => s.Id == id).Select(s => new Owned { Name = s.Name, ClientId = s.ClientId }), ct) is { } other
                ? $"Site '{other.Name}' belongs to {other.Client}, not {client.Name}: choose a site of {client.Name}."
                : $"That site is not one of {client.Name}'s: choose a site of {client.Name}.");
        }

        return name;
    }

    /// <summary>Checks the configuration item belongs to the client; returns its name.</summary>
    public async Task<string?> CheckConfigurationItemAsync(TicketClient client, int? itemId, CancellationToken ct)
    {
        if (itemId is not { } id)
        {
            return null;
        }

        var name = await db.ConfigurationItems.Where(c => c.Id == id && c.ClientId == client.Id).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (name is null)
        {
            Fail("configurationItemId", await ElsewhereAsync(db.ConfigurationItems.Where(c => c.Id == id).Select(c => new Owned { Name = c.Name, ClientId = c.ClientId }), ct) is { } other
                ? $"Configuration item '{other.Name}' belongs to {other.Client}, not {client.Name}: choose a configuration item of {client.Name}."
                : $"That configuration item is not one of {client.Name}'s: choose a configuration item of {client.Name}.");
        }

        return name;
    }

    /// <summary>A project of another client, named for staff only.</summary>
    public async Task CheckProjectAsync(TicketClient client, string? projectNumber, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(projectNumber))
        {
            return;
        }

        if (!Baton.Domain.Projects.ProjectNumber.TryParse(projectNumber, out var number))
        {
            Fail("projectNumber", $"'{projectNumber}' is not a project number (PRJ-000012).");
        }
        else if (!await db.Projects.AnyAsync(p => p.Number == number && p.ClientId == client.Id, ct))
        {
            // To a contact, unknown and another client's project read the same, so the answer confirms nothing about other clients.
            Fail("projectNumber", await ElsewhereAsync(db.Projects.Where(p => p.Number == number).Select(p => new Owned { Name = p.Name, ClientId = p.ClientId }), ct) is { } other
                ? $"{number} is not a project of this ticket's client: '{other.Name}' is {other.Client}'s project, and this ticket is for {client.Name}."
                : $"{number} is not a project of this ticket's client, {client.Name}.");
        }
    }

    private sealed class Owned
    {
        public string Name { get; init; } = "";
        public int ClientId { get; init; }
    }

    /// <summary>The thing and its client's name when it exists elsewhere and the user may be told (staff); otherwise null.</summary>
    private async Task<(string Name, string Client)?> ElsewhereAsync(IQueryable<Owned> thing, CancellationToken ct)
    {
        if (!namesOtherClients)
        {
            return null;
        }

        var found = await thing.Select(t => new { t.Name, Client = db.Clients.Where(c => c.Id == t.ClientId).Select(c => c.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return found is { Client: { } clientName } ? (found.Name, clientName) : null;
    }

    /// <summary>Checks the category exists and is active; returns its name.</summary>
    public async Task<string?> CheckCategoryAsync(int? categoryId, CancellationToken ct)
    {
        if (categoryId is not { } id)
        {
            return null;
        }

        var name = await db.Categories.Where(c => c.Id == id && c.IsActive).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (name is null)
        {
            Fail("categoryId", "That category is no longer in use: choose another one.");
        }

        return name;
    }

    public async Task<TeamRef?> TeamAsync(int? teamId, CancellationToken ct)
    {
        if (teamId is not { } id)
        {
            return null;
        }

        var team = await db.Teams.Where(t => t.Id == id).Select(t => new TeamRef(t.Id, t.Name)).SingleOrDefaultAsync(ct);
        if (team is null)
        {
            Fail("teamId", $"There is no team {id}.");
        }

        return team;
    }

    public async Task<AgentRef?> AgentAsync(string? agentId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(agentId))
        {
            return null;
        }

        var staffRoleIds = db.Roles.Where(r => Roles.Staff.Contains(r.Name!)).Select(r => r.Id);
        var agent = await db.Users
            .Where(u => u.Id == agentId && db.UserRoles.Any(ur => ur.UserId == u.Id && staffRoleIds.Contains(ur.RoleId)))
            .Select(u => new AgentRef(u.Id, u.DisplayName)).SingleOrDefaultAsync(ct);
        if (agent is null)
        {
            Fail("assigneeId", $"'{agentId}' is not an agent.");
        }

        return agent;
    }

    /// <summary>
    /// The administrator's matrix. Read on every create and reclassification, changed rarely: kept in the catalogue
    /// cache, read again at once after a save of the matrix here and within about a second after one elsewhere.
    /// </summary>
    public static Task<PriorityMatrix> MatrixAsync(BatonDb db, CancellationToken ct) =>
        CatalogueCache.Of(db).GetAsync(db, CatalogueTags.PriorityMatrix, async c =>
        {
            var cells = await db.PriorityCells.AsNoTracking().Select(x => new { x.Impact, x.Urgency, x.Priority }).ToListAsync(c);
            return PriorityMatrix.From(cells.Select(x => (x.Impact, x.Urgency, x.Priority)));
        }, ct);
}
