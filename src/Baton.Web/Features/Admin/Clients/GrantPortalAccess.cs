using Baton.Domain;
using Baton.Web.Data;
using Baton.Web.Features.Account;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin.Clients;

/// <summary>
/// Without a password (the default), the contact is mailed an invitation to choose their own; a first password (at
/// least 10 characters) is for a manager who passes it on, and is required when the desk sends no mail.
/// </summary>
public sealed record GrantPortalAccessRequest(string? Password = null);

/// <summary>
/// Gives a contact a portal account: they sign in with their contact e-mail and see only their client's tickets. The
/// account and its role are created together, or neither. The client page and the API call this.
/// </summary>
public static class GrantPortalAccess
{
    public const int PasswordMinLength = 10;

    /// <summary>The contact's access afterwards; null when the client has no such contact.</summary>
    public static async Task<PortalAccessResponse?> ExecuteAsync(
        BatonDb db, UserManager<BatonUser> users, AccountMail mail, CurrentUser by, int clientId, int contactId, GrantPortalAccessRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(mail);
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

        var invite = string.IsNullOrEmpty(request.Password);
        if (invite && !mail.Enabled)
        {
            throw InputInvalidException.For("password", $"Type a password of at least {PasswordMinLength} characters for the contact's first sign-in: this desk sends no mail, so no invitation can go.");
        }

        if (!invite && request.Password!.Length < PasswordMinLength)
        {
            throw InputInvalidException.For("password", $"Type a password of at least {PasswordMinLength} characters for the contact's first sign-in.");
        }

        if (invite && !await db.Clients.AnyAsync(c => c.Id == clientId && c.IsActive, ct))
        {
            throw new DomainRuleException("The client is inactive, so an invitation would not open anything: activate the client first, or type a password.");
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
            // Invited: no password at all until the contact chooses one through the mailed link.
            result = invite ? await users.CreateAsync(account) : await users.CreateAsync(account, request.Password!);
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

        if (invite)
        {
            mail.QueueInvitation(db, account, by); // goes out only once the account is committed
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return await PortalAccess.DescribeAsync(db, clientId, contactId, ct);
    }

    /// <summary>A new invitation to a contact who has not chosen a password yet; null when the client has no such contact or account.</summary>
    public static async Task<PortalAccessResponse?> InviteAgainAsync(
        BatonDb db, UserManager<BatonUser> users, AccountMail mail, TimeProvider clock, CurrentUser by, int clientId, int contactId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var account = await db.Users.SingleOrDefaultAsync(u => u.ContactId == contactId && u.ClientId == clientId, ct);
        if (account is null)
        {
            return null;
        }

        await SendInvitation.AgainAsync(db, users, mail, clock, account, by, ct);
        return await PortalAccess.DescribeAsync(db, clientId, contactId, ct);
    }
}
