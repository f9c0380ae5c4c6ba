using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Web.Data;
using Baton.Web.Features.Account;
using Baton.Web.Tests.Infrastructure;
using Baton.Web.Tests.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Account;

/// <summary>
/// The mailing desk (a real SMTP server on loopback, a clock that stands still and moves only when a test moves it),
/// with invitations that work for 2 hours instead of 7 days: moving a clock with fake timers a week on would fire every
/// background job's timer a hundred thousand times.
/// </summary>
public sealed class AccountsDesk : IAsyncLifetime
{
    public AccountsDesk() => Mail.App.Settings["Mail:Accounts:InvitationLifespan"] = "02:00:00";

    public MailingDesk Mail { get; } = new();

    public Task InitializeAsync() => Mail.InitializeAsync();

    public Task DisposeAsync() => Mail.DisposeAsync();
}

/// <summary>Password reset and invitations by mail: the link arrives, works once, expires, and tells nobody which addresses exist.</summary>
public sealed partial class AccountsByMailTests(AccountsDesk desk) : IClassFixture<AccountsDesk>
{
    private const string NewPassword = "Chosen-password-42";

    private MailingDesk Mail => desk.Mail;

    private BatonAppFactory App => desk.Mail.App;

    [GeneratedRegex(@"https://desk\.msp\.example/Account/SetPassword\?token=([A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"")]
    private static partial Regex AntiforgeryField();

    private PageClient Anonymous() => new(App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));

    private async Task<PageClient> AdminAsync() => await App.SignInAsync(BatonAppFactory.AdminEmail, BatonAppFactory.AdminPassword);

    /// <summary>Asks for a reset on the page and waits until the request is decided; returns the page's answer.</summary>
    private async Task<string> AskForResetAsync(string email)
    {
        using var page = Anonymous();
        var response = await page.PostFormAsync("/Account/ForgotPassword", new() { ["Input.Email"] = email });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var requests = App.Services.GetRequiredService<PasswordResetRequests>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (requests.Pending > 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        return html;
    }

    private Task<int> QueuedAsync(string kind, string email) =>
        App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == kind && m.Recipients == email));

    /// <summary>Sends the outbox and returns the newest mail of that subject to the address, and the link's path in it.</summary>
    private async Task<(SmtpSink.Received Mail, string Path)> LinkMailedToAsync(string email, string subjectStart, int count = 1)
    {
        await Mail.DeliverAsync();
        await Mail.Sink.WaitUntilAsync(all => all.Count(m => m.Recipients.Contains(email) && m.Message.Subject?.StartsWith(subjectStart, StringComparison.Ordinal) == true) >= count);
        var mail = Mail.Sink.Messages.Last(m => m.Recipients.Contains(email) && m.Message.Subject?.StartsWith(subjectStart, StringComparison.Ordinal) == true);
        var link = LinkPattern().Match(mail.Message.TextBody ?? "");
        Assert.True(link.Success, "no sign-in link in the plain-text part: " + mail.Message.TextBody);
        Assert.Contains(link.Value, mail.Message.HtmlBody, StringComparison.Ordinal);
        return (mail, "/Account/SetPassword?token=" + link.Groups[1].Value);
    }

    /// <summary>Posts the set-password form of the link (the token as the page's hidden field carries it).</summary>
    private static async Task<HttpResponseMessage> SetPasswordAsync(PageClient page, string path, string password, string? confirm = null) =>
        await page.PostFormAsync("/Account/SetPassword",
            new() { ["Input.Token"] = path.Split("token=")[1], ["Input.Password"] = password, ["Input.Confirm"] = confirm ?? password },
            "/Account/ForgotPassword"); // a page that always has a form: a dead link's page has none

    private static string FieldErrorOf(string html, string field)
    {
        var error = Regex.Match(html, $"<span class=\"field-error[^\"]*\" data-valmsg-for=\"{Regex.Escape(field)}\"[^>]*>(.*?)</span>", RegexOptions.Singleline);
        Assert.True(error.Success, $"no error span for {field}");
        return WebUtility.HtmlDecode(error.Groups[1].Value);
    }

