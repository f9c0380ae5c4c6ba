using System.Runtime.CompilerServices;
using Baton.Web.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Infrastructure;

/// <summary>
/// A fresh browser context and page per test. Tests run their steps through <see cref="JourneyAsync"/>, which also
/// asserts that the browser reported no Content Security Policy violation and, on failure, keeps a screenshot and a
/// Playwright trace under playwright-artifacts/ in the test output folder (open with `playwright show-trace`).
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BatonBrowserFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<string> _cspViolations = [];
    private readonly List<IBrowserContext> _others = [];
    private IBrowserContext? _context;
    private IPage? _page;
    private bool _traceSaved;

    protected BatonAppFactory App => fixture.App;

    protected ITestOutputHelper Output => output;

    public async Task InitializeAsync()
    {
        _context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl, Locale = "en-GB" });
        await _context.Tracing.StartAsync(new TracingStartOptions { Screenshots = true, Snapshots = true });
        _page = await _context.NewPageAsync();
        WatchForCspViolations(_page);
    }

    /// <summary>
    /// A second person at their own browser (a fresh context: own cookies, own sign-in), e.g. the customer who replies
    /// while the agent watches. Its CSP violations fail the journey too; it is closed with the test.
    /// </summary>
    protected async Task<IPage> AnotherBrowserAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl, Locale = "en-GB" });
        _others.Add(context);
        var page = await context.NewPageAsync();
        WatchForCspViolations(page);
        return page;
    }

    private void WatchForCspViolations(IPage page) => page.Console += (_, message) =>
    {
        if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
        {
            lock (_cspViolations)
            {
                _cspViolations.Add($"{page.Url}: {message.Text}");
            }
        }
    };

    public async Task DisposeAsync()
    {
        foreach (var other in _others)
        {
            await other.CloseAsync();
        }

        if (_context is null)
        {
            return;
        }

        if (!_traceSaved)
        {
            await _context.Tracing.StopAsync();
        }

        await _context.CloseAsync();
    }

    /// <summary>Runs a journey; afterwards no CSP violation may have been logged. On failure, keeps the evidence.</summary>
    protected async Task JourneyAsync(Func<IPage, Task> steps, [CallerMemberName] string name = "")
    {
        var page = _page ?? throw new InvalidOperationException("The page was not created.");
        try
        {
            await steps(page);
            string[] violations;
            lock (_cspViolations)
            {
                violations = [.. _cspViolations];
            }

            Assert.True(violations.Length == 0, "The browser reported Content Security Policy violations:\n" + string.Join("\n", violations));
        }
        catch
        {
            await KeepArtifactsAsync(page, name);
            throw;
        }
    }

    private async Task KeepArtifactsAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "playwright-artifacts");
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"{name}-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}");
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = stem + ".png", FullPage = true });
            output.WriteLine($"Screenshot: {stem}.png (page {page.Url})");
        }
        catch (PlaywrightException e)
        {
            output.WriteLine($"No screenshot: {e.Message}");
        }

        await _context!.Tracing.StopAsync(new TracingStopOptions { Path = stem + ".zip" });
        _traceSaved = true;
        output.WriteLine($"Trace: {stem}.zip (view it with Playwright's show-trace)");
    }

    // ---- Steps every journey shares ----------------------------------------------------------------------

    /// <summary><see cref="BatonAppFactory.ApiAsAsync"/>: the fixture aims the factory's clients at the Kestrel port.</summary>
    protected Task<HttpClient> ApiAsAsync(BatonAppFactory.TestUser user) => App.ApiAsAsync(user);

    /// <summary>Signs in through the login page and waits for the signed-in navigation.</summary>
    protected static async Task SignInAsync(IPage page, string email, string password = BatonAppFactory.UserPassword)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
    }

    /// <summary>The one-line confirmation shown after a successful action (role="status").</summary>
    protected static ILocator Flash(IPage page) => page.GetByRole(AriaRole.Status);

    protected static ILocator Region(IPage page, string name) => page.GetByRole(AriaRole.Region, new() { Name = name, Exact = true });

    /// <summary>axe-core over the page as it stands: every finding is written to the output, serious and critical ones returned.</summary>
    protected async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync(IPage page, string name)
    {
        var results = await page.RunAxe();
        var blocking = new List<string>();
        foreach (var v in results.Violations)
        {
            var line = $"{name}: [{v.Impact}] {v.Id}: {v.Help}\n" + string.Join("\n", v.Nodes.Select(n => $"    {n.Target}  {n.Html}"));
            output.WriteLine(line);
            if (v.Impact is "serious" or "critical")
            {
                blocking.Add(line);
            }
        }

        return blocking;
    }
}
