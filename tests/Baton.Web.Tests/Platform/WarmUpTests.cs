using System.Net;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Startup;
using Baton.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Platform;

/// <summary>
/// After a restart Baton renders its main pages once itself before /health/ready says 200, so the first user
/// request of each is fast (bench 'startup'). The factory turns the warm-up off elsewhere; here it runs on Kestrel.
/// </summary>
public sealed class WarmUpTests
{
    [Fact]
    public async Task Restart_ReportsReadyOnlyAfterEveryMainPageWasRenderedSignedIn()
    {
        await using var before = new BatonAppFactory();
        await BatonAppFactory.OpenIncidentAsync(await before.ApiAsNewAgentAsync(), await before.CreateClientAsync());
        await AssertWarmsEveryPageAfterRestartAsync(before);
    }

    [Fact]
    public async Task Restart_WarmsAsAnAdministratorWhoIsNotStillOnTheOneTimePassword()
    {
        // Every page sends an administrator on the generated password to /Account/ChangePassword: warming as them
        // warmed nothing. Here the first administrator by id is such an account, and another one is not.
        await using var before = new BatonAppFactory();
        await BatonAppFactory.OpenIncidentAsync(await before.ApiAsNewAgentAsync(), await before.CreateClientAsync());
        await before.CreateUserAsync(Roles.Administrator);
        await before.WithDbAsync(async db =>
        {
            var administrators = await db.UserRoles.Where(r => db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Administrator)).Select(r => r.UserId).ToListAsync();
            var first = administrators.Order(StringComparer.Ordinal).First();
            await db.Users.Where(u => u.Id == first).ExecuteUpdateAsync(s => s.SetProperty(u => u.MustChangePassword, true));
        });
        await AssertWarmsEveryPageAfterRestartAsync(before);
    }

    private static async Task AssertWarmsEveryPageAfterRestartAsync(BatonAppFactory before)
    {
        await using var restarted = before.AnotherInstance(before.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath);
        restarted.Settings[WarmUp.Setting] = "true";
        restarted.UseKestrel(0);
        restarted.StartServer();
        var address = restarted.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)) };
        var progress = restarted.Services.GetRequiredService<WarmUpProgress>();

        var readyWhileWarming = progress.Done ? null : (HttpStatusCode?)(await http.GetAsync("/health/ready")).StatusCode;
        await progress.Completion.WaitAsync(WarmUp.Budget + TimeSpan.FromSeconds(30));
        var ready = await http.GetAsync("/health/ready");

        Assert.True(readyWhileWarming is null or HttpStatusCode.ServiceUnavailable, $"ready while warming up: {readyWhileWarming}");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(progress.Pages, p => p.Path.StartsWith("/Tickets/INC-", StringComparison.Ordinal));
        Assert.Contains(progress.Pages, p => p.Path == "/Admin/Clients");
        Assert.All(progress.Pages, p => Assert.True(p.Status == HttpStatusCode.OK, $"warm-up GET {p.Path} → {p.Status}"));
    }
}
