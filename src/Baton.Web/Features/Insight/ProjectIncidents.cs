using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Insight;

public sealed record ProjectIncidentsResponse(
    ProjectIncidentsScopeResponse Scope,
    IncidentFiguresResponse Total,
    IReadOnlyList<ProjectTypeIncidentsResponse> Types,
    IReadOnlyList<ProjectIncidentsRowResponse> Projects);

/// <summary>Client (null: all clients) and the inclusive UTC creation dates of the incidents counted.</summary>
public sealed record ProjectIncidentsScopeResponse(int? ClientId, string? ClientName, DateOnly From, DateOnly To);

/// <summary>
/// caused: incidents caused by the project(s); exposed: created during an engagement or hypercare; attributed: exposed
/// and caused by the project they were exposed to; sharePercent = attributed / exposed (one decimal; null when nothing
/// was exposed). exposed = attributed + exposedNotRelated + exposedWithoutVerdict.
/// </summary>
public sealed record IncidentFiguresResponse(int Caused, int Exposed, int Attributed, int ExposedNotRelated, int ExposedWithoutVerdict, decimal? SharePercent);

public sealed record ProjectTypeIncidentsResponse(string Type, int Projects, IncidentFiguresResponse Figures);

public sealed record ProjectIncidentsRowResponse(
    string Number, string Name, string Type, int ClientId, string ClientName, IncidentFiguresResponse Figures, IReadOnlyList<CountedIncidentResponse> Incidents);

/// <summary>One incident counted against the project: its verdict against this project, and its exposure (null: not exposed, counted as caused).</summary>
public sealed record CountedIncidentResponse(string Number, string Title, DateTimeOffset CreatedAt, AttributionVerdict? Verdict, Exposure? Exposure, bool Caused, bool Attributed);

/// <summary>
/// The project-caused incidents report: reads the period's incidents, verdicts, engagements and hypercare periods and
/// counts them with <see cref="ProjectIncidentReport"/>. The page, its CSV and the API all come through here.
/// </summary>
public static class ProjectIncidents
{
    /// <summary>Same scope rules as the SLA report: inclusive UTC dates (default the previous month, at most 366 days), optional client.</summary>
    public static Task<ReportScope> ResolveScopeAsync(BatonDb db, int? clientId, DateOnly? from, DateOnly? to, DateTimeOffset now, CancellationToken ct) =>
        ReportPeriods.ResolveAsync(db, new ReportRequest(clientId, null, from, to), now, ct);

