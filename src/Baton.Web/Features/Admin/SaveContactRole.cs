using Baton.Domain;
using Baton.Domain.Informing;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>A contact role; <see cref="IsActive"/> omitted: active on create, unchanged on update.</summary>
public sealed record ContactRoleRequest(string Name, bool? IsActive = null);

/// <summary>A contact role: <see cref="Key"/> is what the RASCI matrix names ("contact:{key}"), fixed when it was added.</summary>
public sealed record ContactRoleResponse(int Id, string Key, string Name, bool IsActive, int Contacts);

/// <summary>
/// Adds a contact role (its key derived from the name), or renames and retires or restores one. A role is never
/// deleted: a retired one stays with the contacts who hold it and in the matrix, but nobody new takes it. A name or
/// key another role has is refused on "name". The Contact roles page and the API call this.
/// </summary>
public static class SaveContactRole
{
    /// <summary>Creates (no <paramref name="roleId"/>) or updates; null when there is no such role.</summary>
    public static async Task<ContactRole?> ExecuteAsync(BatonDb db, int? roleId, ContactRoleRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ContactRole? role;
        if (roleId is { } id)
        {
            role = await db.ContactRoles.SingleOrDefaultAsync(r => r.Id == id, ct);
            if (role is null)
            {
                return null;
            }

            role.Rename(request.Name);
        }
        else
        {
            role = new ContactRole(request.Name);
            db.ContactRoles.Add(role);
        }

        role.SetActive(request.IsActive ?? role.IsActive);
        if (ContactRoleRules.Clash(role, await db.ContactRoles.AsNoTracking().ToListAsync(ct)) is { } clash)
        {
            throw new DomainRuleException(clash, "name");
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            throw new DomainRuleException($"There is already a contact role with the key {role.Key}.", "name");
        }

        return role;
    }

    /// <summary>Retires an active role, or restores a retired one; null when there is no such role.</summary>
    public static async Task<ContactRole?> ToggleAsync(BatonDb db, int roleId, CancellationToken ct)
    {
        var role = await db.ContactRoles.SingleOrDefaultAsync(r => r.Id == roleId, ct);
        if (role is not null)
        {
            role.SetActive(!role.IsActive);
            await db.SaveChangesAsync(ct);
        }

        return role;
    }

    /// <summary>Every role with how many contacts hold it, by name.</summary>
    public static Task<List<ContactRoleResponse>> ListAsync(BatonDb db, CancellationToken ct) =>
        db.ContactRoles.AsNoTracking().OrderBy(r => r.Name)
            .Select(r => new ContactRoleResponse(r.Id, r.Key, r.Name, r.IsActive, db.ContactRoleMemberships.Count(m => m.ContactRoleId == r.Id)))
            .ToListAsync(ct);

    public static async Task<ContactRoleResponse> DescribeAsync(BatonDb db, ContactRole role, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(role);
        return new(role.Id, role.Key, role.Name, role.IsActive, await db.ContactRoleMemberships.CountAsync(m => m.ContactRoleId == role.Id, ct));
    }
}
