using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Caching;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Tickets;

/// <summary>Resolves and checks the references a ticket names (client, requester, site, team…), collecting every problem at once.</summary>
internal sealed class TicketReferenceCheck(BatonDb db)
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

    public async Task<RequesterRef?> RequesterAsync(int clientId, int? requesterId, CancellationToken ct)
    {
        if (requesterId is null)
        {
            return Requester(null, null);
        }

        var contact = await db.Contacts.Where(c => c.Id == requesterId && c.ClientId == clientId)
            .Select(c => new RequesterRef(c.Id, c.Name)).SingleOrDefaultAsync(ct);
        return Requester(requesterId, contact);
    }

    /// <summary>Checks a requester the caller already looked up among the client's contacts (null: not found there).</summary>
    public RequesterRef? Requester(int? requesterId, RequesterRef? found)
    {
        if (requesterId is null)
        {
            Fail("requesterId", "Name the requester: a contact of the client.");
        }
        else if (found is null)
        {
            Fail("requesterId", $"Contact {requesterId} is not a contact of this client.");
        }

        return found;
    }

    /// <summary>Checks the site belongs to the client; returns its name (null when none was given or it failed).</summary>
    public async Task<string?> CheckSiteAsync(int clientId, int? siteId, CancellationToken ct)
    {
        if (siteId is not { } id)
        {
            return null;
        }

        var name = await db.Sites.Where(s => s.Id == id && s.ClientId == clientId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        if (name is null)
        {
            Fail("siteId", $"Site {id} is not a site of this client.");
        }

        return name;
    }

    /// <summary>Checks the configuration item belongs to the client; returns its name.</summary>
    public async Task<string?> CheckConfigurationItemAsync(int clientId, int? itemId, CancellationToken ct)
    {
        if (itemId is not { } id)
        {
            return null;
        }

        var name = await db.ConfigurationItems.Where(c => c.Id == id && c.ClientId == clientId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (name is null)
        {
            Fail("configurationItemId", $"Configuration item {id} does not belong to this client.");
        }

        return name;
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
            Fail("categoryId", $"There is no active category {id}.");
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
