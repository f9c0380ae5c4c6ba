using Baton.Domain.Clients;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin.Clients;

/// <summary>
/// Adds a contact to a client or changes one. The e-mail is unique within the client (stored lower-case, so regardless
/// of case); the site must be one of the client's. A contact with portal access signs in with their contact e-mail, so
/// the account follows in the same transaction, or neither changes. The client page and the API call this.
/// </summary>
public static class SaveContact
{
    /// <summary>Creates (no <paramref name="contactId"/>) or updates; null when the client or the contact does not exist.</summary>
    public static async Task<Contact?> ExecuteAsync(
        BatonDb db, UserManager<BatonUser> users, int clientId, int? contactId, ContactRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(users);
        if (!await db.Clients.AnyAsync(c => c.Id == clientId, ct))
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
            errors["siteId"] = [$"Site {siteId} is not a site of this client."];
        }

        if (await db.Contacts.AnyAsync(c => c.ClientId == clientId && c.Email == contact.Email && c.Id != contact.Id, ct))
        {
            errors["email"] = [EmailTaken(contact)];
        }

        if (errors.Count > 0)
        {
            throw new InputInvalidException(errors);
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

    public static ContactResponse Describe(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return new(contact.Id, contact.ClientId, contact.Name, contact.Email, contact.Phone, contact.JobTitle, contact.SiteId);
    }

    private static string EmailTaken(Contact contact) => $"{contact.Email} is already a contact of this client.";
}
