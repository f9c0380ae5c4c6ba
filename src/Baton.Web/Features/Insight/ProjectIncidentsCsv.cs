using System.Globalization;
using System.Text;
using Baton.Domain.Projects;
using Baton.Web.Features.Reports;

namespace Baton.Web.Features.Insight;

/// <summary>
/// Every incident the report counted, one line per project it counts against, in the same CSV dialect as the SLA
/// report (RFC 4180, UTF-8 with BOM, formula-looking text defused), so a spreadsheet can recount each figure.
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
        var csv = new StringBuilder();
        SlaComplianceCsv.Line(csv, Header);
        foreach (var row in report.Projects)
        {
            var p = row.Project;
            foreach (var c in row.Incidents)
            {
                SlaComplianceCsv.Line(csv,
                [
                    SlaComplianceCsv.Text(p.Number), SlaComplianceCsv.Text(p.Name), SlaComplianceCsv.Text(p.TypeName), SlaComplianceCsv.Text(p.ClientName),
                    SlaComplianceCsv.Text(c.Incident.Number), SlaComplianceCsv.Text(c.Incident.Title),
                    c.Incident.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    c.Exposure?.ToString() ?? "", c.Verdict?.ToString() ?? "", c.Caused ? "yes" : "no", c.Attributed ? "yes" : "no",
                ]);
            }
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static string FileName(SlaReportScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return $"project-incidents-{(scope.ClientId is { } id ? $"client-{id.ToString(CultureInfo.InvariantCulture)}" : "all-clients")}"
            + $"-{SlaCompliance.Iso(scope.From)}-to-{SlaCompliance.Iso(scope.To)}.csv";
    }
}
