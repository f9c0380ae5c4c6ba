using System.Net;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Platform;

/// <summary>Baton started with --demo on an empty database.</summary>
public sealed class DemoDesk : IAsyncLifetime
{
    public DemoDesk() => App.Settings["Baton:Demo"] = "true";

    public BatonAppFactory App { get; } = new();

    public Task InitializeAsync()
    {
        _ = App.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The demo desk tells the project hand-off story at first sight.</summary>
public sealed class DemoDeskTests(DemoDesk demo) : IClassFixture<DemoDesk>
{
    private BatonAppFactory App => demo.App;

    [Fact]
    public async Task Demo_HasProjectsInEveryStatus_AndEngagementsToday()
    {
        var statuses = await App.WithDbAsync(db => db.Projects.Select(p => p.Status).Distinct().ToListAsync());
        Assert.Equal(Enum.GetValues<ProjectStatus>().Order(), statuses.Order());
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        Assert.True(await App.WithDbAsync(db => db.Engagements.CountAsync(e => e.Date == today)) >= 2);
    }

    [Fact]
    public async Task Demo_HasAHypercareProjectWithAMonthOfRoutedTickets_AndFeedback()
    {
        var tenant = await App.WithDbAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Status == ProjectStatus.Hypercare));
        var tags = await App.WithDbAsync(db => db.HypercareTags.AsNoTracking().Where(t => t.ProjectId == tenant.Id).ToListAsync());
        Assert.True(tags.Count >= 20, $"{tags.Count} hypercare tickets");
        var ids = tags.Select(t => t.TicketId).ToList();
        var opened = await App.WithDbAsync(db => db.Tickets.Where(t => ids.Contains(t.Id)).Select(t => t.CreatedAt).ToListAsync());
        Assert.True(opened.Max() - opened.Min() > TimeSpan.FromDays(21), "the tickets span the month");
        Assert.All(tags, t => Assert.NotNull(t.RoutedTeamId));
        Assert.True(await App.WithDbAsync(db => db.HypercareFeedback.CountAsync(f => f.ProjectId == tenant.Id)) >= 3);
    }

    [Fact]
    public async Task Demo_TheClosedProjectWasHandedOverProperly_AndAnIncidentIsAttributed()
    {
        var closed = await App.WithDbAsync(db => db.Projects.AsNoTracking().Where(p => p.Status == ProjectStatus.Closed).OrderByDescending(p => p.ClosedAt).FirstAsync());
        Assert.NotNull(closed.CloseoutSignedOffAt);
        Assert.NotNull(closed.LeadReleasedAt);
        Assert.True(await App.WithDbAsync(db => db.HandoffMeetings.AnyAsync(h => h.ProjectId == closed.Id)));
        Assert.True(await App.WithDbAsync(db => db.ProjectAttributions.AnyAsync(a => a.Verdict == AttributionVerdict.CausedBy)));

        using var grace = await App.SignInAsync("grace.adeyemi@demo.baton.local", "Baton-demo-2026");
        var report = WebUtility.HtmlDecode(await grace.GetHtmlAsync("/Reports/Daily"));
        Assert.Contains("Teams Phone migration", report, StringComparison.Ordinal);
        Assert.Contains("Microsoft 365 migration", report, StringComparison.Ordinal);
        Assert.Contains(closed.Number, report, StringComparison.Ordinal);
    }
}
