using Baton.Browser.Tests.Infrastructure;
using Baton.Domain.Tickets;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Layout;

/// <summary>
/// The workspace fits a phone and a laptop: every page Baton serves, with the demo desk's records in its route, signed in
/// as an agent, a manager and a client contact, scrolls only downwards at 390×844 and at 1366×900; the queue shows about
/// twenty tickets on one line each; the ticket page starts with what an agent does next.
/// </summary>
public sealed class EveryPageFitsTheScreenTests(DemoDeskBrowserFixture fixture, ITestOutputHelper output)
    : BrowserTest(fixture, output), IClassFixture<DemoDeskBrowserFixture>
{
    private const string DemoPassword = "Baton-demo-2026";

    private static readonly (int Width, int Height)[] Viewports = [(390, 844), (1366, 900)];

    [BrowserFact]
    public Task EveryPage_AsAgentManagerAndContact_ScrollsNoWiderThanThePhoneOrLaptopScreen() => JourneyAsync(async page =>
    {
        var paths = fixture.Desk.Routes()
            .Where(r => r.Endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null && r.Unfilled.Count == 0)
            .Select(r => r.Path)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(paths.Count >= 30, $"Only {paths.Count} pages found: " + string.Join(", ", paths));
        var contact = await fixture.App.WithDbAsync(db => db.Users
            .Where(u => u.ClientId == fixture.Desk.Other.ClientId).OrderBy(u => u.Email).Select(u => u.Email!).FirstAsync());

        var tooWide = new List<string>();
        var seen = 0;
        foreach (var who in new[] { "dana.ops@demo.baton.local", "grace.adeyemi@demo.baton.local", contact })
        {
            await page.Context.ClearCookiesAsync();
            await SignInAsync(page, who, DemoPassword);
            foreach (var (width, height) in Viewports)
            {
                await page.SetViewportSizeAsync(width, height);
                foreach (var path in paths.Where(p => p != "/Account/Logout"))
                {
                    var response = await page.GotoAsync(path);
                    if (response is null || !(response.Headers.GetValueOrDefault("content-type") ?? "").StartsWith("text/html", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    seen++;
                    var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                    if (scrollWidth > width)
                    {
                        var culprits = await page.EvaluateAsync<string>(WidestElements, width);
                        tooWide.Add($"{who} at {width} px: {path} ({response.Status}) is {scrollWidth} px wide; sticking out: {culprits}");
                    }
                }
            }
        }

        Output.WriteLine($"{seen} page views measured over {paths.Count} pages.");
        Assert.True(tooWide.Count == 0, $"{tooWide.Count} page views scroll sideways:\n" + string.Join("\n", tooWide));
    });

    [BrowserFact]
    public Task Queue_At1366x900_ShowsAboutTwentyTicketsOnOneLineEach_WithTheWholeTitleOnHover() => JourneyAsync(async page =>
    {
        await page.SetViewportSizeAsync(1366, 900);
        await SignInAsync(page, "dana.ops@demo.baton.local", DemoPassword);
        await page.GotoAsync("/Tickets?Filter.Status=all");

        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Tickets" }).Locator("tbody tr");
        var boxes = await rows.EvaluateAllAsync<double[][]>("rows => rows.map(r => { const b = r.getBoundingClientRect(); return [b.top, b.height]; })");
        Assert.True(boxes.Length >= 20, $"The demo queue's first page has {boxes.Length} rows.");
        var visible = boxes.Count(b => b[0] + b[1] <= 900);
        Assert.True(visible >= 18, $"{visible} ticket rows fit on a 1366×900 screen; about twenty should.");
        Assert.True(boxes.Max(b => b[1]) < 40, $"A row is {boxes.Max(b => b[1])} px high: a title or column wraps.");

        var title = rows.First.Locator("td.title");
        var full = await title.GetAttributeAsync("title");
        Assert.False(string.IsNullOrWhiteSpace(full), "The title cell carries the whole title on hover.");
        Assert.Contains(full!, await title.InnerTextAsync(), StringComparison.Ordinal);
    });

    [BrowserFact]
    public Task TicketPage_PutsTheLifecycleAndAssignmentAboveTheDescription_OnAPhoneAndALaptop() => JourneyAsync(async page =>
    {
        var number = await fixture.App.WithDbAsync(db => db.Tickets
            .Where(t => t.Status == TicketStatus.InProgress).OrderBy(t => t.Id).Select(t => t.Number).FirstAsync());
        await SignInAsync(page, "dana.ops@demo.baton.local", DemoPassword);
        foreach (var (width, height) in Viewports)
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync($"/Tickets/{number}");
            var resolve = page.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true });
            await Expect(resolve).ToBeVisibleAsync();
            var resolveTop = (await resolve.BoundingBoxAsync())!.Y;
            var assignmentTop = (await Region(page, "Assignment").BoundingBoxAsync())!.Y;
            var descriptionTop = (await Region(page, "Description").BoundingBoxAsync())!.Y;
            Assert.True(resolveTop < descriptionTop && assignmentTop < descriptionTop,
                $"At {width} px Resolve ({resolveTop:N0}) and Assignment ({assignmentTop:N0}) come after the description ({descriptionTop:N0}).");
            if (width > 1000)
            {
                Assert.True(resolveTop + 40 < height, $"At {width}×{height} Resolve is {resolveTop:N0} px down, below the first screen.");
            }
        }
    });

    [BrowserFact]
    public Task InteractiveApiPage_RendersTheOperations_WithoutAContentSecurityPolicyViolation() => JourneyAsync(async page =>
    {
        await SignInAsync(page, "dana.ops@demo.baton.local", DemoPassword);
        await page.GotoAsync("/api-docs/");

        // Swagger UI draws the operations from /openapi/v1.json; JourneyAsync then fails on any CSP report in the console.
        await Expect(page.Locator(".opblock").First).ToBeVisibleAsync();
        await Expect(page.GetByText("/api/v1/tickets").First).ToBeVisibleAsync();
    });

    /// <summary>
    /// The innermost elements that stick out past the viewport's right edge, to name in a failure: those not inside a
    /// scrolling box (a wide table that scrolls inside itself is fine), and positioned ones, which escape such a box.
    /// </summary>
    private const string WidestElements = """
        (width) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
            .filter(e => {
                if (['absolute', 'fixed'].includes(getComputedStyle(e).position)) return true;
                for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                    if (getComputedStyle(a).overflowX !== 'visible') return false;
                }
                return true;
            })
            .slice(0, 4)
            .map(e => `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''} "${(e.textContent || '').trim().slice(0, 30)}" → ${Math.round(e.getBoundingClientRect().right)} px`)
            .join('; ')
        """;
}
