using Baton.Domain.Projects;

namespace Baton.Domain.Insight;

/// <summary>A project as the report sees it: who it is, and when its work could have caused incidents.</summary>
public sealed record ReportProject(
    int Id,
    string Number,
    string Name,
    int ClientId,
    string ClientName,
    int TypeId,
    string TypeName,
    DateTimeOffset? HypercareStartedAt,
    DateTimeOffset? HypercareEndsAt,
    IReadOnlyList<ReportEngagement> Engagements);

/// <summary>An engagement that was not cancelled: from <see cref="StartsAt"/> (inclusive) to <see cref="EndsAt"/> (exclusive).</summary>
public sealed record ReportEngagement(DateTimeOffset StartsAt, DateTimeOffset EndsAt, EngagementKind Kind);

/// <summary>An incident created in the period.</summary>
public sealed record ReportIncident(long Id, string Number, string Title, int ClientId, DateTimeOffset CreatedAt);

/// <summary>A verdict on a ticket against a project.</summary>
public sealed record ReportAttribution(long TicketId, int ProjectId, AttributionVerdict Verdict);

/// <summary>What put an incident in a project's exposure: it was created during an engagement, or during hypercare.</summary>
public enum Exposure
{
    Engagement = 1,
    Hypercare = 2,
}

/// <summary>One incident counted against one project, and how: caused by it, exposed to it, or both.</summary>
public sealed record CountedIncident(ReportIncident Incident, AttributionVerdict? Verdict, Exposure? Exposure)
{
    public bool Caused => Verdict == AttributionVerdict.CausedBy;

    /// <summary>In the share's numerator: exposed, and attributed to this project.</summary>
    public bool Attributed => Exposure is not null && Caused;
}

/// <summary>
/// Figures over a set of incidents: how many the projects caused, how many were exposed to their work, and what share of
/// the exposed ones were attributed. <see cref="SharePercent"/> = <see cref="Attributed"/> ÷ <see cref="Exposed"/>,
/// one decimal, null when nothing was exposed.
/// </summary>
public sealed record IncidentFigures(int Caused, int Exposed, int Attributed, int ExposedNotRelated, int ExposedWithoutVerdict)
{
    public decimal? SharePercent => Exposed == 0 ? null : Math.Round(100m * Attributed / Exposed, 1, MidpointRounding.AwayFromZero);
}

public sealed record ProjectIncidentRow(ReportProject Project, IncidentFigures Figures, IReadOnlyList<CountedIncident> Incidents);

public sealed record ProjectTypeIncidentRow(int TypeId, string TypeName, int Projects, IncidentFigures Figures);

/// <summary>
/// Project-caused incidents over a period, per project and per project type, and the share of incidents raised during a
/// project's engagements or hypercare that were attributed to it. No I/O: the caller reads the projects, incidents and
/// verdicts.
/// </summary>
/// <remarks>
/// <para><b>The counting rule.</b> Only incidents count (not service requests), by the instant they were created, which
/// must fall in the period [start, end).</para>
/// <list type="bullet">
/// <item><b>Caused</b> by project P: the incident carries the verdict "caused by P".</item>
/// <item><b>Exposed</b> to P: the incident belongs to P's client and was created while one of P's engagements (not
/// cancelled) was running (start ≤ created &lt; end), or while P was in hypercare (hypercare start ≤ created &lt;
/// hypercare end; a hypercare ended early counts until it actually ended).</item>
/// <item><b>Attributed</b>: exposed to P and caused by P. A "caused by" verdict against another project does not count
/// for P.</item>
/// <item><b>Share</b> for P = attributed ÷ exposed. The exposed incidents split into attributed, "not related", and no
/// verdict yet, so the share can be rechecked line by line.</item>
/// </list>
/// <para>
/// Per project type and in total an incident counts once, however many projects it touches: caused = incidents caused by
/// at least one project of the type; exposed = incidents exposed to at least one; attributed = incidents attributed to
/// at least one project they were exposed to. An exposed incident with no attribution to any of them counts as "not
/// related" when one of them was given that verdict, otherwise as "no verdict".
/// </para>
/// </remarks>
public sealed class ProjectIncidentReport
{
    private ProjectIncidentReport(IReadOnlyList<ProjectIncidentRow> projects, IReadOnlyList<ProjectTypeIncidentRow> types, IncidentFigures total)
    {
        Projects = projects;
        Types = types;
        Total = total;
    }

    /// <summary>Projects that caused an incident in the period or had an engagement or hypercare in it; most caused first.</summary>
    public IReadOnlyList<ProjectIncidentRow> Projects { get; }

    public IReadOnlyList<ProjectTypeIncidentRow> Types { get; }

    public IncidentFigures Total { get; }

