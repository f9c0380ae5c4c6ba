using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Hypercare;

/// <summary>The projects in hypercare a user may name on the new-ticket form: a contact's own organisation's, or all for staff.</summary>
public static class HypercareOptionsList
{
    public static async Task<List<SelectListItem>> ForAsync(BatonDb db, CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var projects = await db.Projects.AsNoTracking().VisibleTo(user)
            .Where(p => p.Status == ProjectStatus.Hypercare)
            .OrderBy(p => p.Number)
            .Select(p => new { p.Number, p.Name, Client = db.Clients.Where(c => c.Id == p.ClientId).Select(c => c.Name).First() })
            .ToListAsync(ct);
        return [.. projects.Select(p => new SelectListItem(user.IsStaff ? $"{p.Number} {p.Name} ({p.Client})" : $"{p.Number} {p.Name}", p.Number))];
    }
}
