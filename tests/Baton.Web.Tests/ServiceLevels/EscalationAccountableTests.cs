using System.Net;
using System.Net.Http.Json;
using Baton.Domain.Informing;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>An SLA crossing keeps Baton's rule (the assignee and the team lead) and adds the matrix's Accountable (issue 13).</summary>
public sealed class EscalationAccountableTests(SlaDesk desk) : IClassFixture<SlaDesk>
{
    private async Task<HttpClient> AdminApiAsync() =>
        await desk.App.ApiAsAsync(new BatonAppFactory.TestUser(
            await desk.App.WithDbAsync(db => db.Users.Where(u => u.Email == BatonAppFactory.AdminEmail).Select(u => u.Id).SingleAsync()),
            BatonAppFactory.AdminEmail, "Admin", "Administrator", null));

    [Fact]
    public async Task ABreach_ReachesTheTeamLead_AndTheAccountManagerTheClientsMatrixMakesAccountable_OnceEach()
    {
        var crew = await desk.CrewAsync();
        var accountManager = await desk.App.CreateAgentAsync("Ann Account");
        await desk.App.WithDbAsync(async db =>
        {
            (await db.Clients.SingleAsync(c => c.Id == crew.Client.ClientId)).SetAccountManager(accountManager.Id);
            await db.SaveChangesAsync();
        });
        using var admin = await AdminApiAsync();
        var p3 = Activities.Incident(Baton.Domain.Tickets.Priority.P3);
        var saved = await admin.PutAsJsonAsync($"/api/v1/rasci?clientId={crew.Client.ClientId}", new
        {
            revision = 0,
            cells = new[] { new { activity = p3, role = PartyRoles.TeamLead, letter = "R" }, new { activity = p3, role = PartyRoles.AccountManager, letter = "A" } },
            note = "Contract: the account manager answers for this client's incidents",
        });
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew, "Core switch down");

        await desk.RunJobAsync(opened.AddHours(4).AddMinutes(1)); // first response: at risk at 3 h, breached at 4 h
        await desk.RunJobAsync(opened.AddHours(4).AddMinutes(2));

        var notices = await desk.NoticesAsync(ticket.Id);
        var breached = notices.Where(n => n.Text.Contains("First response breached", StringComparison.Ordinal)).Select(n => n.UserId).Order().ToList();
        Assert.Equal(new[] { crew.Assignee.Id, crew.Lead.Id, accountManager.Id }.Order(), breached);
    }

    [Fact]
    public async Task UnderTheShippedMatrix_TheAccountableIsTheTeamLead_AlreadyTold_SoNobodyIsToldTwice()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew, "Printer jam");

        await desk.RunJobAsync(opened.AddHours(4).AddMinutes(1));

        var breached = (await desk.NoticesAsync(ticket.Id)).Where(n => n.Text.Contains("First response breached", StringComparison.Ordinal)).Select(n => n.UserId).Order().ToList();
        Assert.Equal(new[] { crew.Assignee.Id, crew.Lead.Id }.Order(), breached);
    }
}