    [Fact]
    public async Task AResetRequest_MailsAWorkingLink_MarkedAutomatic_AndTheNewPasswordSignsIn()
    {
        var agent = await App.CreateAgentAsync();

        Assert.Contains(WebUtility.HtmlEncode(ForgotPasswordModel.Answer), await AskForResetAsync(agent.Email.ToUpperInvariant()), StringComparison.Ordinal);
        var (mail, path) = await LinkMailedToAsync(agent.Email, "Reset your password");

        Assert.Equal([agent.Email], mail.Recipients);
        Assert.Equal("auto-generated", mail.Message.Headers["Auto-Submitted"]);
        Assert.Contains("1 hour", mail.Message.TextBody, StringComparison.Ordinal);
        using var browser = Anonymous();
        Assert.Contains(agent.Email, await browser.GetHtmlAsync(path), StringComparison.Ordinal);
        var set = await SetPasswordAsync(browser, path, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal("/Account/Login", set.Headers.Location?.OriginalString);
        using var signedIn = await App.SignInAsync(agent.Email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/Tickets")).StatusCode);
    }

    [Fact]
    public async Task TheSignInPage_OffersForgotPassword()
    {
        using var browser = Anonymous();
        Assert.Contains("href=\"/Account/ForgotPassword\"", await browser.GetHtmlAsync("/Account/Login"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResetLink_WorksOnce()
    {
        var agent = await App.CreateAgentAsync();
        await AskForResetAsync(agent.Email);
        var (_, path) = await LinkMailedToAsync(agent.Email, "Reset your password");
        using var browser = Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordAsync(browser, path, NewPassword)).StatusCode);

        var again = await SetPasswordAsync(browser, path, "Another-password-43");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(SetPasswordByLink.Dead), await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(SetPasswordByLink.Dead), await browser.GetHtmlAsync(path), StringComparison.Ordinal);
        using var signedIn = await App.SignInAsync(agent.Email, NewPassword); // the first password set stays
    }

    [Fact]
    public async Task AResetLink_ExpiresAfterAnHour()
    {
        var agent = await App.CreateAgentAsync();
        await AskForResetAsync(agent.Email);
        var (_, path) = await LinkMailedToAsync(agent.Email, "Reset your password");
        using var browser = Anonymous();
        Assert.DoesNotContain(WebUtility.HtmlEncode(SetPasswordByLink.Dead), await browser.GetHtmlAsync(path), StringComparison.Ordinal);

        Mail.Clock.Advance(TimeSpan.FromMinutes(61));

        var late = await SetPasswordAsync(browser, path, NewPassword);
        Assert.Contains(WebUtility.HtmlEncode(SetPasswordByLink.Dead), await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var signedIn = await App.SignInAsync(agent.Email, BatonAppFactory.UserPassword); // the old password still opens it
    }

    [Fact]
    public async Task AnUnknownAddress_GetsTheSamePage_AndNoMail()
    {
        var agent = await App.CreateAgentAsync();
        var unknown = "nobody." + Guid.NewGuid().ToString("N")[..8] + "@baton.test";

        var known = AntiforgeryField().Replace(await AskForResetAsync(agent.Email), "");
        var stranger = AntiforgeryField().Replace(await AskForResetAsync(unknown), "");

        Assert.Equal(known, stranger);
        Assert.Equal(1, await QueuedAsync(AccountMail.PasswordResetKind, agent.Email));
        Assert.Equal(0, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Recipients.Contains(unknown))));
    }

    [Fact]
    public async Task ALockedStaffAccount_GetsNoResetMail_AndTheSameAnswer()
    {
        var agent = await App.CreateAgentAsync();
        await App.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == agent.Id);
            user.LockoutEnd = DateTimeOffset.MaxValue; // as the Agents page's Lock does
            await db.SaveChangesAsync();
        });

        Assert.Contains(WebUtility.HtmlEncode(ForgotPasswordModel.Answer), await AskForResetAsync(agent.Email), StringComparison.Ordinal);
        Assert.Equal(0, await QueuedAsync(AccountMail.PasswordResetKind, agent.Email));
    }

    [Fact]
    public async Task ARevokedContact_AndADeactivatedClientsContact_GetNoResetMail_AndTheSameAnswer()
    {
        var revokedClient = await App.CreateClientAsync();
        var revoked = await App.CreateContactUserAsync(revokedClient);
        var inactiveClient = await App.CreateClientAsync();
        var inactive = await App.CreateContactUserAsync(inactiveClient);
        using var manager = await App.ApiAsAsync(await App.CreateUserAsync(Roles.Manager));
        var revoke = await manager.PostAsJsonAsync($"/api/v1/clients/{revokedClient.ClientId}/contacts/{revokedClient.ContactId}/portal-access/revoke", new { reason = "Left the company" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        using var admin = await AdminAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Admin/Clients?handler=Toggle&id={inactiveClient.ClientId}", [], "/Admin/Clients")).StatusCode);

        Assert.Contains(WebUtility.HtmlEncode(ForgotPasswordModel.Answer), await AskForResetAsync(revoked.Email), StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(ForgotPasswordModel.Answer), await AskForResetAsync(inactive.Email), StringComparison.Ordinal);

        Assert.Equal(0, await QueuedAsync(AccountMail.PasswordResetKind, revoked.Email));
        Assert.Equal(0, await QueuedAsync(AccountMail.PasswordResetKind, inactive.Email));
    }

    [Fact]
    public async Task ResetRequests_ToOneAddress_MailAtMostThreeAnHour()
    {
        var agent = await App.CreateAgentAsync();

        for (var i = 0; i < 5; i++)
        {
            await AskForResetAsync(agent.Email);
        }

        Assert.Equal(3, await QueuedAsync(AccountMail.PasswordResetKind, agent.Email));
    }

    [Fact]
    public async Task ResettingThePassword_SignsOutTheAccountsOtherSessions_WithinAMinute()
    {
        var agent = await App.CreateAgentAsync();
        using var elsewhere = await App.SignInAsync(agent.Email, BatonAppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/Tickets")).StatusCode);
        await AskForResetAsync(agent.Email);
        var (_, path) = await LinkMailedToAsync(agent.Email, "Reset your password");

        using var browser = Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordAsync(browser, path, NewPassword)).StatusCode);

        // The cookie's stamp is checked once a minute (SecurityStampValidatorOptions.ValidationInterval in BatonHost).
        Mail.Clock.Advance(TimeSpan.FromSeconds(61));
        var stale = await elsewhere.GetAsync("/Tickets");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Contains("/Account/Login", stale.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AWeakPassword_IsAnsweredInlineOnThePasswordField_AndTheLinkStillWorks()
    {
        var agent = await App.CreateAgentAsync();
        await AskForResetAsync(agent.Email);
        var (_, path) = await LinkMailedToAsync(agent.Email, "Reset your password");
        using var browser = Anonymous();

        var tooShort = await SetPasswordAsync(browser, path, "short");
        var noCapital = await SetPasswordAsync(browser, path, "all-lower-case-1");
        var differ = await SetPasswordAsync(browser, path, NewPassword, NewPassword + "x");

        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        Assert.Contains("at least 10 characters", FieldErrorOf(await tooShort.Content.ReadAsStringAsync(), "Input.Password"), StringComparison.Ordinal);
        Assert.Contains("uppercase", FieldErrorOf(await noCapital.Content.ReadAsStringAsync(), "Input.Password"), StringComparison.Ordinal);
        Assert.Contains("differ", FieldErrorOf(await differ.Content.ReadAsStringAsync(), "Input.Confirm"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordAsync(browser, path, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task TheOutboxPage_DoesNotShowTheSignInLink()
    {
        var agent = await App.CreateAgentAsync();
        await AskForResetAsync(agent.Email);
        var (_, path) = await LinkMailedToAsync(agent.Email, "Reset your password");
        var token = path.Split("token=")[1];
        var id = await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == AccountMail.PasswordResetKind && m.Recipients == agent.Email).Select(m => m.Id).SingleAsync());
        using var admin = await AdminAsync();

        var list = await admin.GetHtmlAsync("/Admin/Outbox?state=sent");
        var message = await admin.GetHtmlAsync($"/Admin/Outbox?handler=Message&id={id}");

        Assert.Contains("Contains a sign-in link, not shown.", list, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);
        Assert.DoesNotContain(token, message, StringComparison.Ordinal);
        Assert.Contains("(sign-in link, not shown)", message, StringComparison.Ordinal);
        Assert.Contains(agent.Email, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASentMessage_KeepsNoSignInLinkInTheDatabase_AndAWaitingOneHidesItOnTheOutboxPage()
    {
        var agent = await App.CreateAgentAsync();
        await AskForResetAsync(agent.Email);
        var waiting = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Kind == AccountMail.PasswordResetKind && m.Recipients == agent.Email));
        var token = LinkPattern().Match(waiting.HtmlBody).Groups[1].Value;
        Assert.NotEmpty(token);
        using (var admin = await AdminAsync())
        {
            Assert.DoesNotContain(token, await admin.GetHtmlAsync($"/Admin/Outbox?handler=Message&id={waiting.Id}"), StringComparison.Ordinal);
        }

        var (_, path) = await LinkMailedToAsync(agent.Email, "Reset your password");

        Assert.EndsWith(token, path, StringComparison.Ordinal);
        var sent = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == waiting.Id));
        Assert.NotNull(sent.SentAt);
        Assert.DoesNotContain(token, sent.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("(sign-in link, not shown)", sent.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivingPortalAccessWithoutAPassword_MailsAnInvitation_ThatSetsThePassword_AndThenSignInWorks()
    {
        var client = await App.CreateClientAsync();
        var email = await App.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => c.Email).SingleAsync());
        using var admin = await AdminAsync();
        var details = $"/Admin/Clients/Details/{client.ClientId}";
        Assert.Contains("Leave the password empty", await admin.GetHtmlAsync($"{details}?portal={client.ContactId}"), StringComparison.Ordinal);

        var granted = await admin.PostFormAsync($"{details}?handler=Portal",
            new() { ["Portal.ContactId"] = client.ContactId.ToString(CultureInfo.InvariantCulture), ["Portal.Password"] = "" }, details);

        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        Assert.Contains("Invited as", await admin.GetHtmlAsync(details), StringComparison.Ordinal);
        var (mail, path) = await LinkMailedToAsync(email, "Your account at");
        Assert.Equal("auto-generated", mail.Message.Headers["Auto-Submitted"]);
        Assert.Contains("2 hours", mail.Message.TextBody, StringComparison.Ordinal); // Mail:Accounts:InvitationLifespan (7 days unless set)
        Assert.Equal(TimeSpan.FromDays(7), new AccountMailOptions().InvitationLifespan);
        using var browser = Anonymous();
        Assert.Contains("Choose your password", await browser.GetHtmlAsync(path), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordAsync(browser, path, NewPassword)).StatusCode);
        using var contact = await App.SignInAsync(email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await contact.GetAsync("/Tickets")).StatusCode);
        Assert.DoesNotContain("Invited as", await admin.GetHtmlAsync(details), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatingAStaffAccountWithoutAPassword_MailsAnInvitation_ThatSetsThePassword_AndThenSignInWorks()
    {
        var email = "new.agent." + Guid.NewGuid().ToString("N")[..8] + "@baton.test";
        using var admin = await AdminAsync();

        var created = await admin.PostFormAsync("/Admin/Agents?handler=Create",
            new() { ["Input.DisplayName"] = "Nina New", ["Input.Email"] = email, ["Input.Password"] = "", ["Input.Role"] = Roles.Agent }, "/Admin/Agents");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("Invited", await admin.GetHtmlAsync("/Admin/Agents"), StringComparison.Ordinal);
        var (mail, path) = await LinkMailedToAsync(email, "Your account at");
        Assert.Contains("Nina New", mail.Message.TextBody, StringComparison.Ordinal);
        using var browser = Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordAsync(browser, path, NewPassword)).StatusCode);
        using var agent = await App.SignInAsync(email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/Tickets")).StatusCode);
    }

    [Fact]
    public async Task InvitingAgain_MailsANewLink_AndTheEarlierOneStopsWorking()
    {
        var email = "again.agent." + Guid.NewGuid().ToString("N")[..8] + "@baton.test";
        using var admin = await AdminAsync();
        await admin.PostFormAsync("/Admin/Agents?handler=Create",
            new() { ["Input.DisplayName"] = "Otto Again", ["Input.Email"] = email, ["Input.Password"] = "", ["Input.Role"] = Roles.Agent }, "/Admin/Agents");
        var (_, first) = await LinkMailedToAsync(email, "Your account at");
        var id = await App.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Admin/Agents?handler=Invite&id={id}", [], "/Admin/Agents")).StatusCode);

        var (_, second) = await LinkMailedToAsync(email, "Your account at", count: 2);
        Assert.NotEqual(first, second);
        using var browser = Anonymous();
        Assert.Contains(WebUtility.HtmlEncode(SetPasswordByLink.Dead), await browser.GetHtmlAsync(first), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordAsync(browser, second, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task AnInvitation_ExpiresAfterItsLifespan()
    {
        var email = "late.agent." + Guid.NewGuid().ToString("N")[..8] + "@baton.test";
        using (var admin = await AdminAsync())
        {
            await admin.PostFormAsync("/Admin/Agents?handler=Create",
                new() { ["Input.DisplayName"] = "Lou Late", ["Input.Email"] = email, ["Input.Password"] = "", ["Input.Role"] = Roles.Agent }, "/Admin/Agents");
        }

        var (_, path) = await LinkMailedToAsync(email, "Your account at");

        Mail.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1)); // Mail:Accounts:InvitationLifespan here

        using var browser = Anonymous();
        Assert.Contains(WebUtility.HtmlEncode(SetPasswordByLink.Dead), await (await SetPasswordAsync(browser, path, NewPassword)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApi_GivesPortalAccessWithAnInvitationByDefault_AndInvitesAgain()
    {
        var client = await App.CreateClientAsync();
        var email = await App.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => c.Email).SingleAsync());
        using var manager = await App.ApiAsAsync(await App.CreateUserAsync(Roles.Manager));
        var url = $"/api/v1/clients/{client.ClientId}/contacts/{client.ContactId}/portal-access";

        var granted = await manager.PostAsJsonAsync(url, new { });

        Assert.True(granted.StatusCode == HttpStatusCode.OK, await granted.Content.ReadAsStringAsync());
        Assert.True(JsonDocument.Parse(await granted.Content.ReadAsStringAsync()).RootElement.GetProperty("invitationPending").GetBoolean());
        var (_, first) = await LinkMailedToAsync(email, "Your account at");
        var again = await manager.PostAsync(url + "/invitation", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var (_, second) = await LinkMailedToAsync(email, "Your account at", count: 2);
        using var browser = Anonymous();
        Assert.Contains(WebUtility.HtmlEncode(SetPasswordByLink.Dead), await browser.GetHtmlAsync(first), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordAsync(browser, second, NewPassword)).StatusCode);

        var afterwards = JsonDocument.Parse(await manager.GetStringAsync(url)).RootElement;
        Assert.False(afterwards.GetProperty("invitationPending").GetBoolean());
        var refused = await manager.PostAsync(url + "/invitation", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheClientPage_InvitesAgain_AndRevokingAccess_KillsThePendingInvitation()
    {
        var client = await App.CreateClientAsync();
        var email = await App.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => c.Email).SingleAsync());
        using var admin = await AdminAsync();
        var details = $"/Admin/Clients/Details/{client.ClientId}";
        var contactId = client.ContactId.ToString(CultureInfo.InvariantCulture);
        await admin.PostFormAsync($"{details}?handler=Portal", new() { ["Portal.ContactId"] = contactId, ["Portal.Password"] = "" }, details);
        var (_, first) = await LinkMailedToAsync(email, "Your account at");
        Assert.Contains("Invite again", await admin.GetHtmlAsync(details), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"{details}?handler=Invite", new() { ["Access.ContactId"] = contactId }, details)).StatusCode);
        var (_, second) = await LinkMailedToAsync(email, "Your account at", count: 2);
        var revoked = await admin.PostFormAsync($"{details}?handler=RevokeAccess", new() { ["Access.ContactId"] = contactId, ["Access.Reason"] = "Left before starting" }, details);

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        using var browser = Anonymous();
        Assert.Contains(WebUtility.HtmlEncode(SetPasswordByLink.Dead), await browser.GetHtmlAsync(first), StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(SetPasswordByLink.Dead), await browser.GetHtmlAsync(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATypedPassword_StaysAnOption_AndSendsNoInvitation()
    {
        var client = await App.CreateClientAsync();
        var email = await App.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => c.Email).SingleAsync());
        using var manager = await App.ApiAsAsync(await App.CreateUserAsync(Roles.Manager));

        var granted = await manager.PostAsJsonAsync($"/api/v1/clients/{client.ClientId}/contacts/{client.ContactId}/portal-access", new { password = "Portal-pass-2026" });

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(0, await QueuedAsync(AccountMail.InvitationKind, email));
        using var contact = await App.SignInAsync(email, "Portal-pass-2026");
    }
}

/// <summary>A desk that sends no mail: no reset link to offer, and a typed first password is required.</summary>
public sealed class AccountsWithoutMailTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    [Fact]
    public async Task WithoutMail_TheForgotPasswordPageSaysSo_AndOffersNoForm()
    {
        using var browser = new PageClient(app.CreateClient(new() { AllowAutoRedirect = false }));

        var html = await browser.GetHtmlAsync("/Account/ForgotPassword");

        Assert.Contains("This desk does not send mail", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Input.Email\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutMail_StaffAndPortalAccounts_NeedATypedPassword_NamedOnTheField()
    {
        var client = await app.CreateClientAsync();
        using var admin = await app.SignInAsync(BatonAppFactory.AdminEmail, BatonAppFactory.AdminPassword);
        using var api = await app.ApiAsAsync(await app.CreateUserAsync(Roles.Manager));

        var agents = await admin.GetHtmlAsync("/Admin/Agents");
        var created = await admin.PostFormAsync("/Admin/Agents?handler=Create", new()
        {
            ["Input.DisplayName"] = "No Mail", ["Input.Email"] = "no.mail." + Guid.NewGuid().ToString("N")[..8] + "@baton.test", ["Input.Password"] = "", ["Input.Role"] = Roles.Agent,
        }, "/Admin/Agents");
        var granted = await api.PostAsJsonAsync($"/api/v1/clients/{client.ClientId}/contacts/{client.ContactId}/portal-access", new { });

        Assert.Contains("This desk sends no mail", agents, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("no invitation can go", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, granted.StatusCode);
        var problem = JsonDocument.Parse(await granted.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("no invitation can go", problem.GetProperty("errors").GetProperty("password")[0].GetString(), StringComparison.Ordinal);
    }
}
