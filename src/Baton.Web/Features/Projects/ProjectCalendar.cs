using Baton.Web.Features.Shared.Calendar;
using Baton.Web.Features.Shared.Visibility;
using System.Globalization;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Baton.Web.Features.Projects;

/// <summary>
/// The engagements as iCalendar feeds: one per project and one for every project the user can see (a client contact:
/// their organisation's). Cancelled engagements stay in the feed as STATUS:CANCELLED so subscribed calendars drop them.
/// </summary>
public static class ProjectCalendar
{
    /// <summary>How far back the all-projects feed reaches; a project's own feed has all its engagements.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(90);

    public const string AllPath = "/api/v1/projects/calendar.ics";

    public static string PathFor(string number) => $"/api/v1/projects/{number}/calendar.ics";

    public static async Task<string?> ForProjectAsync(BatonDb db, CurrentUser user, string number, string baseUrl, DateTimeOffset now, CancellationToken ct)
    {
        if (!ProjectNumber.TryParse(number, out var normalised))
        {
            return null;
        }

        var project = await db.Projects.AsNoTracking().VisibleTo(user).Where(p => p.Number == normalised).Select(p => new { p.Id, p.Number, p.Name }).SingleOrDefaultAsync(ct);
        if (project is null)
        {
            return null;
        }

        var rows = await RowsAsync(db, db.Engagements.Where(e => e.ProjectId == project.Id), user, ct);
        return IcsWriter.Write($"Baton: {project.Number} {project.Name}", await EventsAsync(db, rows, baseUrl, ct), now);
    }

    public static async Task<string> ForAllAsync(BatonDb db, CurrentUser user, string baseUrl, DateTimeOffset now, CancellationToken ct)
    {
        var from = now - History;
        var rows = await RowsAsync(db, db.Engagements.Where(e => e.EndsAt >= from), user, ct);
        return IcsWriter.Write("Baton: project engagements", await EventsAsync(db, rows, baseUrl, ct), now);
    }

    /// <summary>
    /// Issues the user's feed token for one feed (<see cref="TokenScopes.AllProjects"/> or a project number), shown once:
    /// it opens that feed only, read only. One per user and feed: subscribing again replaces the earlier link.
    /// </summary>
    public static async Task<string> IssueFeedTokenAsync(BatonDb db, IMemoryCache cache, CurrentUser user, string feed, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var earlier = await db.ApiTokens.Where(t => t.UserId == user.Id && t.Scope == ApiTokenScope.Feed && t.Feed == feed && t.RevokedAt == null).ToListAsync(ct);
        foreach (var old in earlier)
        {
            old.RevokedAt = now;
        }

        var (token, hash, prefix) = ApiTokens.Generate(ApiTokenScope.Feed);
        db.ApiTokens.Add(new ApiToken
        {
            UserId = user.Id, Name = FeedName(feed), Hash = hash, Prefix = prefix, CreatedAt = now, Scope = ApiTokenScope.Feed, Feed = feed,
        });
        await db.SaveChangesAsync(ct);
        earlier.ForEach(old => ApiTokens.Forget(cache, old.Hash));
        return token;
    }

    public static string FeedName(string feed) => feed == TokenScopes.AllProjects ? "Calendar: all projects" : "Calendar: " + feed;

    /// <summary>The feed's address, as the profile page lists it.</summary>
    public static string PathOfFeed(string feed) => feed == TokenScopes.AllProjects ? AllPath : PathFor(feed);

    private sealed record Row(Engagement Engagement, string Number, string Name, IReadOnlyList<int> SiteIds, string ClientName, string TypeName);

    private static async Task<List<Row>> RowsAsync(BatonDb db, IQueryable<Engagement> engagements, CurrentUser user, CancellationToken ct) =>
        await (from e in engagements.AsNoTracking()
               join p in db.Projects.VisibleTo(user) on e.ProjectId equals p.Id
               join c in db.Clients on p.ClientId equals c.Id
               join t in db.ProjectTypes on p.ProjectTypeId equals t.Id
               orderby e.StartsAt, e.Id
               select new Row(e, p.Number, p.Name, p.SiteIds, c.Name, t.Name))
            .ToListAsync(ct);

    private static async Task<List<IcsEvent>> EventsAsync(BatonDb db, List<Row> rows, string baseUrl, CancellationToken ct)
    {
        var siteIds = rows.SelectMany(r => r.SiteIds).Distinct().ToList();
        var sites = siteIds.Count == 0
            ? []
            : await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var technicians = await ProjectView.UserNamesAsync(db, rows.SelectMany(r => r.Engagement.TechnicianIds), ct);
        return rows.Select(r => Event(r, sites, technicians, baseUrl)).ToList();
    }

    private static IcsEvent Event(Row r, IReadOnlyDictionary<int, string> sites, IReadOnlyDictionary<string, string> technicians, string baseUrl)
    {
        var e = r.Engagement;
        var kind = Engagement.Describe(e.Kind);
        var siteNames = r.SiteIds.Select(id => sites.GetValueOrDefault(id)).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var location = e.Kind == EngagementKind.Remote
            ? $"Remote ({r.ClientName})"
            : siteNames.Count == 0 ? r.ClientName : $"{r.ClientName} / {string.Join(", ", siteNames)}";
        var people = e.TechnicianIds.Select(t => technicians.GetValueOrDefault(t, t)).ToList();
        var description = new List<string>
        {
            $"{r.Number} {r.Name} ({r.TypeName}) at {r.ClientName}",
            $"{kind}, {EngagementTimes.Local(e)}",
            "Touches: " + (e.Touches.Length == 0 ? "not stated" : e.Touches),
            "Technicians: " + (people.Count == 0 ? "not named yet" : string.Join(", ", people)),
        };
        if (e.Notes.Length > 0)
        {
            description.Add("Notes: " + e.Notes);
        }

        var url = $"{baseUrl}/Projects/{r.Number}";
        description.Add(url);
        return new IcsEvent(
            Uid: "engagement-" + e.Id.ToString(CultureInfo.InvariantCulture) + "@baton",
            Sequence: e.Sequence,
            Start: e.StartsAt,
            End: e.EndsAt,
            Summary: $"{(e.IsCancelled ? "Cancelled: " : "")}{r.Number} {r.Name}: {kind}",
            Description: string.Join("\n", description),
            Location: location,
            Cancelled: e.IsCancelled,
            Created: e.CreatedAt,
            LastModified: e.UpdatedAt,
            Url: url,
            Categories: [kind]);
    }
}

/// <summary>How an engagement's times read to people: the client's wall clock, saying the zone.</summary>
public static class EngagementTimes
{
    /// <summary>"Sun 29 Mar 2026 09:00–12:00 Europe/London (UTC+01:00)"; a block past midnight says "next day".</summary>
    public static string Local(Engagement e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Local(e.Date, e.StartTime, e.EndTime, e.TimeZoneId, e.StartsAt);
    }

    public static string Local(EngagementResponse e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Local(e.Date, e.StartTime, e.EndTime, e.TimeZoneId, e.StartsAt);
    }

    private static string Local(DateOnly date, TimeOnly start, TimeOnly end, string zoneId, DateTimeOffset startsAt)
    {
        var zone = Infrastructure.UserTime.Zone(zoneId);
        var offset = zone.GetUtcOffset(startsAt);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var nextDay = end <= start ? " next day" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{date:ddd d MMM yyyy} {start:HH\\:mm}–{end:HH\\:mm}{nextDay} {zoneId} (UTC{sign}{offset:hh\\:mm})");
    }
}