    public static async Task<ProjectIncidentReport> RunAsync(BatonDb db, ReportScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (start, end) = (scope.Start, scope.End);
        var clientId = scope.ClientId;
        var projects = db.Projects.AsNoTracking().Where(p => clientId == null || p.ClientId == clientId);
        var incidents = db.Tickets.AsNoTracking()
            .Where(t => t.Kind == TicketKind.Incident && t.CreatedAt >= start && t.CreatedAt < end && (clientId == null || t.ClientId == clientId));

        // Engagements overlapping the period (an engagement lasts at most a day, so the index range starts a day early).
        var longestEngagementStart = start - TimeSpan.FromHours(25);
        var engagements = await db.Engagements.AsNoTracking()
            .Where(e => !e.IsCancelled && e.StartsAt > longestEngagementStart && e.StartsAt < end && e.EndsAt > start)
            .Join(projects, e => e.ProjectId, p => p.Id, (e, p) => new { e.ProjectId, p.ClientId, Slot = new ReportEngagement(e.StartsAt, e.EndsAt, e.Kind) })
            .ToListAsync(ct);
        var hypercare = await projects
            .Where(p => p.HypercareStartedAt != null && p.HypercareStartedAt < end && p.HypercareEndsAt > start)
            .Select(p => new { p.Id, p.ClientId, From = p.HypercareStartedAt!.Value, To = p.HypercareEndsAt!.Value })
            .ToListAsync(ct);
        var caused = await db.ProjectAttributions.AsNoTracking()
            .Where(a => a.Verdict == AttributionVerdict.CausedBy)
            .Join(incidents, a => a.TicketId, t => t.Id, (a, t) => new { a.ProjectId, Incident = new ReportIncident(t.Id, t.Number, t.Title, t.ClientId, t.CreatedAt) })
            .ToListAsync(ct);

        var projectIds = engagements.Select(e => e.ProjectId).Concat(hypercare.Select(h => h.Id)).Concat(caused.Select(c => c.ProjectId)).Distinct().ToList();
        var described = await projects.Where(p => EF.Parameter(projectIds).Contains(p.Id))
            .Select(p => new
            {
                p.Id, p.Number, p.Name, p.ClientId, p.ProjectTypeId, p.HypercareStartedAt, p.HypercareEndsAt,
                ClientName = db.Clients.Where(c => c.Id == p.ClientId).Select(c => c.Name).First(),
                TypeName = db.ProjectTypes.Where(t => t.Id == p.ProjectTypeId).Select(t => t.Name).First(),
            })
            .ToListAsync(ct);

        // The incidents that could be exposed: those of the clients with work in the period, created while some of it ran.
        var windows = engagements.Select(e => (e.ClientId, From: e.Slot.StartsAt, To: e.Slot.EndsAt))
            .Concat(hypercare.Select(h => (h.ClientId, h.From, h.To)))
            .ToList();
        var exposed = new List<ReportIncident>();
        var verdicts = caused.Select(c => new ReportAttribution(c.Incident.Id, c.ProjectId, AttributionVerdict.CausedBy)).ToList();
        if (windows.Count > 0)
        {
            var clientIds = windows.Select(w => w.ClientId).Distinct().ToList();
            var (from, to) = (windows.Min(w => w.From), windows.Max(w => w.To));
            var candidates = incidents.Where(t => EF.Parameter(clientIds).Contains(t.ClientId) && t.CreatedAt >= from && t.CreatedAt < to);
            exposed = await candidates.Select(t => new ReportIncident(t.Id, t.Number, t.Title, t.ClientId, t.CreatedAt)).ToListAsync(ct);

            // The verdicts on those incidents, by the unique (TicketId, ProjectId) index; the ids go as one parameter.
            var ticketIds = exposed.Select(i => i.Id).ToList();
            verdicts.AddRange(await db.ProjectAttributions.AsNoTracking()
                .Where(a => EF.Parameter(ticketIds).Contains(a.TicketId))
                .Select(a => new ReportAttribution(a.TicketId, a.ProjectId, a.Verdict))
                .ToListAsync(ct));
        }

        var slots = engagements.ToLookup(e => e.ProjectId, e => e.Slot);
        return ProjectIncidentReport.Compute(
            described.Select(p => new ReportProject(
                p.Id, p.Number, p.Name, p.ClientId, p.ClientName, p.ProjectTypeId, p.TypeName, p.HypercareStartedAt, p.HypercareEndsAt, [.. slots[p.Id]])),
            exposed.Concat(caused.Select(c => c.Incident)),
            verdicts,
            start,
            end);
    }

    public static ProjectIncidentsResponse Describe(ReportScope scope, ProjectIncidentReport report)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(report);
        return new ProjectIncidentsResponse(
            new ProjectIncidentsScopeResponse(scope.ClientId, scope.ClientName, scope.From, scope.To),
            Figures(report.Total),
            [.. report.Types.Select(t => new ProjectTypeIncidentsResponse(t.TypeName, t.Projects, Figures(t.Figures)))],
            [.. report.Projects.Select(r => new ProjectIncidentsRowResponse(
                r.Project.Number, r.Project.Name, r.Project.TypeName, r.Project.ClientId, r.Project.ClientName, Figures(r.Figures),
                [.. r.Incidents.Select(c => new CountedIncidentResponse(c.Incident.Number, c.Incident.Title, c.Incident.CreatedAt, c.Verdict, c.Exposure, c.Caused, c.Attributed))]))]);
    }

    private static IncidentFiguresResponse Figures(IncidentFigures f) =>
        new(f.Caused, f.Exposed, f.Attributed, f.ExposedNotRelated, f.ExposedWithoutVerdict, f.SharePercent);
}
