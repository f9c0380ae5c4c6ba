using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Domain.ServiceLevels;
using Baton.Web.Tests.Tickets;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>
/// SLA events carry the instant the clock crossed, and a crossing is recorded once however the targets move.
/// A P3 on the default 24×7 policy: respond within 4 h (at risk from 3 h), resolve within 24 h (at risk from 18 h);
/// P4: 8 h and 72 h (at risk from 54 h); P1: 30 min and 4 h; P2: 1 h and 8 h.
/// </summary>
public sealed partial class SlaCrossingInstantsTests(SlaDesk desk) : IClassFixture<SlaDesk>
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ClocksFoundLate_AtRiskAndBreachedCarryTheirOwnCrossingInstants_NotWhenTheyWereNoticed()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew);

        await desk.RunJobAsync(opened.AddHours(30)); // Baton was down for all four crossings

        var noticed = opened.AddHours(30);
        Assert.Equal(
            [
                new(SlaClockKind.FirstResponse, SlaEventKind.AtRisk, opened.AddHours(3), noticed),
                new(SlaClockKind.FirstResponse, SlaEventKind.Breached, opened.AddHours(4), noticed),
                new(SlaClockKind.Resolution, SlaEventKind.AtRisk, opened.AddHours(18), noticed),
                new(SlaClockKind.Resolution, SlaEventKind.Breached, opened.AddHours(24), noticed),
            ],
            await desk.CrossingsAsync(ticket.Id));
    }

    [Fact]
    public async Task TimelineAndApi_ShowTheCrossingInstant_InOrderWithTheOtherItems()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew);
        await desk.RunJobAsync(opened.AddHours(5));
        desk.Clock.Set(opened.AddHours(10));
        await TicketsApiTests.Transition(crew.Api, ticket.Number, "Acknowledge"); // after the first-response breach
        await desk.RunJobAsync(opened.AddHours(30));
        desk.Clock.Set(opened.AddHours(30));

        using var sla = JsonDocument.Parse(await crew.Api.GetStringAsync($"/api/v1/tickets/{ticket.Number}/sla"));
        var events = sla.RootElement.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("text").GetString(), e.GetProperty("at").GetDateTimeOffset(), e.GetProperty("noticedAt").GetDateTimeOffset()))
            .ToList();
        Assert.Equal(
            [
                ("First response at risk", opened.AddHours(3), opened.AddHours(5)),
                ("First response breached", opened.AddHours(4), opened.AddHours(5)),
                ("Resolution at risk", opened.AddHours(18), opened.AddHours(30)),
                ("Resolution breached", opened.AddHours(24), opened.AddHours(30)),
            ],
            events);

        using var page = await desk.App.SignInAsync(crew.Assignee.Email, UserPassword);
        var lines = TimelineLines(await page.GetHtmlAsync($"/Tickets/{ticket.Number}"));
        var shown = lines.Where(l => l.Who == "SLA" || l.What.StartsWith("changed Status", StringComparison.Ordinal) || l.What.Contains("Acknowledged", StringComparison.Ordinal))
            .Select(l => (l.Who, l.At)).ToList();
        Assert.Equal(
            [
                ("SLA", opened.AddHours(3)),
                ("SLA", opened.AddHours(4)),
                (crew.Assignee.DisplayName, opened.AddHours(10)),
                ("SLA", opened.AddHours(18)),
                ("SLA", opened.AddHours(24)),
            ],
            shown);
    }

    [Fact]
    public async Task PriorityChanges_AfterABreach_AddNoSecondSlaLine()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew);
        await desk.RunJobAsync(opened.AddHours(30));
        var before = await desk.CrossingsAsync(ticket.Id);
        Assert.Equal(4, before.Count);

        // Earlier targets (P1), then later ones still past (P2): breached stays breached, at risk stays at risk.
        desk.Clock.Set(opened.AddHours(31));
        await SlaDesk.ReprioritiseAsync(crew.Api, ticket.Number, "P1");
        await desk.RunJobAsync(opened.AddHours(31) + Minute);
        desk.Clock.Set(opened.AddHours(32));
        await SlaDesk.ReprioritiseAsync(crew.Api, ticket.Number, "P2");
        await desk.RunJobAsync(opened.AddHours(32) + Minute);

        Assert.Equal(before, await desk.CrossingsAsync(ticket.Id));
        Assert.Equal(8, (await desk.NoticesAsync(ticket.Id)).Count);
        using var page = await desk.App.SignInAsync(crew.Assignee.Email, UserPassword);
        var slaLines = TimelineLines(await page.GetHtmlAsync($"/Tickets/{ticket.Number}")).Where(l => l.Who == "SLA").ToList();
        Assert.Equal(4, slaLines.Count);
        Assert.Equal(slaLines.Count, slaLines.Distinct().Count());
    }

    [Fact]
    public async Task PriorityChange_ThatPutsAClockBackWithinTime_RecordsItsNextCrossings()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew);
        await desk.RunJobAsync(opened.AddHours(30));

        // P4 at 31 h: first response (8 h) is still breached; resolution (72 h, at risk from 54 h) is within time again.
        desk.Clock.Set(opened.AddHours(31));
        await SlaDesk.ReprioritiseAsync(crew.Api, ticket.Number, "P4");
        await desk.RunJobAsync(opened.AddHours(53));
        Assert.Equal(4, (await desk.CrossingsAsync(ticket.Id)).Count);

        await desk.RunJobAsync(opened.AddHours(73));

        var noticed = opened.AddHours(73);
        Assert.Equal(
            [
                new(SlaClockKind.Resolution, SlaEventKind.AtRisk, opened.AddHours(54), noticed),
                new(SlaClockKind.Resolution, SlaEventKind.Breached, opened.AddHours(72), noticed),
            ],
            (await desk.CrossingsAsync(ticket.Id)).Skip(4));
    }

    [Fact]
    public async Task PauseAfterTheWarning_ThenResume_DoesNotAnnounceTheAtRiskAgain_AndTheBreachComesLater()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var ticket = await desk.OpenForCrewAsync(crew);
        await TicketsApiTests.Transition(crew.Api, ticket.Number, "Acknowledge");
        await TicketsApiTests.Transition(crew.Api, ticket.Number, "StartWork");
        await desk.RunJobAsync(opened.AddHours(18) + Minute);
        desk.Clock.Set(opened.AddHours(19));
        await TicketsApiTests.Transition(crew.Api, ticket.Number, "AwaitCustomer");
        desk.Clock.Set(opened.AddHours(21));
        await TicketsApiTests.Transition(crew.Api, ticket.Number, "Resume"); // due moves 2 h later, the warning does not

        await desk.RunJobAsync(opened.AddHours(21) + Minute);
        await desk.RunJobAsync(opened.AddHours(27));

        Assert.Equal(
            [
                new(SlaClockKind.Resolution, SlaEventKind.AtRisk, opened.AddHours(18), opened.AddHours(18) + Minute),
                new(SlaClockKind.Resolution, SlaEventKind.Breached, opened.AddHours(26), opened.AddHours(27)),
            ],
            await desk.CrossingsAsync(ticket.Id));
    }

    [Fact]
    public async Task TwoRunsAtOnce_OnClocksFoundLate_RecordEachCrossingOnce()
    {
        var crew = await desk.CrewAsync();
        var opened = desk.Clock.Now;
        var tickets = new List<TicketDto>();
        for (var i = 0; i < 3; i++)
        {
            tickets.Add(await desk.OpenForCrewAsync(crew, $"Race {i}"));
        }

        var now = opened.AddHours(30);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => desk.RunJobAsync(now))));
        await desk.RunJobAsync(now + Minute);

        foreach (var ticket in tickets)
        {
            var crossings = await desk.CrossingsAsync(ticket.Id);
            Assert.Equal(
                [opened.AddHours(3), opened.AddHours(4), opened.AddHours(18), opened.AddHours(24)],
                crossings.Select(c => c.CrossedAt).Order());
            Assert.Equal(8, (await desk.NoticesAsync(ticket.Id)).Count);
        }
    }

    private sealed record Line(string Who, string What, DateTimeOffset At);

    /// <summary>The timeline's items in page order: who, what, and the instant of the item's time element.</summary>
    private static List<Line> TimelineLines(string html) =>
        [.. TimelineItem().Matches(WebUtility.HtmlDecode(html)).Select(m => new Line(
            m.Groups["who"].Value.Trim(),
            m.Groups["what"].Value.Trim(),
            DateTimeOffset.Parse(m.Groups["at"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)))];

    [GeneratedRegex("""<li class="[a-z]+">\s*<div class="meta">\s*<strong>(?<who>[^<]*)</strong>(?<what>[^<]*)<time datetime="(?<at>[^"]+)"[^>]*>""", RegexOptions.Singleline)]
    private static partial Regex TimelineItem();
}
