using System.Net.Http.Json;
using System.Text.Json;
using Baton.Browser.Tests.Infrastructure;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Informing;

/// <summary>An agent mentions a colleague in an internal note, picking them from the @autocomplete (issue 13).</summary>
public sealed class MentioningAColleagueTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public Task Agent_TypesAt_PicksAColleague_AndTheColleagueIsTold() => JourneyAsync(async page =>
    {
        var client = await App.CreateClientAsync();
        var agent = await App.CreateAgentAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var colleague = await App.CreateAgentAsync($"Mira{tag} Network");
        using var api = await ApiAsAsync(agent);
        var ticket = await OpenIncidentAsync(api, client, "Switch in room 4 drops links");

        await SignInAsync(page, agent.Email);
        await page.GotoAsync($"/Tickets/{ticket.Number}");
        await page.GetByLabel("Internal note").CheckAsync();
        var note = page.GetByLabel("Message");
        await note.PressSequentiallyAsync($"Can you check the uplink, @mira{tag}");

        var suggestions = page.GetByRole(AriaRole.Listbox, new() { Name = "People to mention" });
        await Expect(suggestions).ToBeVisibleAsync();
        await suggestions.GetByRole(AriaRole.Option, new() { Name = colleague.DisplayName }).ClickAsync();
        await Expect(suggestions).ToBeHiddenAsync();
        var handle = colleague.Email.Split('@')[0];
        await Expect(note).ToHaveValueAsync($"Can you check the uplink, @{handle} ");

        await note.PressSequentiallyAsync("please?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(Flash(page)).ToHaveTextAsync($"Internal note added; {colleague.DisplayName} is told.");

        using var colleagueApi = await ApiAsAsync(colleague);
        await Eventually.HoldsAsync(async () =>
            (await colleagueApi.GetFromJsonAsync<JsonElement>("/api/v1/notifications?limit=100")).EnumerateArray()
                .Any(n => n.GetProperty("ticketNumber").GetString() == ticket.Number && n.GetProperty("kind").GetString() == "Mentioned"
                    && n.GetProperty("text").GetString()!.Contains($"mentioned you: Can you check the uplink, @{handle} please?", StringComparison.Ordinal)),
            "the colleague's notifications have the mention");
    });

    [BrowserFact]
    public Task TheAutocomplete_WorksFromTheKeyboard_AndEscapeClosesIt() => JourneyAsync(async page =>
    {
        var client = await App.CreateClientAsync();
        var agent = await App.CreateAgentAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var colleague = await App.CreateAgentAsync($"Kai{tag} Keys");
        using var api = await ApiAsAsync(agent);
        var ticket = await OpenIncidentAsync(api, client);

        await SignInAsync(page, agent.Email);
        await page.GotoAsync($"/Tickets/{ticket.Number}");
        await page.GetByLabel("Internal note").CheckAsync();
        var note = page.GetByLabel("Message");
        var suggestions = page.GetByRole(AriaRole.Listbox, new() { Name = "People to mention" });

        await note.PressSequentiallyAsync($"@kai{tag}");
        await Expect(suggestions).ToBeVisibleAsync();
        await note.PressAsync("Escape");
        await Expect(suggestions).ToBeHiddenAsync();

        await note.PressSequentiallyAsync(" and @kai");
        await note.PressSequentiallyAsync(tag);
        await Expect(suggestions.GetByRole(AriaRole.Option, new() { Name = colleague.DisplayName })).ToHaveAttributeAsync("aria-selected", "true");
        await note.PressAsync("Enter");
        await Expect(note).ToHaveValueAsync($"@kai{tag} and @{colleague.Email.Split('@')[0]} ");
    });
}
