using Baton.Domain;
using Baton.Domain.Clients;
using Baton.Domain.Informing;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Contacts;

/// <summary>A contact; <see cref="RoleKeys"/> are the keys of the contact roles they hold (it-manager, approver, …).</summary>
public sealed record ContactResponse(int Id, int ClientId, string Name, string Email, string Phone, string JobTitle, int? SiteId, IReadOnlyList<string> RoleKeys);

/// <summary>
/// A contact; <see cref="RoleKeys"/> are the keys of the contact roles they are to hold (see /api/v1/contact-roles):
/// omitted or null leaves their roles as they are (none on create), an empty list takes them all away. An unknown
/// key, or a retired role the contact does not hold already, is refused.
/// </summary>
public sealed record ContactRequest(string Name, string Email, string? Phone = null, string? JobTitle = null, int? SiteId = null, IReadOnlyList<string>? RoleKeys = null);

/// <summary>
/// Adds a contact to a client or changes one. The e-mail is unique within the client (stored lower-case, so regardless
/// of case); the site must be one of the client's. A contact with portal access signs in with their contact e-mail, so
/// the account follows in the same transaction, or neither changes. The client page, the new-ticket form and the API
/// call this. Who may: any of the service desk adds a contact (an agent raising a ticket for a caller not in Baton
/// yet); changing one, which moves a portal sign-in, is for managers and administrators. The contact's roles are
/// saved with the contact, in the same SaveChanges.
/// </summary>
public static class SaveContact
{
    /// <summary>Adds a contact to the client; null when the client does not exist. Staff only.</summary>
    public static Task<Contact?> CreateAsync(
        BatonDb db, UserManager<BatonUser> users, CurrentUser by, int clientId, ContactRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!by.IsStaff)
        {
            throw new ForbiddenException("Only the service desk can add contacts.");
        }

