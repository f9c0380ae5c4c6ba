using Baton.Domain;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;

namespace Baton.Web.Features.Account;

/// <summary>
/// An account that has not chosen its password yet is sent a new invitation: a new security stamp first, so the links
/// of earlier invitations stop working, and the mail queued in the same transaction. The Agents page, the client page
/// and the API call this.
/// </summary>
public static class SendInvitation
{
    public const string NoMail = "This desk sends no mail (Mail:Smtp:Host and Mail:LinkBase), so no invitation can go: type a first password and pass it on.";

    public static async Task AgainAsync(BatonDb db, UserManager<BatonUser> users, AccountMail mail, TimeProvider clock, BatonUser user, CurrentUser by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(user);
        if (!mail.Enabled)
        {
            throw new DomainRuleException(NoMail);
        }

        if (await users.HasPasswordAsync(user))
        {
            throw new DomainRuleException($"{user.DisplayName} has chosen a password already; a forgotten one is reset from the sign-in page (Forgot password?).");
        }

        if (user.LockoutEnd is { } end && end > clock.GetUtcNow() || !await AccountAccess.IsOpenAsync(db, user, ct))
        {
            throw new DomainRuleException($"{user.DisplayName}'s account is locked or cut off: open it again before inviting.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            throw new DomainRuleException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        mail.QueueInvitation(db, user, by);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