    /// <summary>
    /// Counts the incidents created in [<paramref name="start"/>, <paramref name="end"/>) against the projects. Projects
    /// with neither a caused incident nor any engagement or hypercare in the period are left out.
    /// </summary>
    public static ProjectIncidentReport Compute(
        IEnumerable<ReportProject> projects, IEnumerable<ReportIncident> incidents, IEnumerable<ReportAttribution> attributions,
        DateTimeOffset start, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(incidents);
        ArgumentNullException.ThrowIfNull(attributions);
        var inPeriod = incidents.Where(i => i.CreatedAt >= start && i.CreatedAt < end).DistinctBy(i => i.Id).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).ToList();
        var byClient = inPeriod.ToLookup(i => i.ClientId);
        var verdicts = attributions.GroupBy(a => (a.TicketId, a.ProjectId)).ToDictionary(g => g.Key, g => g.Last().Verdict);
        var incidentsById = inPeriod.ToDictionary(i => i.Id);
        var causedBy = verdicts
            .Where(v => v.Value == AttributionVerdict.CausedBy && incidentsById.ContainsKey(v.Key.TicketId))
            .ToLookup(v => v.Key.ProjectId, v => v.Key.TicketId);

        var rows = new List<ProjectIncidentRow>();
        foreach (var project in projects.DistinctBy(p => p.Id))
        {
            var counted = new List<CountedIncident>();
            var caused = causedBy[project.Id].ToHashSet();
            foreach (var incident in byClient[project.ClientId])
            {
                var exposure = ExposureOf(project, incident.CreatedAt);
                var verdict = verdicts.TryGetValue((incident.Id, project.Id), out var v) ? v : (AttributionVerdict?)null;
                if (exposure is not null || caused.Contains(incident.Id))
                {
                    counted.Add(new CountedIncident(incident, verdict, exposure));
                }
            }

            if (counted.Count > 0 || HasWorkIn(project, start, end))
            {
                rows.Add(new ProjectIncidentRow(project, Figures(counted.Select(c => new[] { c })), counted));
            }
        }

        var types = rows
            .GroupBy(r => (r.Project.TypeId, r.Project.TypeName))
            .Select(g => new ProjectTypeIncidentRow(g.Key.TypeId, g.Key.TypeName, g.Count(), Figures(PerIncident(g))))
            .OrderByDescending(t => t.Figures.Caused).ThenBy(t => t.TypeName, StringComparer.CurrentCulture)
            .ToList();
        return new ProjectIncidentReport(
            [.. rows.OrderByDescending(r => r.Figures.Caused).ThenByDescending(r => r.Figures.Exposed).ThenBy(r => r.Project.Number, StringComparer.Ordinal)],
            types,
            Figures(PerIncident(rows)));
    }

    /// <summary>Whether the incident's creation fell in an engagement of the project (checked first) or in its hypercare.</summary>
    public static Exposure? ExposureOf(ReportProject project, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project.Engagements.Any(e => e.StartsAt <= createdAt && createdAt < e.EndsAt))
        {
            return Exposure.Engagement;
        }

        return project.HypercareStartedAt is { } from && project.HypercareEndsAt is { } to && from <= createdAt && createdAt < to
            ? Exposure.Hypercare
            : null;
    }

    private static bool HasWorkIn(ReportProject project, DateTimeOffset start, DateTimeOffset end) =>
        project.Engagements.Any(e => e.StartsAt < end && e.EndsAt > start)
        || (project.HypercareStartedAt is { } from && project.HypercareEndsAt is { } to && from < end && to > start);

    /// <summary>The counted lines of several projects, grouped by incident, so each incident counts once.</summary>
    private static IEnumerable<IReadOnlyList<CountedIncident>> PerIncident(IEnumerable<ProjectIncidentRow> rows) =>
        rows.SelectMany(r => r.Incidents).GroupBy(c => c.Incident.Id).Select(g => (IReadOnlyList<CountedIncident>)[.. g]);

    /// <summary>Each group is one incident's lines (one per project it counts against).</summary>
    private static IncidentFigures Figures(IEnumerable<IReadOnlyList<CountedIncident>> incidents)
    {
        int caused = 0, exposed = 0, attributed = 0, notRelated = 0, noVerdict = 0;
        foreach (var lines in incidents)
        {
            if (lines.Any(l => l.Caused))
            {
                caused++;
            }

            var exposures = lines.Where(l => l.Exposure is not null).ToList();
            if (exposures.Count == 0)
            {
                continue;
            }

            exposed++;
            if (exposures.Any(l => l.Attributed))
            {
                attributed++;
            }
            else if (exposures.Any(l => l.Verdict == AttributionVerdict.NotRelated))
            {
                notRelated++;
            }
            else
            {
                noVerdict++;
            }
        }

        return new IncidentFigures(caused, exposed, attributed, notRelated, noVerdict);
    }
}
