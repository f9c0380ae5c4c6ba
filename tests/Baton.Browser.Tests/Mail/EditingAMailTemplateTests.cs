using Baton.Browser.Tests.Infrastructure;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Mail;

/// <summary>An administrator rewrites a mail on the page, previews it on a real ticket, is told what is wrong, saves it, and restores the shipped text.</summary>
public sealed class EditingAMailTemplateTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    [BrowserFact]
    public Task AnAdministrator_PreviewsAnEditedMailOnARealTicket_SeesAWrongPlaceholderNamed_ThenSavesAndRestoresIt() => JourneyAsync(async page =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var client = await App.CreateClientAsync("Northwind " + suffix);
        var admin = await App.CreateUserAsync(Roles.Administrator, displayName: "Ada Admin " + suffix);
        using var api = await ApiAsAsync(await App.CreateAgentAsync());
        var ticket = await OpenIncidentAsync(api, client, "Scanner on reception offline " + suffix);

        await SignInAsync(page, admin.Email);
        await page.GotoAsync("/Admin/MailTemplates");
        await page.GetByRole(AriaRole.Link, new() { Name = "Resolution", Exact = true }).ClickAsync();
        await page.GetByLabel("Body").FillAsync("Good news, {{ requester.name }}: **{{ ticket.title }}** is fixed.\n\n{{ resolution.note }}");
        await page.GetByLabel("Ticket number", new() { Exact = true }).FillAsync(ticket.Number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();

        await Expect(page.GetByTestId("preview-subject")).ToHaveTextAsync($"[{ticket.Number}] Scanner on reception offline {suffix}");
        var mail = page.FrameLocator("iframe.mail-preview");
        await Expect(mail.Locator("strong")).ToHaveTextAsync($"Scanner on reception offline {suffix}");
        await Expect(mail.Locator("body")).ToContainTextAsync("not resolved yet"); // the ticket has no resolution note yet: said, not blank
        Assert.False(await App.WithDbAsync(db => db.MailTemplates.AnyAsync(t => t.Key == "resolution")), "a preview saves nothing");

        await page.GetByLabel("Body").FillAsync("Fixed: {{ ticket.titel }}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator(".field-error").Filter(new() { HasText = "{{ ticket.titel }} is not a placeholder" })).ToBeVisibleAsync();

        await page.GetByLabel("Body").FillAsync("Fixed: {{ ticket.title }}\n\n{{ resolution.note }}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(Flash(page)).ToContainTextAsync("saved");
        await Expect(page.GetByText("Edited by Ada Admin " + suffix)).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Restore the shipped text" }).ClickAsync();
        await Expect(Flash(page)).ToContainTextAsync("back to the shipped text");
        await Expect(page.GetByLabel("Body")).ToHaveValueAsync(Baton.Domain.Mail.ShippedMailTemplates.Find("resolution")!.Body);
    });
}
