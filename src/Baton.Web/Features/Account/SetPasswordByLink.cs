using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;

namespace Baton.Web.Features.Account;

/// <summary>
/// The person an invitation or reset link was mailed to chooses their password. The password policy applies; the new
/// security stamp spends the link and ends every session the account had (at the next stamp check, within a minute).
/// </summary>
public static class SetPasswordByLink
{
    /// <summary>What the page says when a link is unknown, used, expired, or for an account that may not sign in.</summary>
    public const string Dead = "This link does not work any more: it was used already, it expired, or the account cannot sign in. Ask for a new one.";

    /// <summary>The account the link is for, while it may still be used.</summary>
    public static async Task<(BatonUser User, AccountLinkPurpose Purpose)?> OpenAsync(AccountMail mail, BatonDb db, TimeProvider clock, string? token, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(clock);
        if (await mail.ReadAsync(db, token, ct) is not { } link)
        {
            return null;
        }

        // A locked or cut-off account gets a new stamp, which already kills its links; asked again in case it did not.
        var locked = link.User.LockoutEnd is { } end && end > clock.GetUtcNow();
        return !locked && await AccountAccess.IsOpenAsync(db, link.User, ct) ? link : null;
    }

    public static async Task<IdentityResult> ExecuteAsync(UserManager<BatonUser> users, BatonDb db, IMemoryCache cache, BatonUser user, string password, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(user);
        // Identity's own reset: the password validators, the hash, and a new security stamp in one update.
        var result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
        if (!result.Succeeded)
        {
            return result;
        }

        user.MustChangePassword = false; // chosen by its owner: not a one-time password
        user.EmailConfirmed = true; // the mail reached them
        result = await users.UpdateAsync(user);
        if (result.Succeeded && await users.GetAccessFailedCountAsync(user) > 0)
        {
            result = await users.ResetAccessFailedCountAsync(user);
        }

        // Token sign-ins cached on this instance pick the new stamp up now, not in half a minute.
        await AccountAccess.ForgetTokensAsync(db, cache, [user.Id], ct);
        return result;
    }
}
