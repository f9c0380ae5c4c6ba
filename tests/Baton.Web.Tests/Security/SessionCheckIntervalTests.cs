using System.Net;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Security;

/// <summary>
/// With the app's own session-check interval (one minute) and a clock the test moves: an open session of a contact
/// whose client was deactivated is sent to sign in once that minute has passed.
/// </summary>
public sealed class SessionCheckIntervalTests(SessionCheckIntervalTests.Desk desk) : IClassFixture<SessionCheckIntervalTests.Desk>
{
    public sealed class Desk : IAsyncLifetime
    {
        public SettableClock Clock { get; } = SettableClock.StartingNow();

        public Desk() => App.TestServices.Add(s => s.AddSingleton<TimeProvider>(Clock));

        public BatonAppFactory App { get; } = new();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    [Fact]
    public async Task AnOpenSession_OfADeactivatedClientsContact_EndsWithinAMinute()
    {
        var app = desk.App;
        var client = await app.CreateClientAsync();
        var contact = await app.CreateContactUserAsync(client);
        using var session = await app.SignInAsync(contact.Email, BatonAppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Tickets")).StatusCode);
        using var admin = await app.SignInAsync(BatonAppFactory.AdminEmail, BatonAppFactory.AdminPassword);

        await admin.PostFormAsync($"/Admin/Clients?handler=Toggle&id={client.ClientId}", [], "/Admin/Clients");
        desk.Clock.Advance(TimeSpan.FromSeconds(61));

        var page = await session.GetAsync("/Tickets");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }
}
