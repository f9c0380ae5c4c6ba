using System.Net;
using System.Net.Http.Json;
using Baton.Web.Tests.Infrastructure;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>What people see of a crossing: the header's count, /Notifications, and GET /api/v1/notifications.</summary>
public sealed class EscalationNotificationsTests(SlaDesk desk) : IClassFixture<SlaDesk>
{
    private sealed record NotificationDto(long Id, string Text, long? TicketId, string? TicketNumber, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

    [Fact]
    public async Task Crossing_ShowsInTheBellThePageAndTheApi_ForTheOwnerOnly_UntilMarkedRead()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew, "Mail queue stuck");
        await desk.RunJobAsync(opened.AddHours(3).AddMinutes(1));

        var mine = await crew.Api.GetFromJsonAsync<List<NotificationDto>>("/api/v1/notifications", Json);
        var notice = Assert.Single(mine!, n => n.TicketId == ticket.Id);
        Assert.Equal(ticket.Number, notice.TicketNumber);
        Assert.Equal($"{ticket.Number} · First response at risk · Mail queue stuck", notice.Text);
        using (var stranger = await desk.App.ApiAsNewAgentAsync())
        {
            Assert.Empty((await stranger.GetFromJsonAsync<List<NotificationDto>>("/api/v1/notifications", Json))!);
        }

        using var page = await desk.App.SignInAsync(crew.Assignee.Email, UserPassword);
        var queue = await page.GetHtmlAsync("/Tickets");
        Assert.Matches(@"class=""bell unread""[^>]*>.*Notifications: </span>1<span class=""visually-hidden""> unread", queue);
        var html = await page.GetHtmlAsync("/Notifications");
        Assert.Contains($"href=\"/Tickets/{ticket.Number}\"", html, StringComparison.Ordinal);
        Assert.Contains("Mail queue stuck", html, StringComparison.Ordinal);

        var marked = await page.PostFormAsync("/Notifications?handler=MarkAllRead", []);
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.Matches(@"class=""bell""[^>]*>.*Notifications: </span>0<span class=""visually-hidden""> unread", await page.GetHtmlAsync("/Notifications"));
        Assert.Empty((await crew.Api.GetFromJsonAsync<List<NotificationDto>>("/api/v1/notifications?unread=true", Json))!);
        Assert.All(await desk.NoticesAsync(ticket.Id), n => Assert.Equal(n.UserId == crew.Assignee.Id, n.ReadAt is not null));
    }
}
