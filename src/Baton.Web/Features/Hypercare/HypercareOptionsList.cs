using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Hypercare;

/// <summary>
/// The projects in hypercare a user may name on the new-ticket form: a contact's own organisation's, or for staff the
/// chosen requester's client's (none until one is chosen).
/// </summary>
public static class HypercareOptionsList
{
    public static async Task<List<SelectListItem>> ForAsync(BatonDb db, CurrentUser user, int? clientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.IsStaff && clientId is null)
        {
            return [];
        }

        var projects = await db.Projects.AsNoTracking().VisibleTo(user)
            .Where(p => p.Status == ProjectStatus.Hypercare && (!user.IsStaff || p.ClientId == clientId))
            .OrderBy(p => p.Number)
            .Select(p => new { p.Number, p.Name })
            .ToListAsync(ct);
        return [.. projects.Select(p => new SelectListItem($"{p.Number} {p.Name}", p.Number))];
    }
}
