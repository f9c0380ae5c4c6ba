using System.Net;
using System.Net.Http.Json;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Insight;

/// <summary>GET /api/v1/tickets/{number}/insight: the client's projects that matter to a ticket, each once, touching ones first.</summary>
public sealed class InsightApiTests(InsightDesk desk) : IClassFixture<InsightDesk>
{
    private static readonly DateOnly AucklandToday = new(2027, 3, 1);

    [Fact]
    public async Task Get_AClientsProjects_ListsEachOnceWithItsReasons_TouchingTheTicketFirst()
    {
        desk.Clock.Set(InsightDesk.BeforeAucklandMidnight);
        var now = desk.Clock.Now;
        var scene = await desk.SceneAsync("Pacific/Auckland");
        var active = await desk.ProjectAsync(scene, ProjectStatus.Active, "Phone system upgrade", now.AddDays(-20));
        var touching = await desk.ProjectAsync(scene, ProjectStatus.Active, "Core switch refresh", now.AddDays(-10));
        await desk.App.SetProjectTouchesAsync(touching, [], [scene.Client.ConfigurationItemId], "Replacing the **core switch** and re-cabling the comms room.\n\nSecond paragraph.");
        await desk.App.SetEscalationContactsAsync(touching,
            new EscalationContact("Pat Engineer", "Network engineer", "+64 9 555 0100", "pat@msp.example", EscalationKind.ConferWith),
            new EscalationContact("Sam Boss", "Delivery manager", "", "sam@msp.example", EscalationKind.EscalateTo));
        var hypercare = await desk.ProjectAsync(scene, ProjectStatus.Hypercare, "Microsoft 365 move", now.AddDays(-2));
        var closed = await desk.ProjectAsync(scene, ProjectStatus.Closed, "Old Wi-Fi", now.AddDays(-5));
        var planned = await desk.ProjectAsync(scene, ProjectStatus.Planned, "Site survey");
        await desk.App.ScheduleEngagementAsync(planned, AucklandToday, new TimeOnly(9, 0), new TimeOnly(12, 0), EngagementKind.OnSite, "Floor 2 comms cupboard", [scene.Lead.Id]);
        await desk.ProjectAsync(scene, ProjectStatus.Closed, "Long ago", now.AddDays(-40));
        await desk.ProjectAsync(scene, ProjectStatus.Planned, "Next year");
        await desk.ProjectAsync(scene, ProjectStatus.Cancelled, "Never mind");
        var other = await desk.SceneAsync();
        await desk.ProjectAsync(other, ProjectStatus.Active, "Another client's work");
        var ticket = await desk.IncidentAsync(scene);

        var insight = await GetAsync(scene.Api, ticket.Number);

        Assert.Equal(("Pacific/Auckland", AucklandToday, new DateOnly(2027, 2, 28), 30), (insight.ClientTimeZoneId, insight.Today, insight.Yesterday, insight.RecentlyClosedDays));
        Assert.Equal(
            [
                (touching.Number, "Active", true),
                (planned.Number, "EngagementToday", false),
                (hypercare.Number, "Hypercare", false),
                (active.Number, "Active", false),
                (closed.Number, "RecentlyClosed", false),
            ],
            insight.Projects.Select(p => (p.Number, string.Join(",", p.Reasons), p.TouchesThisTicket)));

        var t = insight.Projects[0];
        Assert.Equal(("Core switch refresh", "UCaaS migration", "Active"), (t.Name, t.Type, t.Status));
        var touch = Assert.Single(t.TouchesOfThisTicket);
        Assert.Equal(("ConfigurationItem", scene.Client.ConfigurationItemId, scene.Client.Code + "-SRV01"), (touch.Kind, touch.Id, touch.Name));
        Assert.Equal(("Lee Lead", "+64 21 555 0101", scene.Lead.Email), (t.LeadTech!.Name, t.LeadTech.Phone, t.LeadTech.Email));
        Assert.Equal([("Pat Engineer", "Network engineer", "+64 9 555 0100", "pat@msp.example")], t.ConferWith.Select(c => (c.Name, c.Role, c.Phone, c.Email)));
        Assert.Equal(["Sam Boss"], t.EscalateTo.Select(c => c.Name));
        Assert.Equal([scene.Client.Code + "-SRV01"], t.ConfigurationItems.Select(c => c.Name));
        Assert.Equal("Replacing the core switch and re-cabling the comms room.", t.DescriptionExcerpt);
        Assert.Equal(($"/Projects/{touching.Number}", null, null), (t.Links.Project, t.Links.Handbook, t.Links.ProposeCloseoutItem));

        var survey = insight.Projects[1];
        var engagement = Assert.Single(survey.Engagements);
        Assert.Equal((AucklandToday, new TimeOnly(9, 0), new TimeOnly(12, 0), "Pacific/Auckland", "OnSite", true, false, "Floor 2 comms cupboard"),
            (engagement.Date, engagement.StartTime, engagement.EndTime, engagement.TimeZoneId, engagement.Kind, engagement.Today, engagement.Yesterday, engagement.Touches));
        Assert.Equal(new DateTimeOffset(2027, 2, 28, 20, 0, 0, TimeSpan.Zero), engagement.StartsAt); // 09:00 NZDT
        Assert.Equal(["Lee Lead"], engagement.Technicians.Select(p => p.Name));

        Assert.Equal(28, insight.Projects[2].HypercareDaysLeft);
        Assert.Equal($"/Projects/{hypercare.Number}/Handbook", insight.Projects[2].Links.Handbook);
        Assert.Null(insight.Projects[2].Links.ProposeCloseoutItem);
        Assert.Equal(5, insight.Projects[4].ClosedDaysAgo);
        Assert.Equal($"/Projects/{closed.Number}/Handbook", insight.Projects[4].Links.Handbook);
        Assert.Equal($"/Projects/{closed.Number}/Closeout/Propose?ticket={ticket.Number}", insight.Projects[4].Links.ProposeCloseoutItem);
    }

