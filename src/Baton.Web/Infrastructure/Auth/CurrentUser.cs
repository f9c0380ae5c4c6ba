using System.Globalization;
using System.Security.Claims;
using Baton.Domain;
using Baton.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Baton.Web.Infrastructure.Auth;

public static class BatonClaims
{
    public const string DisplayName = "baton:name";
    public const string ClientId = "baton:client";
    public const string ContactId = "baton:contact";
    public const string TimeZone = "baton:tz";

    /// <summary>Present while the account still has its generated one-time password (see <see cref="FirstPasswordChange"/>).</summary>
    public const string MustChangePassword = "baton:must-change-password";
}

/// <summary>Who is asking, read once from the principal: the same for cookie and API-token callers.</summary>
public sealed record CurrentUser(string Id, string DisplayName, bool IsStaff, bool IsAdministrator, bool IsManager, int? ClientId, int? ContactId, string TimeZoneId)
{
    public Actor Actor => new(Id, DisplayName);

    /// <summary>A client contact: sees one organisation's tickets, never internal notes.</summary>
    public bool IsClientContact => !IsStaff;

    public static CurrentUser From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The request is not authenticated.");
        static int? Int(string? s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        var isAdmin = principal.IsInRole(Roles.Administrator);
        var isManager = principal.IsInRole(Roles.Manager);
        return new CurrentUser(
            id,
            principal.FindFirstValue(BatonClaims.DisplayName) ?? principal.Identity?.Name ?? id,
            isAdmin || isManager || principal.IsInRole(Roles.Agent),
            isAdmin,
            isManager,
            Int(principal.FindFirstValue(BatonClaims.ClientId)),
            Int(principal.FindFirstValue(BatonClaims.ContactId)),
            principal.FindFirstValue(BatonClaims.TimeZone) ?? "UTC");
    }
}

/// <summary>Puts display name, client, contact and time zone into the sign-in cookie (and token principals).</summary>
public sealed class BatonClaimsFactory(UserManager<BatonUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<BatonUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(BatonUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(BatonClaims.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(BatonClaims.TimeZone, user.TimeZoneId));
        if (user.ClientId is { } clientId)
        {
            identity.AddClaim(new Claim(BatonClaims.ClientId, clientId.ToString(CultureInfo.InvariantCulture)));
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(BatonClaims.MustChangePassword, "true"));
        }

        if (user.ContactId is { } contactId)
        {
            identity.AddClaim(new Claim(BatonClaims.ContactId, contactId.ToString(CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}
