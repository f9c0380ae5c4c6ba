using Baton.Browser.Tests.Infrastructure;
using Baton.Domain.Clients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Tickets;

/// <summary>An agent raises a ticket: the requester found by typing, the lists then the requester's client's.</summary>
public sealed class RaisingATicketTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    /// <summary>Types <paramref name="typed"/> into the requester picker and chooses the suggestion <paramref name="label"/> ("Name — Client").</summary>
    internal static async Task ChooseRequesterAsync(IPage page, string typed, string label)
    {
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Requester", Exact = true }).PressSequentiallyAsync(typed, new() { Delay = 30 });
        var suggestions = page.GetByRole(AriaRole.Listbox, new() { Name = "Matching contacts" });
        await suggestions.GetByRole(AriaRole.Option, new() { Name = label }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Requester", Exact = true })).ToHaveValueAsync(label);
    }

    [BrowserFact]
    public Task Agent_PicksTheRequesterByTypingPartOfTheName_AndSeesOnlyTheirClientsSites() => JourneyAsync(async page =>
    {
        var mark = Guid.NewGuid().ToString("N")[..6];
        var ours = await App.CreateClientAsync("Northwind " + mark);
        var theirs = await App.CreateClientAsync("Contoso " + mark);
        var (leeds, bristol, requester) = await App.WithDbAsync(async db =>
        {
            var l = new Site(ours.ClientId, "Leeds office " + mark, null);
            var b = new Site(theirs.ClientId, "Bristol depot " + mark, null);
            db.Sites.AddRange(l, b);
            var contact = await db.Contacts.SingleAsync(c => c.Id == ours.ContactId);
            await db.SaveChangesAsync();
            return (l.Name, b.Name, contact.Name);
        });
        var agent = await App.CreateAgentAsync();

        await SignInAsync(page, agent.Email);
        await page.GotoAsync("/Tickets/New");
        var site = page.GetByLabel("Site", new() { Exact = true });
        await Expect(site.Locator("option")).ToHaveCountAsync(1); // only "—" until a requester is chosen

        await ChooseRequesterAsync(page, requester.Split(' ')[1][1..], $"{requester} — Northwind {mark}");

        await Expect(page.GetByText($"Sites, configuration items and projects of Northwind {mark}.")).ToBeVisibleAsync();
        await Expect(site.Locator("option")).ToHaveTextAsync(["—", "Head office", leeds]);
        Assert.DoesNotContain(bristol, await site.InnerTextAsync(), StringComparison.Ordinal);
        await site.SelectOptionAsync(new SelectOptionValue { Label = leeds });
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Wi-Fi drops in the " + mark + " meeting room");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open ticket" }).ClickAsync();

        await Expect(Flash(page)).ToContainTextAsync("opened.");
        var details = Region(page, "Details");
        await Expect(details).ToContainTextAsync(requester);
        await Expect(details).ToContainTextAsync(leeds);
    });
}
