using System.Net;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Teams;
using Microsoft.EntityFrameworkCore;
using System.Text.RegularExpressions;
using Baton.Web.Tests.Infrastructure;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Admin;

/// <summary>An empty desk tells its administrator what comes first, and stops once it is set up.</summary>
public sealed partial class DeskSetupTests
{
    [Fact]
    public async Task EmptyDesk_ShowsTheAdministratorTheSetupSteps_TicksEachAsItIsDone_AndHidesThemWhenAllAre()
    {
        await using var app = new BatonAppFactory();
        using var admin = await app.SignInAsync(AdminEmail, AdminPassword);

        var empty = WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Tickets"));
        Assert.Contains("Set up your desk (0 of 6 done)", empty, StringComparison.Ordinal);
        Assert.Equal(["/Admin/Clients", "/Admin/Clients", "/Admin/Agents", "/Admin/Teams", "/Admin/Categories", "/Admin/Clients"], StepLinks(empty));
        Assert.Contains("Set up your desk", await admin.GetHtmlAsync("/Tickets/New"), StringComparison.Ordinal);
        using var agentPage = await app.SignInAsAgentAsync();
        var agentSees = WebUtility.HtmlDecode(await agentPage.GetHtmlAsync("/Tickets/New"));
        Assert.DoesNotContain("Set up your desk", agentSees, StringComparison.Ordinal);
        Assert.Contains("an administrator adds the clients and their contacts", agentSees, StringComparison.Ordinal);

        var client = await app.CreateClientAsync(); // a client with its first contact
        var partly = WebUtility.HtmlDecode(await admin.GetHtmlAsync("/Admin"));
        Assert.Contains("Set up your desk (3 of 6 done)", partly, StringComparison.Ordinal); // client, contact, and the agent signed in above
        Assert.Contains($"/Admin/Clients/Details/{client.ClientId}", StepLinks(partly));

        var lead = await app.CreateAgentAsync();
        var teamId = await app.CreateTeamAsync();
        Assert.Contains("Set up your desk (3 of 6 done)", await admin.GetHtmlAsync("/Admin"), StringComparison.Ordinal); // a team without a lead is not done
        await app.WithDbAsync(async db =>
        {
            (await db.Teams.SingleAsync(t => t.Id == teamId)).SetLead(lead.Id);
            db.Categories.Add(new Category("Network"));
            var standard = await db.SlaPolicies.SingleAsync(p => p.IsDefault);
            var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            db.Contracts.Add(new Contract(client.ClientId, new ContractTerms("Managed service", today, today.AddDays(365), standard.Id, null, [], [], "")));
            await db.SaveChangesAsync();
        });

        Assert.DoesNotContain("Set up your desk", await admin.GetHtmlAsync("/Tickets"), StringComparison.Ordinal);
        Assert.DoesNotContain("an administrator adds the clients", await agentPage.GetHtmlAsync("/Tickets/New"), StringComparison.Ordinal);
    }

    private static List<string> StepLinks(string html) =>
        [.. SetupLink().Matches(html[html.IndexOf("setup-steps", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value).Take(6)];

    [GeneratedRegex("<li class=\"(?:done|open)\"><a href=\"([^\"]+)\"")]
    private static partial Regex SetupLink();
}
