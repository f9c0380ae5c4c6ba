using Baton.Domain;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin.Clients;

/// <summary>The first password of a contact's portal account (at least 10 characters), which the administrator passes on.</summary>
public sealed record GrantPortalAccessRequest(string? Password);

/// <summary>
/// Gives a contact a portal account: they sign in with their contact e-mail and see only their client's tickets. The
/// account and its role are created together, or neither. The client page and the API call this.
/// </summary>
public static class GrantPortalAccess
{
    public const int PasswordMinLength = 10;

    /// <summary>The contact's access afterwards; null when the client has no such contact.</summary>
    public static async Task<PortalAccessResponse?> ExecuteAsync(
        BatonDb db, UserManager<BatonUser> users, int clientId, int contactId, GrantPortalAccessRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(request);
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contactId && c.ClientId == clientId, ct);
        if (contact is null)
        {
            return null;
        }

        if (await db.Users.AnyAsync(u => u.ContactId == contact.Id, ct))
        {
            throw new DomainRuleException($"{contact.Name} already has portal access.");
        }

        if (await users.FindByEmailAsync(contact.Email) is not null)
        {
            throw new DomainRuleException($"Another account already signs in as {contact.Email}; change the contact's e-mail first.");
        }

        if (string.IsNullOrEmpty(request.Password) || request.Password.Length < PasswordMinLength)
        {
            throw InputInvalidException.For("password", $"Type a password of at least {PasswordMinLength} characters for the contact's first sign-in.");
        }

        var account = new BatonUser
        {
            UserName = contact.Email,
            Email = contact.Email,
            EmailConfirmed = true,
            DisplayName = contact.Name,
            ClientId = clientId,
            ContactId = contact.Id,
        };

        // Account and role together, or neither: a contact account without its role would be a user who sees nothing.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        IdentityResult result;
        try
        {
            result = await users.CreateAsync(account, request.Password);
            if (result.Succeeded)
            {
                result = await users.AddToRoleAsync(account, Roles.ClientContact);
            }
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            // Two grants at once: the other one created the account first.
            throw new DomainRuleException($"{contact.Name} already has portal access.");
        }

        if (!result.Succeeded)
        {
            await tx.RollbackAsync(ct);
            var errors = AccountErrors.ByField(result, "email", "password");
            if (errors.ContainsKey("password"))
            {
                throw new InputInvalidException(errors);
            }

            throw new DomainRuleException(string.Join(" ", errors.Values.SelectMany(m => m)));
        }

        await tx.CommitAsync(ct);
        return await PortalAccess.DescribeAsync(db, clientId, contactId, ct);
    }
}