    [Fact]
    public async Task Get_AcrossTheClientsMidnight_TodaysEngagementBecomesYesterdays()
    {
        desk.Clock.Set(InsightDesk.BeforeAucklandMidnight);
        var scene = await desk.SceneAsync("Pacific/Auckland");
        var project = await desk.ProjectAsync(scene, ProjectStatus.Planned, "Cut-over weekend");
        await desk.App.ScheduleEngagementAsync(project, AucklandToday, new TimeOnly(9, 0), new TimeOnly(12, 0), EngagementKind.CutOver);
        await desk.App.ScheduleEngagementAsync(project, AucklandToday.AddDays(1), new TimeOnly(8, 0), new TimeOnly(9, 0), EngagementKind.Remote);
        var ticket = await desk.IncidentAsync(scene);

        var before = Assert.Single((await GetAsync(scene.Api, ticket.Number)).Projects);
        desk.Clock.Set(InsightDesk.BeforeAucklandMidnight.AddHours(1)); // 00:30 on 03-02 in Auckland, still 03-01 in UTC
        var after = Assert.Single((await GetAsync(scene.Api, ticket.Number)).Projects);
        desk.Clock.Set(InsightDesk.BeforeAucklandMidnight.AddDays(3)); // 03-04 in Auckland: both engagements are two days back or more
        var later = await GetAsync(scene.Api, ticket.Number);

        Assert.Equal(["EngagementToday"], before.Reasons);
        Assert.Equal([(AucklandToday, true, false)], before.Engagements.Select(e => (e.Date, e.Today, e.Yesterday)));
        Assert.Equal(["EngagementToday", "EngagementYesterday"], after.Reasons);
        Assert.Equal([(AucklandToday, false, true), (AucklandToday.AddDays(1), true, false)], after.Engagements.Select(e => (e.Date, e.Today, e.Yesterday)));
        Assert.Empty(later.Projects); // a planned project with no engagement near: not listed
    }

    [Fact]
    public async Task Get_NoProjects_AnswersAnEmptyList()
    {
        desk.Clock.Set(InsightDesk.BeforeAucklandMidnight);
        var scene = await desk.SceneAsync();
        var ticket = await desk.IncidentAsync(scene, onSiteAndItem: false);

        var insight = await GetAsync(scene.Api, ticket.Number);

        Assert.Equal((ticket.Number, scene.Client.ClientId, "UTC"), (insight.TicketNumber, insight.ClientId, insight.ClientTimeZoneId));
        Assert.Empty(insight.Projects);
    }

