using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Data;
using Baton.Web.Features.Mail;
using Baton.Web.Tests.Infrastructure;
using Baton.Web.Tests.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Informing;

/// <summary>The daily digest: notices of the kinds someone chose "digest" for, in one mail a day at their local time (issue 13).</summary>
public sealed class NoticeDigestTests(MailingDesk desk) : IClassFixture<MailingDesk>
{
    private BatonAppFactory App => desk.App;

    /// <summary>An agent who hears of customer replies by digest at an hour from now, with a ticket assigned to them.</summary>
    private async Task<(BatonAppFactory.TestUser Agent, HttpClient AgentApi, HttpClient ContactApi, BatonAppFactory.TicketDto Ticket)> DigestReaderAsync()
    {
        var client = await App.CreateClientAsync();
        var agent = await App.CreateAgentAsync();
        var agentApi = await App.ApiAsAsync(agent);
        var chosen = await agentApi.PutAsJsonAsync("/api/v1/notifications/preferences", new { preferences = new[] { new { kind = "CustomerReplied", delivery = "Digest" } } });
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        var at = TimeOnly.FromDateTime((desk.Clock.Now + TimeSpan.FromHours(1)).UtcDateTime).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var timed = await agentApi.PutAsJsonAsync("/api/v1/notifications/digest", new { time = at });
        Assert.Equal(HttpStatusCode.OK, timed.StatusCode);
        Assert.Equal(at, (await timed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("time").GetString());

        var ticket = await BatonAppFactory.OpenIncidentAsync(agentApi, client, "VPN drops every hour");
        await agentApi.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/assignment", new { teamId = (int?)null, assigneeId = agent.Id });
        return (agent, agentApi, await App.ApiAsAsync(await App.CreateContactUserAsync(client)), ticket);
    }

    private Task RunDigestAsync() => App.WithDbAsync(db => App.Services.GetRequiredService<NoticeDigestSender>().RunOnceAsync(db, desk.Clock.Now, default));

    private Task<List<OutboxMessage>> DigestsToAsync(string email) =>
        App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Kind == NoticeDigestSender.Kind && m.Recipients == email).ToListAsync());

    [Fact]
    public async Task AKindChosenForTheDigest_IsInAppAtOnce_ButMailedOnlyInOneDigest_AtTheChosenLocalTime()
    {
        var (agent, agentApi, contactApi, ticket) = await DigestReaderAsync();
        Assert.Equal(HttpStatusCode.Created, (await contactApi.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "Dropped again at 10:00" })).StatusCode);
        await desk.DeliverAsync();

        var inApp = (await agentApi.GetFromJsonAsync<JsonElement>("/api/v1/notifications?limit=100")).EnumerateArray().ToList();
        Assert.Contains(inApp, n => n.GetProperty("kind").GetString() == "CustomerReplied" && n.GetProperty("ticketNumber").GetString() == ticket.Number);
        Assert.DoesNotContain(desk.Sink.Messages, m => m.Recipients.Contains(agent.Email, StringComparer.OrdinalIgnoreCase) && (m.Message.Subject ?? "").Contains("replied", StringComparison.Ordinal));

        await RunDigestAsync(); // before the chosen time: nothing
        Assert.Empty(await DigestsToAsync(agent.Email));

        desk.Clock.Advance(TimeSpan.FromMinutes(61));
        await RunDigestAsync();
        await RunDigestAsync(); // a second run the same day sends nothing more
        await desk.DeliverAsync();

        var digest = await desk.Sink.WaitForAsync(m => m.Recipients.Contains(agent.Email, StringComparer.OrdinalIgnoreCase) && (m.Message.Subject ?? "").Contains("digest", StringComparison.Ordinal));
        Assert.EndsWith(": 1 notice", digest.Message.Subject, StringComparison.Ordinal);
        Assert.Contains(ticket.Number, digest.Message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("replied", digest.Message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"https://desk.msp.example/Tickets/{ticket.Number}", digest.Message.HtmlBody, StringComparison.Ordinal);
        Assert.Single(await DigestsToAsync(agent.Email));
        Assert.False(await App.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == agent.Id && n.DigestPending)));
    }

    [Fact]
    public async Task ANoticeReadInTheAppBeforeTheDigest_IsLeftOutOfIt()
    {
        var (agent, agentApi, contactApi, ticket) = await DigestReaderAsync();
        await contactApi.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "Any news?" });
        await desk.DeliverAsync();
        Assert.Equal(HttpStatusCode.OK, (await agentApi.PostAsync("/api/v1/notifications/read", null)).StatusCode);

        desk.Clock.Advance(TimeSpan.FromMinutes(61));
        await RunDigestAsync();

        Assert.Empty(await DigestsToAsync(agent.Email));
        Assert.False(await App.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == agent.Id && n.DigestPending)));
    }

    [Fact]
    public async Task TwoInstancesSendingAtOnce_SendOneDigest()
    {
        var (agent, _, contactApi, ticket) = await DigestReaderAsync();
        await contactApi.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "Still dropping" });
        await desk.DeliverAsync();

        desk.Clock.Advance(TimeSpan.FromMinutes(61));
        await Task.WhenAll(RunDigestAsync(), RunDigestAsync(), RunDigestAsync());

        Assert.Single(await DigestsToAsync(agent.Email));
    }

    [Fact]
    public async Task ADigestTimeThatIsNotAClockTime_IsRefused_NamingTheField()
    {
        var api = await App.ApiAsNewAgentAsync();
        var refused = await api.PutAsJsonAsync("/api/v1/notifications/digest", new { time = "25:00" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("time", out _), problem.ToString());
        Assert.Equal("08:00", (await api.GetFromJsonAsync<JsonElement>("/api/v1/notifications/digest")).GetProperty("time").GetString());
    }

    [Fact]
    public async Task TheProfilePage_SavesEachKindsChoice_AndTheDigestTime()
    {
        var agent = await App.CreateAgentAsync();
        using var page = await App.SignInAsync(agent.Email, BatonAppFactory.UserPassword);
        var form = await page.GetHtmlAsync("/Account/Profile");
        Assert.Contains("A ticket is assigned to you", WebUtility.HtmlDecode(form), StringComparison.Ordinal);

        var saved = await page.PostFormAsync("/Account/Profile?handler=Notices", new()
        {
            ["Notices[0].Kind"] = "AssignedToYou", ["Notices[0].Delivery"] = "InAppOnly",
            ["Notices[1].Kind"] = "CustomerReplied", ["Notices[1].Delivery"] = "Digest",
            ["DigestTime"] = "17:30",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var api = await App.ApiAsAsync(agent);
        var chosen = (await api.GetFromJsonAsync<JsonElement>("/api/v1/notifications/preferences")).EnumerateArray()
            .ToDictionary(p => p.GetProperty("kind").GetString()!, p => p.GetProperty("delivery").GetString());
        Assert.Equal("InAppOnly", chosen["AssignedToYou"]);
        Assert.Equal("Digest", chosen["CustomerReplied"]);
        Assert.Equal("MailAndInApp", chosen["Resolved"]);
        Assert.Equal("17:30", (await api.GetFromJsonAsync<JsonElement>("/api/v1/notifications/digest")).GetProperty("time").GetString());
    }

    [Fact]
    public async Task TheProfilePage_RefusesOffForAnSlaBreach_Inline_AndSavesNothingOfThatForm()
    {
        var agent = await App.CreateAgentAsync();
        using var page = await App.SignInAsync(agent.Email, BatonAppFactory.UserPassword);

        var refused = await page.PostFormAsync("/Account/Profile?handler=Notices", new()
        {
            ["Notices[0].Kind"] = "AssignedToYou", ["Notices[0].Delivery"] = "Off",
            ["Notices[1].Kind"] = "SlaBreached", ["Notices[1].Delivery"] = "Off",
            ["DigestTime"] = "09:00",
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("cannot be turned off", html, StringComparison.Ordinal);
        Assert.Contains("data-valmsg-for=\"Notices[1].Delivery\"", html, StringComparison.Ordinal);
        Assert.False(await App.WithDbAsync(db => db.NotificationPreferences.AnyAsync(p => p.UserId == agent.Id)));
        Assert.Null(await App.WithDbAsync(db => db.Users.Where(u => u.Id == agent.Id).Select(u => u.DigestTime).SingleAsync()));
    }

    [Fact]
    public async Task AClientContactsProfile_HasNoStaffNotificationChoices()
    {
        var contact = await App.CreateContactUserAsync(await App.CreateClientAsync());
        using var page = await App.SignInAsync(contact.Email, BatonAppFactory.UserPassword);

        var html = await page.GetHtmlAsync("/Account/Profile");

        Assert.DoesNotContain("handler=Notices", html, StringComparison.Ordinal);
    }
}
