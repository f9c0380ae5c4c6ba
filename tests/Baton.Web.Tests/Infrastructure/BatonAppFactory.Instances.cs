using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Baton.Web.Tests.Infrastructure;

public sealed partial class BatonAppFactory
{
    /// <summary>
    /// A second Baton on this factory's database — another instance behind the load balancer, or the next deploy —
    /// started from another content root (another install folder). Dispose it before this factory.
    /// </summary>
    public BatonAppFactory AnotherInstance(string contentRoot)
    {
        var other = new BatonAppFactory();
        other.Settings[Microsoft.AspNetCore.Hosting.WebHostDefaults.ContentRootKey] = contentRoot;
        other.Settings["Baton:DataDirectory"] = _dataDirectory;
        if (_postgresDatabase is not null)
        {
            other.Settings["ConnectionStrings:Baton"] = $"{TestDatabase.PostgresServer};Database={_postgresDatabase}";
        }

        foreach (var (key, value) in Settings.Where(s => !other.Settings.ContainsKey(s.Key)))
        {
            other.Settings[key] = value;
        }

        return other;
    }

    /// <summary>A browser-like client whose cookies live in <paramref name="cookies"/>, so several instances can share one browser.</summary>
    public PageClient PageClientWith(System.Net.CookieContainer cookies) =>
        new(CreateDefaultClient(new CookieContainerHandler(cookies)));
}

public sealed partial class PageClient
{
    /// <summary>The antiforgery token of the form on <paramref name="url"/>, to post it elsewhere (e.g. to another instance).</summary>
    public async Task<string> AntiforgeryTokenOnAsync(string url)
    {
        var token = AntiforgeryToken().Match(await GetHtmlAsync(url));
        Assert.True(token.Success, $"No antiforgery token on {url}");
        return token.Groups[1].Value;
    }
}