    [Fact]
    public async Task Get_AsAClientContact_IsForbiddenForTheirTicket_AndNotFoundForAnotherClients()
    {
        desk.Clock.Set(InsightDesk.BeforeAucklandMidnight);
        var scene = await desk.SceneAsync();
        var other = await desk.SceneAsync();
        await desk.ProjectAsync(scene, ProjectStatus.Active, "Secret roadmap");
        var own = await desk.IncidentAsync(scene);
        var theirs = await desk.IncidentAsync(other);
        using var contact = await desk.App.ApiAsAsync(await desk.App.CreateContactUserAsync(scene.Client));

        var ownInsight = await contact.GetAsync($"/api/v1/tickets/{own.Number}/insight");
        var otherInsight = await contact.GetAsync($"/api/v1/tickets/{theirs.Number}/insight");
        var ownSla = await contact.GetAsync($"/api/v1/tickets/{own.Number}/sla");

        // The same answers as the other staff-only parts of a ticket (/sla): 403 for their own, 404 for another client's.
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (ownSla.StatusCode, ownInsight.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, otherInsight.StatusCode);
        Assert.Equal("application/problem+json", ownInsight.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Secret roadmap", await ownInsight.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INC-999999")]
    [InlineData("not-a-number")]
    public async Task Get_UnknownTicket_IsNotFound(string number)
    {
        var scene = await desk.SceneAsync();

        var response = await scene.Api.GetAsync($"/api/v1/tickets/{number}/insight");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_AVerdictOnAProjectLongClosed_KeepsItOnTheTicket()
    {
        desk.Clock.Set(InsightDesk.BeforeAucklandMidnight);
        var scene = await desk.SceneAsync();
        var project = await desk.ProjectAsync(scene, ProjectStatus.Closed, "Closed in time", desk.Clock.Now.AddDays(-20));
        var ticket = await desk.IncidentAsync(scene);
        Assert.Equal(HttpStatusCode.Created, (await InsightDesk.AttributeAsync(scene.Api, ticket.Number, project.Number, "CausedBy", "Left the VLAN half done")).StatusCode);
        desk.Clock.Set(InsightDesk.BeforeAucklandMidnight.AddDays(30));

        var listed = Assert.Single((await GetAsync(scene.Api, ticket.Number)).Projects);

        Assert.Equal((project.Number, "Attributed"), (listed.Number, string.Join(",", listed.Reasons)));
        Assert.Equal(("CausedBy", "Left the VLAN half done", "Ada Agent"), (listed.Attribution!.Verdict, listed.Attribution.Note, listed.Attribution.ByName));
    }

    internal static async Task<InsightDto> GetAsync(HttpClient api, string number)
    {
        var response = await api.GetAsync($"/api/v1/tickets/{number}/insight");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<InsightDto>(BatonAppFactory.Json))!;
    }
}

internal sealed record InsightDto(string TicketNumber, int ClientId, string ClientTimeZoneId, DateOnly Today, DateOnly Yesterday, int RecentlyClosedDays, IReadOnlyList<InsightProjectDto> Projects);

internal sealed record InsightProjectDto(
    string Number, string Name, string Type, string Status, IReadOnlyList<string> Reasons, bool TouchesThisTicket, IReadOnlyList<InsightTouchDto> TouchesOfThisTicket,
    InsightPersonDto? LeadTech, IReadOnlyList<InsightContactDto> ConferWith, IReadOnlyList<InsightContactDto> EscalateTo,
    IReadOnlyList<InsightNamedDto> Sites, IReadOnlyList<InsightNamedDto> ConfigurationItems, string DescriptionExcerpt,
    IReadOnlyList<InsightEngagementDto> Engagements, int? HypercareDaysLeft, int? ClosedDaysAgo, InsightVerdictDto? Attribution, InsightLinksDto Links);

internal sealed record InsightTouchDto(string Kind, int Id, string Name);

internal sealed record InsightPersonDto(string Name, string? Email, string? Phone);

internal sealed record InsightContactDto(string Name, string Role, string Phone, string Email);

internal sealed record InsightNamedDto(int Id, string Name);

internal sealed record InsightEngagementDto(
    DateOnly Date, TimeOnly StartTime, TimeOnly EndTime, string TimeZoneId, DateTimeOffset StartsAt, string Kind, bool Today, bool Yesterday, bool InProgress,
    string Touches, IReadOnlyList<InsightPersonDto> Technicians);

internal sealed record InsightVerdictDto(string Verdict, string Note, string ByName, DateTimeOffset At);

internal sealed record InsightLinksDto(string Project, string? Handbook, string? ProposeCloseoutItem);
