using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Baton.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Baton.Web.Infrastructure.Auth;

/// <summary>Personal API tokens: 32 random bytes shown once as <c>baton_…</c>; only the SHA-256 hash is kept.</summary>
public static class ApiTokens
{
    public const string Scheme = "Bearer";
    private const string TokenPrefix = "baton_";

    public static (string Token, string Hash, string Prefix) Generate()
    {
        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token), token[..12]);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Forget a cached principal at once when its token is revoked (other instances forget within the cache lifetime).</summary>
    public static void Forget(IMemoryCache cache, string hash) => cache.Remove(CacheKey(hash));

    internal static string CacheKey(string hash) => "api-token:" + hash;
}

public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    BatonDb db,
    IUserClaimsPrincipalFactory<BatonUser> principals,
    IMemoryCache cache,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    // Resolving a principal costs a few queries; a short cache keeps the API fast under load.
    // Revocation clears this instance's entry at once; other instances within this window.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("The bearer token is malformed.");
        }

        var hash = ApiTokens.Hash(token);
        if (cache.TryGetValue(ApiTokens.CacheKey(hash), out ClaimsPrincipal? cached) && cached is not null)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(cached, Scheme.Name));
        }

        var row = await db.ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash && t.RevokedAt == null)
            .Select(t => new { t.Id, t.UserId })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (row is null)
        {
            return AuthenticateResult.Fail("The token is unknown or revoked.");
        }

        var user = await db.Users.FindAsync([row.UserId], Context.RequestAborted);
        if (user is null || (user.LockoutEnd is { } end && end > clock.GetUtcNow()))
        {
            return AuthenticateResult.Fail("The token's user is locked out or gone.");
        }

        await db.ApiTokens.Where(t => t.Id == row.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, clock.GetUtcNow()), Context.RequestAborted);
        var principal = await principals.CreateAsync(user);
        var apiPrincipal = new ClaimsPrincipal(new ClaimsIdentity(principal.Claims, Scheme.Name, principal.Identities.First().NameClaimType, principal.Identities.First().RoleClaimType));
        cache.Set(ApiTokens.CacheKey(hash), apiPrincipal, CacheFor);
        return AuthenticateResult.Success(new AuthenticationTicket(apiPrincipal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            title: "Authentication required",
            detail: "Send a personal API token as 'Authorization: Bearer <token>'. Create one on your profile page.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Results.Problem(
            title: "Forbidden",
            detail: "Your role does not allow this.",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
}
