using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Tickets;

/// <summary>
/// The choices ticket forms offer, limited to what the user may use. Sites and configuration items are one client's:
/// the requester's (staff) or the contact's own organisation. Until staff have chosen a requester there are none, so a
/// desk of 200 clients never renders 10,000 rows; the use case still checks they belong together.
/// </summary>
public sealed class TicketFormOptions
{
    public List<SelectListItem> Sites { get; private init; } = [];
    public List<SelectListItem> Items { get; private init; } = [];
    public List<SelectListItem> Categories { get; private init; } = [];
    public List<SelectListItem> Teams { get; private init; } = [];
    public List<SelectListItem> Agents { get; private init; } = [];

    /// <summary>The client whose sites and items these are (null: staff have not chosen one yet).</summary>
    public string? ClientName { get; private init; }

    public static async Task<TicketFormOptions> LoadAsync(BatonDb db, CurrentUser user, int? clientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = user.IsStaff ? clientId : user.ClientId ?? -1;
        var clientName = id is null ? null : await db.Clients.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(ct);
        var sites = clientName is null ? [] : await db.Sites.AsNoTracking().Where(s => s.ClientId == id).OrderBy(s => s.Name)
            .Select(s => new SelectListItem(s.Name, s.Id.ToString())).ToListAsync(ct);
        var items = clientName is null ? [] : await db.ConfigurationItems.AsNoTracking().Where(c => c.ClientId == id).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name, c.Type }).ToListAsync(ct);

        return new TicketFormOptions
        {
            ClientName = clientName,
            Sites = sites,
            Items = items.Select(c => new SelectListItem($"{c.Name} ({c.Type})", c.Id.ToString())).ToList(),
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

/// <summary>
/// An active client as a searchable list names it ("Contoso (CON)"), and back: the new-contact picker is a text field
/// with the list as suggestions, so it works without scripts and finds a client among hundreds by typing.
/// </summary>
public sealed record ClientChoice(int Id, string Name, string Code)
{
    public string Label => $"{Name} ({Code})";

    public static Task<List<ClientChoice>> ActiveAsync(BatonDb db, CancellationToken ct) =>
        db.Clients.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.Name)
            .Select(c => new ClientChoice(c.Id, c.Name, c.Code)).ToListAsync(ct);

    /// <summary>The active client <paramref name="text"/> names: "Name (CODE)", the code, or a name only one client has.</summary>
    public static async Task<ClientChoice?> FindAsync(BatonDb db, string? text, CancellationToken ct)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0)
        {
            return null;
        }

        var code = t.EndsWith(')') && t.LastIndexOf('(') is var open and > 0 ? t[(open + 1)..^1].Trim().ToUpperInvariant() : t.ToUpperInvariant();
        var byCode = await db.Clients.AsNoTracking().Where(c => c.IsActive && c.Code == code).Select(c => new ClientChoice(c.Id, c.Name, c.Code)).FirstOrDefaultAsync(ct);
        if (byCode is not null)
        {
            return byCode;
        }

        var lower = t.ToLowerInvariant();
        var byName = await db.Clients.AsNoTracking().Where(c => c.IsActive && c.Name.ToLower() == lower).Select(c => new ClientChoice(c.Id, c.Name, c.Code)).Take(2).ToListAsync(ct);
        return byName.Count == 1 ? byName[0] : null;
    }
}
