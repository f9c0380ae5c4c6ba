using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;

namespace Baton.Web.Features.Account;

/// <summary>A user changes their own password (profile page, first sign-in); a one-time password is then spent.</summary>
public static class ChangeOwnPassword
{
    public static async Task<IdentityResult> ExecuteAsync(UserManager<BatonUser> users, SignInManager<BatonUser> signIn, BatonDb db, IMemoryCache cache, BatonUser user, string current, string replacement)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(signIn);
        ArgumentNullException.ThrowIfNull(user);
        if (string.Equals(current, replacement, StringComparison.Ordinal))
        {
            return IdentityResult.Failed(new IdentityError { Code = "PasswordUnchanged", Description = "Choose a new password, not the one you have." });
        }

        var result = await users.ChangePasswordAsync(user, current, replacement);
        if (result.Succeeded && user.MustChangePassword)
        {
            user.MustChangePassword = false;
            result = await users.UpdateAsync(user);
            // Token sign-ins cached with the "must change" claim would be refused for another half minute.
            await AccountAccess.ForgetTokensAsync(db, cache, [user.Id], CancellationToken.None);
        }

        if (result.Succeeded)
        {
            // A new cookie without the one-time-password claim (and with the new security stamp).
            await signIn.RefreshSignInAsync(user);
        }

        return result;
    }

    /// <summary>Puts each error next to the field it is about: a wrong current password, or a weak new one.</summary>
    public static string FieldOf(IdentityError error, string currentField, string newField) =>
        error.Code.Contains("Mismatch", StringComparison.Ordinal) ? currentField : newField;
}
