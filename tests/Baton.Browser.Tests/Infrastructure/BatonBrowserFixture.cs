using Baton.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Baton.Browser.Tests.Infrastructure;

/// <summary>
/// Baton on a real Kestrel port (127.0.0.1) and one headless Debian Chromium, shared by every test in the collection.
/// Tests arrange the world through <see cref="App"/>'s intent methods and act through their own browser context.
/// </summary>
public class BatonBrowserFixture : IAsyncLifetime
{
    public BatonBrowserFixture()
        : this(new BatonAppFactory())
    {
    }

    /// <summary>For a fixture whose app is arranged before the browser starts (<see cref="ArrangeAsync"/>).</summary>
    protected BatonBrowserFixture(BatonAppFactory app) => App = app;

    // Without the resolver rule Chromium looks up Google hosts at start; this machine has no internet.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BatonAppFactory App { get; }

    /// <summary>http://127.0.0.1:PORT, the address the browser uses.</summary>
    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser did not start; see the collection fixture's error.");

    public async Task InitializeAsync()
    {
        if (!BrowserFactAttribute.ChromiumInstalled)
        {
            if (TestDatabase.RequireAll)
            {
                throw new InvalidOperationException(
                    $"Browser suite required (BATON_REQUIRE_ALL_SUITES=1) but {BrowserFactAttribute.ChromiumPath} is missing: apt-get install -y chromium.");
            }

            return; // every test is skipped; do not start Baton for nothing
        }

        App.UseKestrel(0);
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var port = addresses.Select(a => new Uri(a).Port).FirstOrDefault(p => p > 0);
        Assert.True(port > 0, $"Kestrel reported no bound port ({string.Join(", ", addresses)}).");
        BaseUrl = $"http://127.0.0.1:{port}";
        App.ClientBaseAddress = new Uri(BaseUrl);
        await ArrangeAsync();

        // The default 5 s is tight on a 2-core machine shared with builds; a passing step never waits for it.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>Runs once Baton listens on its port, before the browser starts: the world a derived fixture needs.</summary>
    protected virtual Task ArrangeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BatonBrowserFixture>
{
    public const string Name = "Browser";
}
