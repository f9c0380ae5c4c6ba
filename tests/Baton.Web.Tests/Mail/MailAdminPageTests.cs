using System.Net;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Mail;

/// <summary>The admin Mailboxes page (add, validate, encrypt, poll now against Dovecot) and the Incoming mail page (accept an unknown sender, process again, the raw message).</summary>
public sealed class MailAdminPageTests(MailingDesk desk, DovecotServer imap) : IClassFixture<MailingDesk>, IClassFixture<DovecotServer>
{
    private BatonAppFactory App => desk.App;

    private async Task<PageClient> AdministratorAsync() => await App.SignInAsync(BatonAppFactory.AdminEmail, BatonAppFactory.AdminPassword);

    private static Dictionary<string, string> MailboxForm(string user, int port, string password = DovecotServer.Password) => new()
    {
        ["Input.Address"] = $"{user}@msp.example",
        ["Input.FromName"] = "Fabrikam desk",
        ["Input.Host"] = "127.0.0.1",
        ["Input.Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Input.Security"] = "None",
        ["Input.UserName"] = user,
        ["Input.Password"] = password,
        ["Input.Folder"] = "INBOX",
        ["Input.ProcessedFolder"] = "Baton/Processed",
        ["Input.IsActive"] = "true",
    };

    [ImapFact]
    public async Task AnAdministrator_AddsAMailbox_ThePasswordIsStoredEncryptedAndNeverShown_AndPollNowTakesItsMail()
    {
        var user = $"page{Guid.NewGuid():N}"[..14];
        using var admin = await AdministratorAsync();

        var added = await admin.PostFormAsync("/Admin/Mailboxes?handler=Save", MailboxForm(user, imap.Port), "/Admin/Mailboxes");

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var mailbox = await App.WithDbAsync(db => db.Mailboxes.AsNoTracking().SingleAsync(m => m.UserName == user));
        Assert.DoesNotContain(DovecotServer.Password, mailbox.ProtectedPassword, StringComparison.Ordinal);
        var page = await admin.GetHtmlAsync($"/Admin/Mailboxes?edit={mailbox.Id}");
        Assert.Contains($"{user}@msp.example", page, StringComparison.Ordinal);
        Assert.DoesNotContain(DovecotServer.Password, page, StringComparison.Ordinal);
        Assert.DoesNotContain(mailbox.ProtectedPassword, page, StringComparison.Ordinal);

        var client = await App.CreateClientAsync();
        var requester = await App.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => c.Email).SingleAsync());
        await imap.DeliverAsync(user, InboundMailTests.Mail(requester, "Polled from the admin page", "Poll now, please.", to: mailbox.Address));
        var polled = await admin.PostFormAsync($"/Admin/Mailboxes?handler=Poll&id={mailbox.Id}", [], "/Admin/Mailboxes");

        Assert.Equal(HttpStatusCode.Redirect, polled.StatusCode);
        Assert.Contains("1 new mail taken in", WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Admin/Mailboxes")), StringComparison.Ordinal);
        Assert.True(await App.WithDbAsync(db => db.Tickets.AnyAsync(t => t.Title == "Polled from the admin page" && t.ClientId == client.ClientId)));

        // Saved again with the password left empty: the stored one is kept.
        var form = MailboxForm(user, imap.Port, password: "");
        form["Input.Id"] = mailbox.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        form["Input.FromName"] = "Renamed desk";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/Admin/Mailboxes?handler=Save", form, $"/Admin/Mailboxes?edit={mailbox.Id}")).StatusCode);
        var saved = await App.WithDbAsync(db => db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailbox.Id));
        Assert.Equal(("Renamed desk", mailbox.ProtectedPassword), (saved.FromName, saved.ProtectedPassword));
    }

    [ImapFact]
    public async Task AWrongPassword_IsShownOnTheMailboxesPage_InWords()
    {
        var user = $"bad{Guid.NewGuid():N}"[..14];
        using var admin = await AdministratorAsync();
        await admin.PostFormAsync("/Admin/Mailboxes?handler=Save", MailboxForm(user, imap.Port, password: "wrong-password"), "/Admin/Mailboxes");
        var id = await App.WithDbAsync(db => db.Mailboxes.Where(m => m.UserName == user).Select(m => m.Id).SingleAsync());

        await admin.PostFormAsync($"/Admin/Mailboxes?handler=Poll&id={id}", [], "/Admin/Mailboxes");

        var page = WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Admin/Mailboxes"));
        Assert.Contains("The server refused the user name or password.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadMailboxInput_IsAnsweredNextToEachField_AndNothingIsSaved()
    {
        using var admin = await AdministratorAsync();
        var before = await App.WithDbAsync(db => db.Mailboxes.CountAsync());
        var form = MailboxForm("x", 993);
        form["Input.Address"] = "not an address";
        var response = await admin.PostFormAsync("/Admin/Mailboxes?handler=Save", form, "/Admin/Mailboxes");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter the mailbox's e-mail address", html, StringComparison.Ordinal);

        form = MailboxForm("samefolder", 993);
        form["Input.ProcessedFolder"] = "inbox";
        html = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/Admin/Mailboxes?handler=Save", form, "/Admin/Mailboxes")).Content.ReadAsStringAsync());
        Assert.Contains("another folder than the one Baton reads", html, StringComparison.Ordinal);

        form = MailboxForm("nopass", 993, password: "");
        html = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/Admin/Mailboxes?handler=Save", form, "/Admin/Mailboxes")).Content.ReadAsStringAsync());
        Assert.Contains("Enter the mailbox's password", html, StringComparison.Ordinal);

        form = MailboxForm("badport", 993);
        form["Input.Port"] = "99999";
        html = WebUtility.HtmlDecode(await (await admin.PostFormAsync("/Admin/Mailboxes?handler=Save", form, "/Admin/Mailboxes")).Content.ReadAsStringAsync());
        Assert.Contains("The port is a number from 1 to 65535", html, StringComparison.Ordinal);
        Assert.Equal(before, await App.WithDbAsync(db => db.Mailboxes.CountAsync()));
    }

    [Fact]
    public async Task AManager_CannotOpenTheMailboxesPage_WhichHoldsServerPasswords()
    {
        using var manager = await App.SignInAsync((await App.CreateUserAsync(Roles.Manager)).Email, BatonAppFactory.UserPassword);
        var response = await manager.GetAsync("/Admin/Mailboxes");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{(int)response.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/Admin/IncomingMail")).StatusCode);
    }

    [Fact]
    public async Task AnUnknownSender_WaitsOnTheIncomingMailPage_AndAcceptingItForAClient_MakesTheContact_AndOpensTheTicket()
    {
        var client = await App.CreateClientAsync();
        var stranger = $"new.person.{Guid.NewGuid():N}"[..24] + "@unknown-domain.example";
        var mail = InboundMailTests.Mail($"New Person <{stranger}>", "Hello from a stranger", "I started here last week.");
        var filed = await GatewayAsync(InboundMailTests.Raw(mail));
        Assert.Equal(InboundMailState.UnknownSender, filed.State);
        using var manager = await App.SignInAsync((await App.CreateUserAsync(Roles.Manager)).Email, BatonAppFactory.UserPassword);
        Assert.Contains("Hello from a stranger", await manager.GetHtmlAsync("/Admin/IncomingMail?view=unknown"), StringComparison.Ordinal);

        var unchosen = await manager.PostFormAsync("/Admin/IncomingMail?handler=Accept", new() { ["Accept.MailId"] = $"{filed.Id}", ["Accept.ClientId"] = "" }, "/Admin/IncomingMail?view=unknown");
        Assert.Contains("Choose the client this sender works for.", WebUtility.HtmlDecode(await unchosen.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var accepted = await manager.PostFormAsync("/Admin/IncomingMail?handler=Accept",
            new() { ["Accept.MailId"] = $"{filed.Id}", ["Accept.ClientId"] = $"{client.ClientId}", ["Accept.Name"] = "New Person" }, "/Admin/IncomingMail?view=unknown");

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var contact = await App.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.Email == stranger));
        Assert.Equal((client.ClientId, "New Person"), (contact.ClientId, contact.Name));
        var row = await App.WithDbAsync(db => db.InboundMails.AsNoTracking().SingleAsync(m => m.Id == filed.Id));
        Assert.Equal((InboundMailState.Filed, InboundMailOutcome.NewTicket), (row.State, row.Outcome));
        var ticket = await App.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == row.TicketId));
        Assert.Equal((client.ClientId, contact.Id, "Hello from a stranger"), (ticket.ClientId, ticket.RequesterId, ticket.Title));
        Assert.DoesNotContain("Hello from a stranger", await manager.GetHtmlAsync("/Admin/IncomingMail?view=unknown"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MailThatCouldNotBeProcessed_IsListedWithTheReason_TheRawMessageIsOneClickAway_AndProcessAgainTriesIt()
    {
        var client = await App.CreateClientAsync();
        var requester = await App.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => c.Email).SingleAsync());
        var raw = InboundMailTests.Raw(InboundMailTests.Mail(requester, "Set aside for a while", "Process me later."));
        // Stored, then filing failed (the database went away for a moment): set aside with the reason, as MailFiling does.
        var filed = await App.WithDbAsync(async db =>
        {
            var accepted = await Features.Mail.MailIntake.AcceptAsync(db, App.Services.GetRequiredService<Baton.Web.Infrastructure.Files.IAttachmentStore>(),
                new MemoryStream(raw), "gateway", null, false, 25L * 1024 * 1024, desk.Clock.Now, default);
            await db.InboundMails.Where(m => m.Id == accepted.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, InboundMailState.Unprocessable).SetProperty(m => m.Reason, "Filing failed: the database was not reachable."));
            return await db.InboundMails.AsNoTracking().SingleAsync(m => m.Id == accepted.Id);
        });
        using var manager = await App.SignInAsync((await App.CreateUserAsync(Roles.Manager)).Email, BatonAppFactory.UserPassword);

        var list = WebUtility.HtmlDecode(await manager.GetHtmlAsync("/Admin/IncomingMail?view=unprocessed"));
        Assert.Contains("Set aside for a while", list, StringComparison.Ordinal);
        Assert.Contains("the database was not reachable", list, StringComparison.Ordinal);
        var download = await manager.GetAsync($"/Admin/IncomingMail?handler=Raw&id={filed.Id}");
        Assert.Equal("message/rfc822", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(raw, await download.Content.ReadAsByteArrayAsync());

        var again = await manager.PostFormAsync($"/Admin/IncomingMail?handler=Retry&id={filed.Id}", [], "/Admin/IncomingMail?view=unprocessed");

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var row = await App.WithDbAsync(db => db.InboundMails.AsNoTracking().SingleAsync(m => m.Id == filed.Id));
        Assert.Equal((InboundMailState.Filed, InboundMailOutcome.NewTicket), (row.State, row.Outcome));
        Assert.Equal(1, await App.WithDbAsync(db => db.Tickets.CountAsync(t => t.Title == "Set aside for a while")));
    }

    [Fact]
    public async Task AManager_SetsAClientsMailDomains_OnTheClientPage_AndAPublicServiceIsAnsweredInline()
    {
        var client = await App.CreateClientAsync();
        using var manager = await App.SignInAsync((await App.CreateUserAsync(Baton.Web.Data.Roles.Manager)).Email, BatonAppFactory.UserPassword);
        var url = $"/Admin/Clients/Details/{client.ClientId}";

        var refused = await manager.PostFormAsync($"{url}?handler=Mail", new() { ["Mail.MailDomains"] = "northwind-page.example, hotmail.com", ["Mail.CreateContactsFromMail"] = "true" }, url);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("hotmail.com is a public mail service", html, StringComparison.Ordinal);
        Assert.Contains("value=\"northwind-page.example, hotmail.com\"", html, StringComparison.Ordinal); // what was typed is kept
        Assert.Equal("", await App.WithDbAsync(db => db.Clients.Where(c => c.Id == client.ClientId).Select(c => c.MailDomains).SingleAsync()));

        var saved = await manager.PostFormAsync($"{url}?handler=Mail", new() { ["Mail.MailDomains"] = "Northwind-Page.example\nnw-page.example", ["Mail.CreateContactsFromMail"] = "true" }, url);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = WebUtility.HtmlDecode(await manager.GetHtmlAsync(url));
        Assert.Contains("Mail domains of", page, StringComparison.Ordinal);
        Assert.Contains("value=\"northwind-page.example, nw-page.example\"", page, StringComparison.Ordinal);
        var stored = await App.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == client.ClientId));
        Assert.Equal(["northwind-page.example", "nw-page.example"], stored.MailDomainList);
        Assert.True(stored.CreatesContactsFromMail);
    }

    [Fact]
    public async Task AnAgent_CannotOpenIncomingMail()
    {
        using var agent = await App.SignInAsAgentAsync();
        var response = await agent.GetAsync("/Admin/IncomingMail");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{(int)response.StatusCode}");
    }

    private async Task<InboundMail> GatewayAsync(byte[] raw)
    {
        var (status, body, text) = await desk.PostMailAsync(raw);
        Assert.True(status == HttpStatusCode.OK, text);
        return await App.WithDbAsync(db => db.InboundMails.AsNoTracking().SingleAsync(m => m.Id == body!.Id));
    }
}
