using System.Net;
using System.Text.RegularExpressions;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Insight;

/// <summary>The insight panel on the ticket page: what a technician sees and the attribution form, for staff only.</summary>
public sealed partial class InsightPanelTests(InsightDesk desk) : IClassFixture<InsightDesk>
{
    [Fact]
    public async Task TicketPage_AsAgent_ShowsTheProjects_TouchingOneFirst_WithWhomToCall()
    {
        var world = await ArrangeAsync();
        using var page = await desk.App.SignInAsync(world.Scene.Agent.Email, BatonAppFactory.UserPassword);

        var panel = Panel(await page.GetHtmlAsync($"/Tickets/{world.Ticket.Number}"));

        Assert.Equal([world.Touching.Number, world.Planned.Number, world.Plain.Number, world.Closed.Number], ProjectNumbers(panel));
        Assert.Contains($"Touches this CI: {world.Scene.Client.Code}-SRV01", panel, StringComparison.Ordinal);
        Assert.Contains("Touches this site: Head office", panel, StringComparison.Ordinal);
        Assert.Single(TouchFlags().Matches(panel));
        // Whom to call: the lead tech, whom to confer with and to escalate to, each reachable in one click.
        Assert.Contains("Lee Lead", panel, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:+64215550101\"", panel, StringComparison.Ordinal);
        Assert.Matches(Spanning("Confer with.*Pat Engineer.*Network engineer.*href=\"tel:\\+6495550100\".*href=\"mailto:pat@msp\\.example\""), panel);
        Assert.Matches(Spanning("Escalate to.*Sam Boss.*Delivery manager.*href=\"mailto:sam@msp\\.example\""), panel);
        Assert.Contains("Today 09:00–12:00", panel, StringComparison.Ordinal);
        Assert.Contains("Engagement today", panel, StringComparison.Ordinal);
        Assert.Contains("Closed 5 days ago", panel, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Projects/{world.Closed.Number}/Handbook\"", panel, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Projects/{world.Closed.Number}/Closeout/Propose?ticket={world.Ticket.Number}\"", panel, StringComparison.Ordinal);
        Assert.DoesNotContain($"/Projects/{world.Plain.Number}/Closeout", panel, StringComparison.Ordinal);
        Assert.DoesNotContain("Another client's work", panel, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TicketPage_AsTheClientsContact_HasNoPanel()
    {
        var world = await ArrangeAsync();
        var contact = await desk.App.CreateContactUserAsync(world.Scene.Client);
        using var page = await desk.App.SignInAsync(contact.Email, BatonAppFactory.UserPassword);

        var html = WebUtility.HtmlDecode(await page.GetHtmlAsync($"/Tickets/{world.Ticket.Number}"));

        Assert.DoesNotContain("Projects at this client", html, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Touching.Number, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Pat Engineer", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttributeForm_CausedByThenNotRelated_ReplacesTheVerdict_AndTheTimelineTellsBoth()
    {
        var world = await ArrangeAsync();
        using var page = await desk.App.SignInAsync(world.Scene.Agent.Email, BatonAppFactory.UserPassword);
        var url = $"/Tickets/{world.Ticket.Number}";

        var first = await page.PostFormAsync(url + "?handler=Attribute", Form(world.Touching.Number, "CausedBy", "Cut-over at 09:00"), url);
        var afterFirst = WebUtility.HtmlDecode(await page.GetHtmlAsync(url));
        var second = await page.PostFormAsync(url + "?handler=Attribute", Form(world.Touching.Number, "NotRelated", "ISP outage"), url);
        var afterSecond = WebUtility.HtmlDecode(await page.GetHtmlAsync(url));

        Assert.Equal((HttpStatusCode.Redirect, url), (first.StatusCode, first.Headers.Location?.OriginalString));
        Assert.Contains($"{world.Touching.Number}: marked as the cause.", afterFirst, StringComparison.Ordinal);
        Assert.Contains($"marked it Caused by {world.Touching.Number} (Cut-over at 09:00)", Timeline(afterFirst), StringComparison.Ordinal);
        Assert.Contains("Caused by this project", Panel(afterFirst), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Contains(
            $"changed the verdict: Caused by {world.Touching.Number} (Cut-over at 09:00) → Not related to {world.Touching.Number} (ISP outage)",
            Timeline(afterSecond), StringComparison.Ordinal);
        Assert.Contains("Not related (coincidence)", Panel(afterSecond), StringComparison.Ordinal);
        var row = Assert.Single(await desk.App.WithDbAsync(db => db.ProjectAttributions.Where(a => a.TicketId == world.Ticket.Id).ToListAsync()));
        Assert.Equal((AttributionVerdict.NotRelated, "ISP outage"), (row.Verdict, row.Note));
    }

    [Fact]
    public async Task AttributeForm_ATooLongNote_IsShownOnThatProjectsRow_AndNothingIsSaved()
    {
        var world = await ArrangeAsync();
        using var page = await desk.App.SignInAsync(world.Scene.Agent.Email, BatonAppFactory.UserPassword);
        var url = $"/Tickets/{world.Ticket.Number}";

        var response = await page.PostFormAsync(url + "?handler=Attribute", Form(world.Plain.Number, "CausedBy", new string('x', ProjectAttribution.NoteMaxLength + 1)), url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var panel = Panel(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        var row = panel[panel.IndexOf($"data-number=\"{world.Plain.Number}\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</li>", row.IndexOf("<form", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.Contains($"maximum length of {ProjectAttribution.NoteMaxLength}", row, StringComparison.Ordinal);
        Assert.Equal(0, await desk.App.WithDbAsync(db => db.ProjectAttributions.CountAsync(a => a.TicketId == world.Ticket.Id)));
    }

    [Fact]
    public async Task AttributeForm_AnotherClientsProject_SaysWhy()
    {
        var world = await ArrangeAsync();
        using var page = await desk.App.SignInAsync(world.Scene.Agent.Email, BatonAppFactory.UserPassword);
        var url = $"/Tickets/{world.Ticket.Number}";

        var response = await page.PostFormAsync(url + "?handler=Attribute", Form(world.OtherClients.Number, "CausedBy", null), url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"{world.OtherClients.Number} is not a project of this ticket's client", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TicketPage_NoProjects_SaysToLookElsewhere()
    {
        desk.Clock.Set(InsightDesk.BeforeAucklandMidnight);
        var scene = await desk.SceneAsync();
        var ticket = await desk.IncidentAsync(scene);
        using var page = await desk.App.SignInAsync(scene.Agent.Email, BatonAppFactory.UserPassword);

        var panel = Panel(await page.GetHtmlAsync($"/Tickets/{ticket.Number}"));

        Assert.Contains("No project is going on at this client", panel, StringComparison.Ordinal);
    }

    private async Task<World> ArrangeAsync()
    {
        desk.Clock.Set(InsightDesk.BeforeAucklandMidnight);
        var now = desk.Clock.Now;
        var scene = await desk.SceneAsync("Pacific/Auckland");
        var plain = await desk.ProjectAsync(scene, ProjectStatus.Active, "Phone system upgrade", now.AddDays(-20));
        var touching = await desk.ProjectAsync(scene, ProjectStatus.Active, "Core switch refresh", now.AddDays(-10));
        await desk.App.SetProjectTouchesAsync(touching, [scene.Client.SiteId], [scene.Client.ConfigurationItemId]);
        await desk.App.SetEscalationContactsAsync(touching,
            new EscalationContact("Pat Engineer", "Network engineer", "+64 9 555 0100", "pat@msp.example", EscalationKind.ConferWith),
            new EscalationContact("Sam Boss", "Delivery manager", "", "sam@msp.example", EscalationKind.EscalateTo));
        var planned = await desk.ProjectAsync(scene, ProjectStatus.Planned, "Site survey");
        await desk.App.ScheduleEngagementAsync(planned, new DateOnly(2027, 3, 1), new TimeOnly(9, 0), new TimeOnly(12, 0));
        var closed = await desk.ProjectAsync(scene, ProjectStatus.Closed, "Old Wi-Fi", now.AddDays(-5));
        var other = await desk.SceneAsync();
        var otherClients = await desk.ProjectAsync(other, ProjectStatus.Active, "Another client's work");
        return new World(scene, plain, touching, planned, closed, otherClients, await desk.IncidentAsync(scene));
    }

    private static Dictionary<string, string> Form(string project, string verdict, string? note) => new()
    {
        ["Attribution.ProjectNumber"] = project,
        ["Attribution.Verdict"] = verdict,
        ["Attribution.Note"] = note ?? "",
    };

    /// <summary>The insight section of a ticket page, entities decoded.</summary>
    private static string Panel(string html)
    {
        var decoded = WebUtility.HtmlDecode(html);
        var start = decoded.IndexOf("data-testid=\"insight\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "No insight panel on the page.");
        return decoded[start..decoded.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private static string Timeline(string html) =>
        html[html.IndexOf("id=\"timeline-heading\"", StringComparison.Ordinal)..html.IndexOf("id=\"files-heading\"", StringComparison.Ordinal)];

    private static Regex Spanning(string pattern) => new(pattern, RegexOptions.Singleline);

    private static List<string> ProjectNumbers(string panel) => [.. ProjectRow().Matches(panel).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("data-testid=\"insight-project\" data-number=\"(PRJ-\\d+)\"")]
    private static partial Regex ProjectRow();

    [GeneratedRegex("data-testid=\"touches\"")]
    private static partial Regex TouchFlags();

    private sealed record World(
        InsightDesk.Scene Scene, BatonAppFactory.ProjectSetup Plain, BatonAppFactory.ProjectSetup Touching, BatonAppFactory.ProjectSetup Planned,
        BatonAppFactory.ProjectSetup Closed, BatonAppFactory.ProjectSetup OtherClients, BatonAppFactory.TicketDto Ticket);
}
