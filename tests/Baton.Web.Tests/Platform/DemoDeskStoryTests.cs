using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Features.Reports;
using Baton.Web.Features.Shared;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Platform;

/// <summary>The demo desk started on New Year's morning 2029: a Monday, a holiday, the first hours of a month, after Christmas.</summary>
public sealed class DemoDeskOnNewYearsMorning : IAsyncLifetime
{
    public static readonly DateTimeOffset Morning = new(2029, 1, 1, 7, 30, 0, TimeSpan.Zero);

    public DemoDeskOnNewYearsMorning()
    {
        App.Settings["Baton:Demo"] = "true";
        App.TestServices.Add(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public SettableClock Clock { get; } = new(Morning);

    public BatonAppFactory App { get; } = new();

    public Task InitializeAsync()
    {
        _ = App.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The demo desk's story holds today (whatever day the tests run).</summary>
public sealed class DemoDeskStoryTests(DemoDesk demo) : DemoDeskStory(demo.App, TimeProvider.System), IClassFixture<DemoDesk>;

/// <summary>The demo desk's story holds on an awkward day too: the demo is relative to its clock, not to a date.</summary>
public sealed class DemoDeskStoryOnNewYearsMorningTests(DemoDeskOnNewYearsMorning demo) : DemoDeskStory(demo.App, demo.Clock), IClassFixture<DemoDeskOnNewYearsMorning>;

/// <summary>
/// The demo desk tells a consistent story of a healthy desk: what happened, happened in order and before now; projects
/// caused only what came after their work; priorities, sites and items fit the tickets; its SLA figures are a good
/// desk's; and the only trouble is the two exceptions it shows on purpose.
/// </summary>
public abstract class DemoDeskStory(BatonAppFactory app, TimeProvider clock)
{
    /// <summary>Words a title about each kind of configuration item uses (by the item's type): a VPN ticket is not on a printer.</summary>
    private static readonly Dictionary<string, string[]> ItemWords = new(StringComparer.Ordinal)
    {
        ["Printer"] = ["print", "toner", "jam", "scan"],
        ["Server"] = ["FILE01", "shared drive", "S:", "backup", "share", "case files"],
        ["Firewall"] = ["VPN", "firewall", "internet", "portal"],
        ["Cloud service"] = ["Outlook", "mailbox", "Teams", "MFA", "out-of-office", "OneDrive", "sign-in", "password", "account", "portal", "e-mail", "calendar"],
    };

    /// <summary>Place words in titles and the site they mean (by a word of the site's name).</summary>
    private static readonly (string InTitle, string InSiteName)[] PlaceWords = [("depot", "depot"), ("warehouse", "depot"), ("archive", "archive"), ("main clinic", "clinic")];

    private DateTimeOffset Now => clock.GetUtcNow();

    [Fact]
    public async Task EveryTicket_IsCreatedBeforeItsFirstResponse_ResolutionAndClose_AndNothingIsInTheFuture()
    {
        var tickets = await app.WithDbAsync(db => db.Tickets.AsNoTracking()
            .Select(t => new { t.Number, t.Status, t.CreatedAt, t.FirstRespondedAt, t.ResolvedAt, t.ClosedAt, t.UpdatedAt }).ToListAsync());
        Assert.True(tickets.Count > 150, $"{tickets.Count} tickets");
        var now = Now;
        Assert.All(tickets, t =>
        {
            DateTimeOffset?[] steps = [t.CreatedAt, t.FirstRespondedAt, t.ResolvedAt, t.ClosedAt];
            var happened = steps.OfType<DateTimeOffset>().ToList();
            Assert.True(happened.SequenceEqual(happened.Order()), $"{t.Number}: created {t.CreatedAt:O}, responded {t.FirstRespondedAt:O}, resolved {t.ResolvedAt:O}, closed {t.ClosedAt:O}");
            Assert.True(t.UpdatedAt <= now && happened.All(s => s <= now), $"{t.Number} has a step after now ({now:O})");
            Assert.Equal(t.Status is TicketStatus.Resolved or TicketStatus.Closed, t.ResolvedAt is not null);
            Assert.Equal(t.Status == TicketStatus.Closed, t.ClosedAt is not null);
        });
        var messages = await app.WithDbAsync(db => db.TicketMessages.AsNoTracking()
            .Join(db.Tickets, m => m.TicketId, t => t.Id, (m, t) => new { t.Number, t.CreatedAt, m.At }).ToListAsync());
        Assert.All(messages, m => Assert.True(m.CreatedAt <= m.At && m.At <= now, $"{m.Number}: a message at {m.At:O}"));
    }

    [Fact]
    public async Task EveryCausedByVerdict_PointsToAProjectWhoseEngagementStartedBeforeTheTicketWasCreated()
    {
        var verdicts = await app.WithDbAsync(db => db.ProjectAttributions.AsNoTracking().Where(a => a.Verdict == AttributionVerdict.CausedBy)
            .Join(db.Tickets, a => a.TicketId, t => t.Id, (a, t) => new { a.ProjectId, t.Number, t.CreatedAt, a.At }).ToListAsync());
        Assert.NotEmpty(verdicts);
        var engagements = await app.WithDbAsync(db => db.Engagements.AsNoTracking().Where(e => !e.IsCancelled).Select(e => new { e.ProjectId, e.StartsAt }).ToListAsync());
        var hypercare = await app.WithDbAsync(db => db.Projects.AsNoTracking().Where(p => p.HypercareStartedAt != null).Select(p => new { p.Id, p.HypercareStartedAt }).ToListAsync());
        Assert.All(verdicts, v =>
        {
            var before = engagements.Where(e => e.ProjectId == v.ProjectId && e.StartsAt < v.CreatedAt).Select(e => e.StartsAt)
                .Concat(hypercare.Where(p => p.Id == v.ProjectId && p.HypercareStartedAt < v.CreatedAt).Select(p => p.HypercareStartedAt!.Value));
            Assert.True(before.Any(), $"{v.Number} (created {v.CreatedAt:O}) is 'caused by' a project with no work before it");
            Assert.True(v.CreatedAt <= v.At && v.At <= Now, $"{v.Number}: the verdict at {v.At:O}");
        });
    }

    [Fact]
    public async Task EveryTeam_HasALead_WhoIsOneOfItsMembers()
    {
        var teams = await app.WithDbAsync(db => db.Teams.AsNoTracking()
            .Select(t => new { t.Name, t.LeadUserId, Member = db.TeamMembers.Any(m => m.TeamId == t.Id && m.UserId == t.LeadUserId) }).ToListAsync());
        Assert.Equal(4, teams.Count);
        Assert.All(teams, t => Assert.True(t.LeadUserId is not null && t.Member, $"{t.Name} has no lead among its members"));
    }

    /// <summary>How the priority is checked: P1 and P2 only on incidents; a service request (a how-to always is one) is P3 or P4.</summary>
    [Fact]
    public async Task Priority_FitsTheTicket_P1AndP2OnlyOnIncidents_ServiceRequestsAndHowTosP3OrP4()
    {
        var tickets = await app.WithDbAsync(db => db.Tickets.AsNoTracking().Select(t => new { t.Number, t.Title, t.Kind, t.Priority }).ToListAsync());
        Assert.All(tickets, t =>
        {
            if (t.Title.StartsWith("How do I", StringComparison.OrdinalIgnoreCase))
            {
                Assert.True(t.Kind == TicketKind.ServiceRequest, $"{t.Number} '{t.Title}' is a how-to, so a service request");
            }

            if (t.Priority is Priority.P1 or Priority.P2)
            {
                Assert.True(t.Kind == TicketKind.Incident, $"{t.Number} '{t.Title}' is a {t.Priority} {t.Kind}");
            }
        });
        Assert.Contains(tickets, t => t.Priority == Priority.P1);
        Assert.Contains(tickets, t => t.Priority == Priority.P4);
    }

    [Fact]
    public async Task EveryTicketsSiteItemAndRequester_BelongToItsClient_AndTheItemAndSiteFitTheTitle()
    {
        var tickets = await app.WithDbAsync(db => db.Tickets.AsNoTracking().Select(t => new
        {
            t.Number, t.Title, t.ClientId,
            RequesterClient = db.Contacts.Where(c => c.Id == t.RequesterId).Select(c => c.ClientId).Single(),
            Site = db.Sites.Where(s => s.Id == t.SiteId).Select(s => new { s.ClientId, s.Name }).SingleOrDefault(),
            Item = db.ConfigurationItems.Where(i => i.Id == t.ConfigurationItemId).Select(i => new { i.ClientId, i.Type, i.SiteId }).SingleOrDefault(),
            t.SiteId,
        }).ToListAsync());
        Assert.Contains(tickets, t => t.Item is not null);
        Assert.All(tickets, t =>
        {
            Assert.Equal(t.ClientId, t.RequesterClient);
            Assert.True(t.Site is null || t.Site.ClientId == t.ClientId, $"{t.Number}: the site is another client's");
            if (t.Item is { } item)
            {
                Assert.Equal(t.ClientId, item.ClientId);
                Assert.True(item.SiteId is null || item.SiteId == t.SiteId, $"{t.Number}: the item is at another site than the ticket");
                Assert.True(ItemWords[item.Type].Any(w => t.Title.Contains(w, StringComparison.OrdinalIgnoreCase)), $"{t.Number} '{t.Title}' is on a {item.Type}");
            }

            foreach (var (inTitle, inSiteName) in PlaceWords.Where(p => t.Title.Contains(p.InTitle, StringComparison.OrdinalIgnoreCase)))
            {
                Assert.True(t.Site?.Name.Contains(inSiteName, StringComparison.OrdinalIgnoreCase) == true, $"{t.Number} '{t.Title}' is at {t.Site?.Name ?? "no site"}");
            }
        });
    }

    [Fact]
    public async Task EveryHandedOverProject_HasAGoLiveDate_BetweenItsStartAndToday()
    {
        var handedOver = await app.WithDbAsync(db => db.Projects.AsNoTracking()
            .Where(p => p.Status == ProjectStatus.Hypercare || p.Status == ProjectStatus.Closed || p.LeadReleasedAt != null || db.HandoffMeetings.Any(h => h.ProjectId == p.Id))
            .Select(p => new { p.Number, p.Name, p.StartsOn, p.ActualGoLiveOn }).ToListAsync());
        Assert.True(handedOver.Count >= 3, $"{handedOver.Count} handed-over projects");
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        Assert.All(handedOver, p => Assert.True(p.ActualGoLiveOn is { } live && p.StartsOn <= live && live <= today,
            $"{p.Number} {p.Name}: started {p.StartsOn}, went live {p.ActualGoLiveOn?.ToString() ?? "never"}"));
    }

    /// <summary>
    /// The SLA compliance report (the code behind /Reports/Sla and GET /api/v1/reports/sla) for last month and this month.
    /// A period needs 40 decided clocks before its share says anything (this month, in its first week or so, has fewer);
    /// last month always has them.
    /// </summary>
    [Fact]
    public async Task SlaMetShare_LastMonthAndThisMonth_IsThatOfAHealthyDesk_Between85And98Percent()
    {
        var now = Now;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var lastMonth = await ReportAsync(thisMonth.AddMonths(-1), thisMonth.AddDays(-1));
        var current = await ReportAsync(thisMonth, today);
        Assert.True(lastMonth.FirstResponse.Counted >= 40 && lastMonth.Resolution.Counted >= 40, $"last month: {lastMonth.FirstResponse.Counted} / {lastMonth.Resolution.Counted} clocks");
        foreach (var (name, report) in new[] { ("last month", lastMonth), ("this month", current) })
        {
            foreach (var figures in new[] { report.FirstResponse, report.Resolution }.Where(f => f.Counted >= 40))
            {
                Assert.True(figures.MetPercent is >= 85m and <= 98m, $"{name}, {figures.Kind}: {figures.MetPercent} % met ({figures.Met} met, {figures.Missed} missed, {figures.Breached} breached)");
            }
        }
    }

    [Fact]
    public async Task OpenTickets_HaveExactlyOneBreach_EscalatedToAssigneeAndTeamLead_AndExactlyOneAtRisk()
    {
        var now = Now;
        var report = await ReportAsync(DateOnly.FromDateTime(now.AddDays(-80).UtcDateTime), DateOnly.FromDateTime(now.UtcDateTime));
        var open = await app.WithDbAsync(db => db.Tickets.AsNoTracking().Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed)
            .Select(t => new { t.Id, t.AssigneeId, Lead = db.Teams.Where(x => x.Id == t.TeamId).Select(x => x.LeadUserId).SingleOrDefault() }).ToDictionaryAsync(t => t.Id));
        var readings = report.Tickets.Where(t => open.ContainsKey(t.TicketId)).SelectMany(t => new[] { (t.TicketId, t.Number, t.FirstResponse), (t.TicketId, t.Number, t.Resolution) }).ToList();
        Assert.True(open.Count >= 5, $"{open.Count} open tickets");

        var breached = Assert.Single(readings, r => r.Item3.State == SlaClockState.Breached);
        var atRisk = Assert.Single(readings, r => r.Item3.State == SlaClockState.AtRisk);
        Assert.NotEqual(breached.TicketId, atRisk.TicketId);
        Assert.True(-breached.Item3.Remaining < TimeSpan.FromHours(12), $"{breached.Number} breached {breached.Item3.Summary}: a fresh breach, not an old one");

        var (ticketId, clockKind) = (breached.TicketId, breached.Item3.Kind);
        var events = await app.WithDbAsync(db => db.SlaEvents.AsNoTracking().Where(e => e.TicketId == ticketId && e.Clock == clockKind).ToListAsync());
        var breach = Assert.Single(events, e => e.Kind == SlaEventKind.Breached);
        Assert.True(breach.DueAt == breach.CrossedAt && breach.CrossedAt <= breach.NoticedAt && breach.NoticedAt <= now);
        var told = await app.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.TicketId == ticketId).Select(n => n.UserId).ToListAsync());
        var ticket = open[ticketId];
        Assert.NotNull(ticket.Lead);
        Assert.Contains(ticket.Lead, told);
        Assert.Contains(ticket.AssigneeId, told);
        Assert.True(await app.WithDbAsync(db => db.SlaEvents.AnyAsync(e => e.TicketId == atRisk.TicketId && e.Kind == SlaEventKind.AtRisk)), $"{atRisk.Number}: at risk and recorded");
    }

    /// <summary>No flood of old breaches: a breach is on record exactly for the clocks that missed or are past their target.</summary>
    [Fact]
    public async Task BreachesOnRecord_AreExactlyTheClocksThatMissedOrArePastTarget_AFewOfThem()
    {
        var now = Now;
        var report = await ReportAsync(DateOnly.FromDateTime(now.AddDays(-80).UtcDateTime), DateOnly.FromDateTime(now.UtcDateTime));
        var late = report.Tickets.SelectMany(t => new[] { (t.TicketId, t.FirstResponse), (t.TicketId, t.Resolution) })
            .Where(r => r.Item2.IsBreached).Select(r => (r.TicketId, r.Item2.Kind)).Order().ToList();
        var recorded = (await app.WithDbAsync(db => db.SlaEvents.AsNoTracking().Where(e => e.Kind == SlaEventKind.Breached).Select(e => new { e.TicketId, e.Clock }).ToListAsync()))
            .Select(e => (e.TicketId, e.Clock)).Order().ToList();
        Assert.Equal(late, recorded);
        Assert.InRange(late.Count, 3, report.Tickets.Count / 5);
    }

    private Task<ComplianceReport> ReportAsync(DateOnly from, DateOnly to) =>
        app.WithDbAsync(db => SlaCompliance.RunAsync(db, new ReportScope(null, null, null, null, from, to), Now, CancellationToken.None));
}
