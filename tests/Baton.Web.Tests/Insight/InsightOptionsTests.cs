using Baton.Domain.Projects;
using Baton.Web.Features.Insight;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Insight;

/// <summary>Projects:RecentlyClosedDays sets the recently-closed window, and a bad value stops Baton at start.</summary>
public sealed class InsightOptionsTests
{
    [Fact]
    public async Task RecentlyClosedDays_Configured_SetsTheWindow()
    {
        var clock = new SettableClock(InsightDesk.BeforeAucklandMidnight);
        await using var app = new BatonAppFactory { Settings = { ["Projects:RecentlyClosedDays"] = "10" } };
        app.TestServices.Add(s => s.AddSingleton<TimeProvider>(clock));
        var client = await app.CreateClientAsync();
        var agent = await app.CreateAgentAsync();
        var recent = await app.CreateProjectAsync(client, agent, ProjectStatus.Closed, "Closed 9 days ago", now: clock.Now.AddDays(-9));
        await app.CreateProjectAsync(client, agent, ProjectStatus.Closed, "Closed 11 days ago", now: clock.Now.AddDays(-11));
        using var api = await app.ApiAsAsync(agent);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);

        var insight = await InsightApiTests.GetAsync(api, ticket.Number);

        Assert.Equal(10, insight.RecentlyClosedDays);
        Assert.Equal([recent.Number], insight.Projects.Select(p => p.Number));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("366")]
    [InlineData("-5")]
    public async Task RecentlyClosedDays_OutOfRange_StopsTheAppAtStart(string days)
    {
        await using var app = new BatonAppFactory { Settings = { ["Projects:RecentlyClosedDays"] = days } };

        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Projects:RecentlyClosedDays must be a whole number of days from 1 to 365", e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Replacing the **core switch** and [re-cabling](https://wiki/x) the `comms` room.\n\nSecond paragraph.", "Replacing the core switch and re-cabling the comms room.")]
    [InlineData("# Heading\n- first item\n- second item", "Heading first item second item")]
    [InlineData("", "")]
    public void Excerpt_TakesTheFirstParagraphAsPlainText(string markdown, string expected) =>
        Assert.Equal(expected, TicketInsight.Excerpt(markdown));

    [Fact]
    public void Excerpt_ALongParagraph_IsCutAtAWord()
    {
        var excerpt = TicketInsight.Excerpt(string.Join(' ', Enumerable.Repeat("switchover", 60)));

        Assert.EndsWith("switchover…", excerpt, StringComparison.Ordinal);
        Assert.True(excerpt.Length <= TicketInsight.ExcerptLength + 1, excerpt.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
