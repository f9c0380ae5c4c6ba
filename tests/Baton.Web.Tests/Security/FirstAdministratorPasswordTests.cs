using System.Net;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Security;

/// <summary>
/// With no Baton:AdminPassword configured, the first administrator gets a generated one-time password, printed
/// once. After signing in with it every page leads to the change-password page and the API refuses the account's
/// tokens, until it is changed. A configured password is the operator's choice and is not forced.
/// </summary>
public sealed class FirstAdministratorPasswordTests(FirstAdministratorPasswordTests.Desk desk) : IClassFixture<FirstAdministratorPasswordTests.Desk>
{
    public sealed class Desk : IAsyncLifetime
    {
        public Desk() => App.Settings["Baton:AdminPassword"] = "";

        public BatonAppFactory App { get; } = new();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    private const string OneTimePassword = "One-time-password-1";

    private readonly BatonAppFactory app = desk.App;

    /// <summary>
    /// The generated password went to the console; the test cannot read it there, so it gives the account a known
    /// one the way an administrator's reset would, leaving the "must change" mark Baton set at creation as it was.
    /// </summary>
    private async Task<BatonAppFactory.TestUser> TheFirstAdministratorAsync()
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BatonUser>>();
        var admin = await users.FindByEmailAsync(BatonAppFactory.AdminEmail);
        Assert.NotNull(admin);
        Assert.True(admin.MustChangePassword, "a generated one-time password must be marked for change");
        await users.RemovePasswordAsync(admin);
        Assert.True((await users.AddPasswordAsync(admin, OneTimePassword)).Succeeded);
        return new BatonAppFactory.TestUser(admin.Id, BatonAppFactory.AdminEmail, admin.DisplayName, Roles.Administrator, null);
    }

    [Fact]
    public async Task SigningInWithTheOneTimePassword_LeadsEveryPageToTheChangePasswordPage_AndTheApiRefusesItsTokens_UntilChanged()
    {
        var admin = await TheFirstAdministratorAsync();
        using var api = await app.ApiAsAsync(admin);
        using var page = await app.SignInAsync(BatonAppFactory.AdminEmail, OneTimePassword);

        foreach (var url in new[] { "/Tickets", "/Admin", "/Account/Profile", "/Projects" })
        {
            var response = await page.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Account/ChangePassword", response.Headers.Location?.OriginalString);
        }

        var refused = await api.GetAsync("/api/v1/tickets");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("one-time password", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noToken = await page.PostFormAsync("/Account/Profile?handler=CreateToken", new() { ["TokenName"] = "early" }, "/Account/ChangePassword");
        Assert.Equal(HttpStatusCode.Redirect, noToken.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.ApiTokens.AnyAsync(t => t.UserId == admin.Id && t.Name == "early")));

        var same = await page.PostFormAsync("/Account/ChangePassword", new() { ["Input.Current"] = OneTimePassword, ["Input.New"] = OneTimePassword });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        var changed = await page.PostFormAsync("/Account/ChangePassword", new() { ["Input.Current"] = OneTimePassword, ["Input.New"] = "My-own-password-1" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/Tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/tickets")).StatusCode);
        Assert.False(await app.WithDbAsync(async db => (await db.Users.FindAsync(admin.Id))!.MustChangePassword));
        using var again = await app.SignInAsync(BatonAppFactory.AdminEmail, "My-own-password-1");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/Admin")).StatusCode);
    }
}

/// <summary>The default factory configures Baton:AdminPassword, as operators do: that administrator is not forced to change it.</summary>
public sealed class ConfiguredAdministratorPasswordTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    [Fact]
    public async Task AConfiguredAdministratorPassword_IsNotForcedToChange()
    {
        using var page = await app.SignInAsync(BatonAppFactory.AdminEmail, BatonAppFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/Admin")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Email == BatonAppFactory.AdminEmail).Select(u => u.MustChangePassword).SingleAsync()));
    }
}
