using System.Globalization;
using Baton.Domain.ServiceLevels;
using Baton.Web.Features.Shared;

namespace Baton.Web.Features.Reports;

/// <summary>The report's ticket list as CSV, in the dialect of <see cref="Csv"/>.</summary>
public static class SlaComplianceCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "number", "title", "client", "contract", "priority", "created",
        "first_response_target_minutes", "first_response_elapsed_minutes", "first_response_outcome",
        "resolution_target_minutes", "resolution_elapsed_minutes", "resolution_outcome",
    ];

    public static byte[] Write(ComplianceReport report) => Csv.Write(Header, report.Tickets.Select(string[] (t) =>
    [
        Csv.Text(t.Number), Csv.Text(t.Title), Csv.Text(t.ClientName), Csv.Text(t.ContractName ?? ""), t.Priority.ToString(),
        Csv.Time(t.CreatedAt),
        Number(t.FirstResponse.Target), Number(t.FirstResponse.Elapsed), t.FirstResponseOutcome.ToString(),
        Number(t.Resolution.Target), Number(t.Resolution.Elapsed), t.ResolutionOutcome.ToString(),
    ]));

    public static string FileName(ReportScope scope) =>
        $"sla-compliance-{(scope.ClientId is { } id ? $"client-{id.ToString(CultureInfo.InvariantCulture)}" : "all-clients")}"
        + $"{(scope.ContractId is { } c ? $"-contract-{c.ToString(CultureInfo.InvariantCulture)}" : "")}-{ReportPeriods.Iso(scope.From)}-to-{ReportPeriods.Iso(scope.To)}.csv";

    private static string Number(TimeSpan span) => SlaCompliance.Minutes(span).ToString("0.##", CultureInfo.InvariantCulture);
}
