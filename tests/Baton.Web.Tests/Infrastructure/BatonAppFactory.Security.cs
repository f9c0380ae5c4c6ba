using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Infrastructure;

/// <summary>Tokens of a given scope, and feed tokens issued by the same use case as the project pages' Subscribe button.</summary>
public sealed partial class BatonAppFactory
{
    public Task<string> IssueTokenAsync(TestUser user, ApiTokenScope scope) => WithDbAsync(async db =>
    {
        var (token, hash, prefix) = ApiTokens.Generate(scope);
        db.ApiTokens.Add(new ApiToken { UserId = user.Id, Name = "test " + scope, Hash = hash, Prefix = prefix, CreatedAt = TimeProvider.System.GetUtcNow(), Scope = scope });
        await db.SaveChangesAsync();
        return token;
    });

    /// <summary>The user's feed token for one feed (<see cref="TokenScopes.AllProjects"/> or a project number).</summary>
    public async Task<string> IssueFeedTokenAsync(TestUser user, string feed)
    {
        using var scope = Services.CreateScope();
        var me = new CurrentUser(user.Id, user.DisplayName, user.Role != Roles.ClientContact, user.Role == Roles.Administrator, user.Role == Roles.Manager,
            user.ClientId, null, "UTC");
        return await ProjectCalendar.IssueFeedTokenAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), scope.ServiceProvider.GetRequiredService<IMemoryCache>(),
            me, feed, TimeProvider.System, CancellationToken.None);
    }

    /// <summary>A calendar app: no cookies, the user's feed token for <paramref name="feed"/> as a Bearer header.</summary>
    public async Task<HttpClient> FeedReaderAsync(TestUser user, string feed)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await IssueFeedTokenAsync(user, feed));
        return client;
    }
}
