using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Baton.Domain.Projects;
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

    /// <summary>Feed tokens look different, so a person (or a secret scanner) can tell the harmless kind apart.</summary>
    private const string FeedTokenPrefix = "batonfeed_";

    public static (string Token, string Hash, string Prefix) Generate(ApiTokenScope scope = ApiTokenScope.ReadWrite)
    {
        var token = (scope == ApiTokenScope.Feed ? FeedTokenPrefix : TokenPrefix) + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token), token[..14]);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Forget a cached principal at once when its token is revoked (other instances forget within the cache lifetime).</summary>
    public static void Forget(IMemoryCache cache, string hash) => cache.Remove(CacheKey(hash));

    internal static string CacheKey(string hash) => "api-token:" + hash;

    /// <summary>
    /// The scheme of the calendar feeds: a feed token in the Authorization header or in <c>?token=</c> (calendar apps
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
    /// Marks a calendar feed: it takes a feed token (never an API token) from <c>?token=</c> as well as the header.
    /// Only for read-only feeds whose clients cannot send headers: a token in a URL ends up in logs and histories,
    /// so the token there opens that one feed and nothing else.
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
        var isFeed = Context.GetEndpoint()?.Metadata.GetMetadata<QueryStringTokenAllowed>() is not null;
        if (!string.IsNullOrEmpty(header) && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header["Bearer ".Length..].Trim();
        }
        else if (string.IsNullOrEmpty(header) && isFeed && Request.Query.TryGetValue(ApiTokens.QueryParameter, out var fromQuery))
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
        if (!cache.TryGetValue(ApiTokens.CacheKey(hash), out ClaimsPrincipal? principal) || principal is null)
        {
            principal = await ResolveAsync(hash);
            if (principal is null)
            {
                return AuthenticateResult.Fail("The token is unknown or revoked, or its account is locked or closed.");
            }

            cache.Set(ApiTokens.CacheKey(hash), principal, CacheFor);
        }

        return Fits(principal, isFeed) is { } refusal
            ? AuthenticateResult.Fail(refusal)
            : AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    private async Task<ClaimsPrincipal?> ResolveAsync(string hash)
    {
        var row = await db.ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash && t.RevokedAt == null)
            .Select(t => new { t.Id, t.UserId, t.Scope, t.Feed })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (row is null)
        {
            return null;
        }

        var user = await db.Users.FindAsync([row.UserId], Context.RequestAborted);
        if (user is null || (user.LockoutEnd is { } end && end > clock.GetUtcNow())
            || !await AccountAccess.IsOpenAsync(db, user, Context.RequestAborted))
        {
            return null;
        }

        await db.ApiTokens.Where(t => t.Id == row.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, clock.GetUtcNow()), Context.RequestAborted);
        var principal = await principals.CreateAsync(user);
        var identity = principal.Identities.First();
        var claims = principal.Claims.Append(new Claim(TokenScopes.ScopeClaim, row.Scope.ToString()));
        if (row.Feed is not null)
        {
            claims = claims.Append(new Claim(TokenScopes.FeedClaim, row.Feed));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, identity.NameClaimType, identity.RoleClaimType));
    }

    /// <summary>Why this token may not be used on this endpoint, or null: feed tokens open their own feed only, API tokens no feed.</summary>
    private string? Fits(ClaimsPrincipal principal, bool isFeed)
    {
        var feed = principal.FindFirstValue(TokenScopes.FeedClaim);
        if (!isFeed)
        {
            return feed is null ? null : "A feed token opens its calendar feed only.";
        }

        if (feed is null)
        {
            Context.Items[FeedRefusal] = true;
            return "API tokens are refused on the calendar feeds; subscribe with a feed token.";
        }

        var wanted = Request.RouteValues.TryGetValue("number", out var n)
            ? (ProjectNumber.TryParse(n?.ToString(), out var number) ? number : "")
            : TokenScopes.AllProjects;
        if (!string.Equals(feed, wanted, StringComparison.Ordinal))
        {
            Context.Items[FeedRefusal] = true;
            return "This feed token belongs to another feed.";
        }

        return null;
    }

    private const string FeedRefusal = "baton:feed-refused";

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            title: "Authentication required",
            detail: Context.Items.ContainsKey(FeedRefusal) || Context.GetEndpoint()?.Metadata.GetMetadata<QueryStringTokenAllowed>() is not null
                ? "A calendar feed takes its own feed token (?token=…): use the Subscribe button on the project page. API tokens are refused here."
                : "Send a personal API token as 'Authorization: Bearer <token>'. Create one on your profile page.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Results.Problem(
            title: "Forbidden",
            detail: TokenScopes.RefusesWrite(Context)
                ? $"This API token is read-only: it may GET and HEAD, not {Context.Request.Method}. Create a read-write token on your profile page."
                : "Your role does not allow this.",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
}
