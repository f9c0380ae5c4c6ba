using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Tickets;

/// <summary>
/// The choices ticket forms offer, limited to what the user may use. Contacts, sites and configuration items
/// are grouped by client so one form works without scripts; the use case still checks they belong together.
/// </summary>
public sealed class TicketFormOptions
{
    public List<SelectListItem> Requesters { get; private init; } = [];
    public List<SelectListItem> Sites { get; private init; } = [];
    public List<SelectListItem> Items { get; private init; } = [];
    public List<SelectListItem> Categories { get; private init; } = [];
    public List<SelectListItem> Teams { get; private init; } = [];
    public List<SelectListItem> Agents { get; private init; } = [];

    public static async Task<TicketFormOptions> LoadAsync(BatonDb db, CurrentUser user, int? onlyClientId, CancellationToken ct)
    {
        var clientId = user.IsStaff ? onlyClientId : user.ClientId ?? -1;
        var clients = await db.Clients.AsNoTracking().Where(c => clientId == null || c.Id == clientId)
            .OrderBy(c => c.Name).Select(c => new { c.Id, c.Name, c.IsActive }).ToListAsync(ct);
        var groups = clients.ToDictionary(c => c.Id, c => new SelectListGroup { Name = c.Name, Disabled = !c.IsActive });
        var ids = groups.Keys.ToList();

        var contacts = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.ClientId)).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.ClientId, c.Name, c.Email }).ToListAsync(ct);
        var sites = await db.Sites.AsNoTracking().Where(s => ids.Contains(s.ClientId)).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.ClientId, s.Name }).ToListAsync(ct);
        var items = await db.ConfigurationItems.AsNoTracking().Where(c => ids.Contains(c.ClientId)).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.ClientId, c.Name, c.Type }).ToListAsync(ct);

        return new TicketFormOptions
        {
            Requesters = contacts.Select(c => new SelectListItem($"{c.Name} <{c.Email}>", c.Id.ToString()) { Group = groups[c.ClientId] }).ToList(),
            Sites = sites.Select(s => new SelectListItem(s.Name, s.Id.ToString()) { Group = groups[s.ClientId] }).ToList(),
            Items = items.Select(c => new SelectListItem($"{c.Name} ({c.Type})", c.Id.ToString()) { Group = groups[c.ClientId] }).ToList(),
            Categories = await db.Categories.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.Name)
                .Select(c => new SelectListItem(c.Name, c.Id.ToString())).ToListAsync(ct),
            Teams = user.IsStaff
                ? await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new SelectListItem(t.Name, t.Id.ToString())).ToListAsync(ct)
                : [],
            Agents = user.IsStaff
                ? (await Shared.Agents.ListAsync(db, ct)).Select(a => new SelectListItem(a.DisplayName, a.Id)).ToList()
                : [],
        };
    }

    /// <summary>A copy of <paramref name="items"/> with <paramref name="value"/> selected (SelectListItems are mutable and shared).</summary>
    public static IEnumerable<SelectListItem> Selected(IEnumerable<SelectListItem> items, object? value) =>
        items.Select(i => new SelectListItem(i.Text, i.Value, i.Value == value?.ToString()) { Group = i.Group });
}