        return ExecuteAsync(db, users, clientId, null, request, ct);
    }

    /// <summary>Changes a contact of the client; null when the client or the contact does not exist. Managers and administrators only.</summary>
    public static Task<Contact?> UpdateAsync(
        BatonDb db, UserManager<BatonUser> users, CurrentUser by, int clientId, int contactId, ContactRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!by.IsAdministrator && !by.IsManager)
        {
            throw new ForbiddenException("Only managers and administrators can change a contact.");
        }

        return ExecuteAsync(db, users, clientId, contactId, request, ct);
    }

    private static async Task<Contact?> ExecuteAsync(
        BatonDb db, UserManager<BatonUser> users, int clientId, int? contactId, ContactRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(users);
        var clientName = await db.Clients.Where(c => c.Id == clientId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (clientName is null)
        {
            return null;
        }

        Contact? contact;
        if (contactId is { } id)
        {
            contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == id && c.ClientId == clientId, ct);
            if (contact is null)
            {
                return null;
            }

            contact.Update(request.Name, request.Email, request.Phone, request.JobTitle, request.SiteId);
        }
        else
        {
            contact = new Contact(clientId, request.Name, request.Email, request.Phone, request.JobTitle, request.SiteId);
            db.Contacts.Add(contact);
        }

        var errors = new Dictionary<string, string[]>();
        if (request.SiteId is { } siteId && !await db.Sites.AnyAsync(s => s.Id == siteId && s.ClientId == clientId, ct))
        {
            var elsewhere = await db.Sites.Where(s => s.Id == siteId)
                .Select(s => new { s.Name, Client = db.Clients.Where(c => c.Id == s.ClientId).Select(c => c.Name).First() }).FirstOrDefaultAsync(ct);
            errors["siteId"] = [elsewhere is null
                ? $"That site is not one of {clientName}'s: choose a site of {clientName}."
                : $"Site '{elsewhere.Name}' belongs to {elsewhere.Client}, not {clientName}: choose a site of {clientName}."];
        }

        if (await db.Contacts.AnyAsync(c => c.ClientId == clientId && c.Email == contact.Email && c.Id != contact.Id, ct))
        {
            errors["email"] = [EmailTaken(contact)];
        }

        var held = contactId is null ? [] : await db.ContactRoleMemberships.Where(m => m.ContactId == contact.Id).ToListAsync(ct);
        IReadOnlyList<ContactRole>? chosen = null;
        if (request.RoleKeys is { } keys)
        {
            try
            {
                chosen = ContactRoleRules.Choose(keys, await db.ContactRoles.AsNoTracking().ToListAsync(ct), held.Select(m => m.ContactRoleId).ToList());
            }
            catch (DomainRuleException e)
            {
                errors[ContactRoleRules.RoleKeysField] = [e.Message];
            }
        }

        if (errors.Count > 0)
        {
            throw new InputInvalidException(errors);
        }

        if (chosen is not null)
        {
            HoldRoles(db, contact, held, chosen);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            throw InputInvalidException.For("email", EmailTaken(contact));
        }

        var account = contactId is null ? null : await users.Users.SingleOrDefaultAsync(u => u.ContactId == contact.Id, ct);
        if (account is not null && (account.Email != contact.Email || account.DisplayName != contact.Name))
        {
            account.Email = account.UserName = contact.Email;
            account.DisplayName = contact.Name;
            var result = await users.UpdateAsync(account);
            if (!result.Succeeded)
            {
                await tx.RollbackAsync(ct);
                throw new InputInvalidException(AccountErrors.ByField(result, "email", "email"));
            }
        }

        await tx.CommitAsync(ct);
        return contact;
    }

    /// <summary>
    /// Makes <paramref name="chosen"/> the contact's roles, for the coming SaveChanges: a new contact's memberships
    /// name its temporary key, which the save replaces with the real one.
    /// </summary>
    private static void HoldRoles(BatonDb db, Contact contact, List<ContactRoleMembership> held, IReadOnlyList<ContactRole> chosen)
    {
        db.ContactRoleMemberships.RemoveRange(held.Where(m => chosen.All(r => r.Id != m.ContactRoleId)));
        var contactKey = db.Entry(contact).Property(c => c.Id);
        foreach (var role in chosen.Where(r => held.All(m => m.ContactRoleId != r.Id)))
        {
            var membership = db.ContactRoleMemberships.Add(new ContactRoleMembership(contactKey.CurrentValue, role.Id));
            membership.Property(m => m.ContactId).IsTemporary = contactKey.IsTemporary;
        }
    }

    /// <summary>The keys of the contact roles each of <paramref name="contactIds"/> holds, in order; a contact with none is absent.</summary>
    public static async Task<Dictionary<int, List<string>>> RoleKeysAsync(BatonDb db, IReadOnlyCollection<int> contactIds, CancellationToken ct)
    {
        var rows = await (from m in db.ContactRoleMemberships
                          join r in db.ContactRoles on m.ContactRoleId equals r.Id
                          where contactIds.Contains(m.ContactId)
                          select new { m.ContactId, r.Key }).AsNoTracking().ToListAsync(ct);
        return rows.GroupBy(r => r.ContactId).ToDictionary(g => g.Key, g => g.Select(r => r.Key).Order(StringComparer.Ordinal).ToList());
    }

    public static async Task<ContactResponse> DescribeAsync(BatonDb db, Contact contact, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var keys = await RoleKeysAsync(db, [contact.Id], ct);
        return Describe(contact, keys.GetValueOrDefault(contact.Id) ?? []);
    }

    public static ContactResponse Describe(Contact contact, IReadOnlyList<string> roleKeys)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return new(contact.Id, contact.ClientId, contact.Name, contact.Email, contact.Phone, contact.JobTitle, contact.SiteId, roleKeys);
    }

    private static string EmailTaken(Contact contact) => $"{contact.Email} is already a contact of this client.";
}
