using System.Security.Claims;
using Baton.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Baton.Web.Infrastructure.Auth;

/// <summary>
/// Whether an account may be used at all, asked the same way by sign-in, the cookie's security-stamp check and the
/// API-token handler: a client contact needs an active client and portal access that was not revoked.
/// </summary>
public static class AccountAccess
{
    public static async Task<bool> IsOpenAsync(BatonDb db, BatonUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        if (user.ClientId is not { } clientId)
        {
            return true;
        }

        var contactId = user.ContactId;
        return await db.Clients.AnyAsync(c => c.Id == clientId && c.IsActive
            && (contactId == null || db.Contacts.Any(k => k.Id == contactId && k.ClientId == clientId && !k.PortalAccessRevoked)), ct);
    }

    /// <summary>
    /// Ends the open sessions and cached token sign-ins of the given accounts now: a new security stamp fails their
    /// cookies at the next check (at most a minute), and this instance forgets their tokens (other instances within
    /// the token cache's 30 seconds; every fresh look-up asks <see cref="IsOpenAsync"/>). Returns how many accounts.
    /// </summary>
    public static async Task<int> CutOffAsync(BatonDb db, IMemoryCache cache, IQueryable<BatonUser> accounts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = await accounts.Select(u => u.Id).ToListAsync(ct);
        // One statement for all of them; one new stamp value is enough, since Identity's tokens also carry the user id.
        var stamp = Guid.NewGuid().ToString("N");
        await db.Users.Where(u => ids.Contains(u.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, stamp).SetProperty(u => u.ConcurrencyStamp, stamp), ct);

        await ForgetTokensAsync(db, cache, ids, ct);
        return ids.Count;
    }

    public static async Task ForgetTokensAsync(BatonDb db, IMemoryCache cache, IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hashes = await db.ApiTokens.Where(t => userIds.Contains(t.UserId)).Select(t => t.Hash).ToListAsync(ct);
        foreach (var hash in hashes)
        {
            ApiTokens.Forget(cache, hash);
        }
    }

    /// <summary>The sign-in manager, the access policies and the first-password gate.</summary>
    public static IdentityBuilder AddBatonAccessControl(this IdentityBuilder identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        identity.AddSignInManager<BatonSignInManager>();
        identity.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, TokenScopes.ReadOnlyHandler>();
        return identity;
    }
}

/// <summary>Sign-in and the periodic cookie check both refuse an account <see cref="AccountAccess"/> closes.</summary>
public sealed class BatonSignInManager(
    UserManager<BatonUser> users,
    IHttpContextAccessor context,
    IUserClaimsPrincipalFactory<BatonUser> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<BatonUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<BatonUser> confirmation,
    BatonDb db) : SignInManager<BatonUser>(users, context, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(BatonUser user) =>
        await base.CanSignInAsync(user) && await AccountAccess.IsOpenAsync(db, user, Context.RequestAborted);

    // Runs every SecurityStampValidatorOptions.ValidationInterval for each cookie: a stale stamp or a closed account
    // (client deactivated, portal access revoked) signs the session out even if the stamp somehow did not change.
    public override async Task<BatonUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is not null && await CanSignInAsync(user) ? user : null;
    }
}
