using System.Net.Http.Json;
using Baton.Browser.Tests.Infrastructure;
using Baton.Domain.Projects;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Links;

/// <summary>The Links section on a ticket and a project: staff link and unlink records; a contact reads what they may see.</summary>
public sealed class LinkingRecordsTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public Task Agent_LinksATicketToAnotherAndToAProject_EachSideReadsIt_AndRemovesALink() => JourneyAsync(async page =>
    {
        var client = await App.CreateClientAsync();
        var agent = await App.CreateAgentAsync();
        using var api = await ApiAsAsync(agent);
        var parent = await OpenIncidentAsync(api, client, "Whole floor offline " + Guid.NewGuid().ToString("N")[..6]);
        var child = await OpenIncidentAsync(api, client, "Printer unreachable " + Guid.NewGuid().ToString("N")[..6]);
        var project = await App.CreateProjectAsync(client, agent, ProjectStatus.Active, "Network refresh " + Guid.NewGuid().ToString("N")[..6]);

        await SignInAsync(page, agent.Email);
        await page.GotoAsync($"/Tickets/{child.Number}");
        var links = Region(page, "Links");
        await Expect(links).ToContainTextAsync("Not linked to any other record.");

        // A number that names nothing is answered on the field, with what was typed kept.
        await links.GetByLabel("This record is").SelectOptionAsync(new SelectOptionValue { Label = "child of" });
        await links.GetByLabel("Record number").FillAsync("INC-999999");
        await links.GetByRole(AriaRole.Button, new() { Name = "Add link" }).ClickAsync();
        await Expect(Region(page, "Links").GetByText("There is no INC-999999 that you can see. Check the number.")).ToBeVisibleAsync();
        await Expect(Region(page, "Links").GetByLabel("Record number")).ToHaveValueAsync("INC-999999");

        links = Region(page, "Links");
        await links.GetByLabel("Record number").FillAsync(parent.Number.ToLowerInvariant());
        await links.GetByLabel("Note").FillAsync("Same switch");
        await links.GetByRole(AriaRole.Button, new() { Name = "Add link" }).ClickAsync();
        await Expect(Flash(page)).ToHaveTextAsync($"Linked: child of {parent.Number}.");
        await Expect(Region(page, "Links").GetByRole(AriaRole.Listitem)).ToContainTextAsync(["Child of " + parent.Number]);

        await Region(page, "Links").GetByLabel("This record is").SelectOptionAsync(new SelectOptionValue { Label = "implemented by" });
        await Region(page, "Links").GetByLabel("Record number").FillAsync(project.Number);
        await Region(page, "Links").GetByRole(AriaRole.Button, new() { Name = "Add link" }).ClickAsync();
        await Expect(Flash(page)).ToHaveTextAsync($"Linked: implemented by {project.Number}.");

        // Each other end reads the link its own way round, and the number links back.
        await Region(page, "Links").GetByRole(AriaRole.Link, new() { Name = parent.Number }).ClickAsync();
        await Expect(Region(page, "Links").GetByRole(AriaRole.Listitem)).ToContainTextAsync(["Parent of " + child.Number]);
        await page.GotoAsync($"/Projects/{project.Number}");
        await Expect(Region(page, "Links").GetByRole(AriaRole.Listitem)).ToContainTextAsync(["Implements " + child.Number]);

        await Region(page, "Links").GetByRole(AriaRole.Button, new() { Name = $"Remove the link to {child.Number}" }).ClickAsync();
        await Expect(Flash(page)).ToHaveTextAsync("Link removed.");
        await Expect(Region(page, "Links")).ToContainTextAsync("Not linked to any other record.");
        await page.GotoAsync($"/Tickets/{child.Number}");
        await Expect(Region(page, "Links").GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
    });

    [BrowserFact]
    public Task ClientContact_ReadsTheirTicketsLinks_WithoutTheForm() => JourneyAsync(async page =>
    {
        var client = await App.CreateClientAsync();
        using var api = await ApiAsAsync(await App.CreateAgentAsync());
        var first = await OpenIncidentAsync(api, client, "VPN drops " + Guid.NewGuid().ToString("N")[..6]);
        var second = await OpenIncidentAsync(api, client, "VPN drops again " + Guid.NewGuid().ToString("N")[..6]);
        var linked = await api.PostAsJsonAsync($"/api/v1/tickets/{second.Number}/links", new { relation = "DuplicateOf", target = first.Number });
        linked.EnsureSuccessStatusCode();
        var contact = await App.CreateContactUserAsync(client);

        await SignInAsync(page, contact.Email);
        await page.GotoAsync($"/Tickets/{second.Number}");

        await Expect(Region(page, "Links").GetByRole(AriaRole.Listitem)).ToContainTextAsync(["Duplicate of " + first.Number]);
        await Expect(Region(page, "Links").GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(Region(page, "Links").GetByLabel("Record number")).ToHaveCountAsync(0);
    });
}
