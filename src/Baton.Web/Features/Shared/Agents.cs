using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Shared;

public sealed record AgentResponse(string Id, string DisplayName, string Email, IReadOnlyList<string> Roles, IReadOnlyList<int> TeamIds);

/// <summary>A member of the service desk, as a choice in a form.</summary>
public sealed record StaffMember(string Id, string DisplayName);

/// <summary>Staff users with their roles and teams; used by the API, the assign form and the admin page.</summary>
public static class Agents
{
    public static async Task<List<AgentResponse>> ListAsync(BatonDb db, CancellationToken ct)
    {
        var rows = await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          where r.Name != Roles.ClientContact
                          select new { u.Id, u.DisplayName, u.Email, Role = r.Name! }).AsNoTracking().ToListAsync(ct);
        var memberships = await db.TeamMembers.AsNoTracking().ToListAsync(ct);
        return rows.GroupBy(r => r.Id)
            .Select(g => new AgentResponse(g.Key, g.First().DisplayName, g.First().Email ?? "", g.Select(x => x.Role).Order().ToList(),
                memberships.Where(m => m.UserId == g.Key).Select(m => m.TeamId).ToList()))
            .OrderBy(a => a.DisplayName)
            .ToList();
    }

    /// <summary>Administrators, managers and agents who can sign in now (not deactivated), by name.</summary>
    public static async Task<List<StaffMember>> ActiveStaffAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          where Roles.Staff.Contains(r.Name!)
                          select new { u.Id, u.DisplayName, u.LockoutEnd }).AsNoTracking().ToListAsync(ct);
        return rows.Where(r => r.LockoutEnd is not { } end || end <= now).DistinctBy(r => r.Id)
            .OrderBy(r => r.DisplayName, StringComparer.CurrentCulture).Select(r => new StaffMember(r.Id, r.DisplayName)).ToList();
    }
}
