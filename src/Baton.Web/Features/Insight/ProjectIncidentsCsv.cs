using System.Globalization;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Web.Features.Shared;

namespace Baton.Web.Features.Insight;

/// <summary>
/// Every incident the report counted, one line per project it counts against, in the same CSV dialect as the SLA
/// report (<see cref="Csv"/>), so a spreadsheet can recount each figure.
/// </summary>
public static class ProjectIncidentsCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "project_number", "project_name", "project_type", "client", "ticket_number", "ticket_title", "created",
        "exposure", "verdict", "caused", "attributed",
    ];

    public static byte[] Write(ProjectIncidentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Csv.Write(Header, report.Projects.SelectMany(row => row.Incidents.Select(string[] (c) =>
        [
            Csv.Text(row.Project.Number), Csv.Text(row.Project.Name), Csv.Text(row.Project.TypeName), Csv.Text(row.Project.ClientName),
            Csv.Text(c.Incident.Number), Csv.Text(c.Incident.Title), Csv.Time(c.Incident.CreatedAt),
            c.Exposure?.ToString() ?? "", c.Verdict?.ToString() ?? "", c.Caused ? "yes" : "no", c.Attributed ? "yes" : "no",
        ])));
    }

    public static string FileName(ReportScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return $"project-incidents-{(scope.ClientId is { } id ? $"client-{id.ToString(CultureInfo.InvariantCulture)}" : "all-clients")}"
            + $"-{ReportPeriods.Iso(scope.From)}-to-{ReportPeriods.Iso(scope.To)}.csv";
    }
}
