using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Baton.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
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

    /// <summary>
    /// The scheme of the calendar feeds: a token in the Authorization header or in <c>?token=</c> (calendar apps
    /// cannot send headers), else the sign-in cookie when the request carries one, else a Bearer challenge (401).
    /// </summary>
    public const string FeedScheme = "BearerQueryOrCookie";

    public const string QueryParameter = "token";

    public static string SelectFeedScheme(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Headers.Authorization.Count > 0 || context.Request.Query.ContainsKey(QueryParameter))
        {
            return Scheme;
        }

        var cookie = context.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme).Cookie.Name;
        return cookie is not null && context.Request.Cookies.ContainsKey(cookie) ? IdentityConstants.ApplicationScheme : Scheme;
    }

    /// <summary>
    /// Lets this endpoint take the personal token from <c>?token=</c> as well as the header. Only for read-only
    /// feeds whose clients cannot send headers (the .ics routes): a token in a URL ends up in logs and histories.
    /// </summary>
    public static TBuilder AllowTokenInQueryString<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new QueryStringTokenAllowed());
}

/// <summary>Endpoint metadata: the API token may come in the query string (see <see cref="ApiTokens.AllowTokenInQueryString"/>).</summary>
public sealed class QueryStringTokenAllowed;

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
        string token;
        if (!string.IsNullOrEmpty(header) && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header["Bearer ".Length..].Trim();
        }
        else if (string.IsNullOrEmpty(header)
            && Context.GetEndpoint()?.Metadata.GetMetadata<QueryStringTokenAllowed>() is not null
            && Request.Query.TryGetValue(ApiTokens.QueryParameter, out var fromQuery))
        {
            // Only on endpoints that opted in (the .ics feeds): everywhere else ?token= means nothing.
            token = fromQuery.Count == 1 ? fromQuery[0]?.Trim() ?? "" : "";
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        if (token.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("The token is malformed.");
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
