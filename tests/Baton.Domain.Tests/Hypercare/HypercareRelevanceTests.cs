using Baton.Domain.Hypercare;
using Baton.Domain.Projects;

namespace Baton.Domain.Tests.Hypercare;

public sealed class HypercareRelevanceTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset During = Start.AddDays(3);

    private static HypercareWindow Window(int id, int clientId = 1, int[]? sites = null, int[]? items = null, DateTimeOffset? start = null, int days = 30) =>
        new(id, ProjectNumber.Format(id), clientId, start ?? Start, (start ?? Start).AddDays(days), sites ?? [], items ?? []);

    private static HypercareTicketFacts Ticket(int? site = null, int? item = null, DateTimeOffset? at = null, string? named = null, int clientId = 1) =>
        new(clientId, site, item, at ?? During, named);

    [Fact]
    public void Match_TicketOnATouchedItem_RelatesByItem()
    {
        var match = HypercareRelevance.Match(Ticket(item: 7), [Window(1, items: [7])]);
        Assert.Equal((1, HypercareMatchReason.TouchesConfigurationItem), (match!.Project.ProjectId, match.Reason));
    }

    [Fact]
    public void Match_TicketAtATouchedSite_RelatesBySite()
    {
        var match = HypercareRelevance.Match(Ticket(site: 3, item: 99), [Window(1, sites: [3], items: [7])]);
        Assert.Equal((1, HypercareMatchReason.TouchesSite), (match!.Project.ProjectId, match.Reason));
    }

    [Fact]
    public void Match_ItemBeatsSite_AcrossTwoProjects()
    {
        var match = HypercareRelevance.Match(Ticket(site: 3, item: 7), [Window(1, sites: [3]), Window(2, items: [7])]);
        Assert.Equal(2, match!.Project.ProjectId);
        Assert.Equal(HypercareMatchReason.TouchesConfigurationItem, match.Reason);
    }

    [Fact]
    public void Match_NamedProject_WinsOverWhatIsTouched()
    {
        var match = HypercareRelevance.Match(Ticket(item: 7, named: "prj-2"), [Window(1, items: [7]), Window(2, sites: [5])]);
        Assert.Equal((2, HypercareMatchReason.NamedByRequester), (match!.Project.ProjectId, match.Reason));
    }

    [Fact]
    public void Match_NamedProjectOfAnotherClientOrNotInHypercare_IsIgnored()
    {
        var projects = new[] { Window(1, items: [7]), Window(2, clientId: 2, items: [7]) };
        var match = HypercareRelevance.Match(Ticket(item: 7, named: ProjectNumber.Format(2)), projects);
        Assert.Equal((1, HypercareMatchReason.TouchesConfigurationItem), (match!.Project.ProjectId, match.Reason));
        Assert.Null(HypercareRelevance.Match(Ticket(named: ProjectNumber.Format(9)), projects));
    }

    [Fact]
    public void Match_TicketTouchingNothingOfTheProject_DoesNotRelate()
    {
        Assert.Null(HypercareRelevance.Match(Ticket(site: 4, item: 8), [Window(1, sites: [3], items: [7])]));
        Assert.Null(HypercareRelevance.Match(Ticket(), [Window(1, sites: [3])]));
    }

    [Fact]
    public void Match_ClientWideProject_TakesEveryTicketOfTheClient_ButTouchedProjectsComeFirst()
    {
        var wide = Window(1);
        Assert.Equal(HypercareMatchReason.ClientWide, HypercareRelevance.Match(Ticket(), [wide])!.Reason);
        var touched = HypercareRelevance.Match(Ticket(site: 3), [wide, Window(2, sites: [3], start: Start.AddDays(-20))]);
        Assert.Equal((2, HypercareMatchReason.TouchesSite), (touched!.Project.ProjectId, touched.Reason));
    }

    [Fact]
    public void Match_OtherClientsProjects_NeverMatch()
    {
        Assert.Null(HypercareRelevance.Match(Ticket(item: 7, clientId: 2), [Window(1, items: [7]), Window(3)]));
    }

    [Fact]
    public void Match_PeriodBoundaries_StartIncludedEndExcluded()
    {
        var window = Window(1, items: [7], days: 28);
        Assert.NotNull(HypercareRelevance.Match(Ticket(item: 7, at: Start), [window]));
        Assert.NotNull(HypercareRelevance.Match(Ticket(item: 7, at: Start.AddDays(28).AddTicks(-1)), [window]));
        Assert.Null(HypercareRelevance.Match(Ticket(item: 7, at: Start.AddDays(28)), [window]));
        Assert.Null(HypercareRelevance.Match(Ticket(item: 7, at: Start.AddTicks(-1)), [window]));
    }

    [Fact]
    public void Match_TwoProjectsTouchingTheSameItem_TheLatestGoLiveWins()
    {
        var older = Window(5, items: [7], start: Start.AddDays(-10));
        var newer = Window(4, items: [7], start: Start.AddDays(-2));
        Assert.Equal(4, HypercareRelevance.Match(Ticket(item: 7), [older, newer])!.Project.ProjectId);
    }
}
