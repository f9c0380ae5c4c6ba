using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Baton.Web.Infrastructure.Auth;

/// <summary>
/// What an API token may do, carried as a claim of its principal: read-write, read-only (GET and HEAD), or one
/// calendar feed. Cookie sign-ins carry no scope claim and are not limited by it.
/// </summary>
public static class TokenScopes
{
    public const string ScopeClaim = "baton:token-scope";

    /// <summary>The feed a feed token opens: <see cref="AllProjects"/> or a project number.</summary>
    public const string FeedClaim = "baton:feed";

    public const string AllProjects = "all";

    public static bool IsReadOnly(ClaimsPrincipal user) =>
        user?.FindFirstValue(ScopeClaim) == nameof(Data.ApiTokenScope.ReadOnly);

    public static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    /// <summary>A read-only token asking for anything but GET or HEAD.</summary>
    public static bool RefusesWrite(HttpContext http) => IsReadOnly(http.User) && !IsRead(http.Request.Method);

    public sealed class ReadOnlyRequirement : IAuthorizationRequirement;

    public sealed class ReadOnlyHandler : AuthorizationHandler<ReadOnlyRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadOnlyRequirement requirement)
        {
            if (context.Resource is HttpContext http && !RefusesWrite(http))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
