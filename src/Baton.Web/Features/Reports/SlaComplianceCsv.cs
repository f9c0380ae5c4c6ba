using System.Globalization;
using System.Text;
using Baton.Domain.ServiceLevels;

namespace Baton.Web.Features.Reports;

/// <summary>
/// The report's ticket list as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line break
/// quoted, quotes doubled), UTF-8 with a byte-order mark so spreadsheet programs read names correctly. A text field
/// that a spreadsheet would take for a formula (=, +, -, @, tab, CR) gets a leading apostrophe (OWASP CSV injection).
/// </summary>
public static class SlaComplianceCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "number", "title", "client", "contract", "priority", "created",
        "first_response_target_minutes", "first_response_elapsed_minutes", "first_response_outcome",
        "resolution_target_minutes", "resolution_elapsed_minutes", "resolution_outcome",
    ];

    public static byte[] Write(ComplianceReport report)
    {
        var csv = new StringBuilder();
        Line(csv, Header);
        foreach (var t in report.Tickets)
        {
            Line(csv,
            [
                Text(t.Number), Text(t.Title), Text(t.ClientName), Text(t.ContractName ?? ""), t.Priority.ToString(),
                t.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                Number(t.FirstResponse.Target), Number(t.FirstResponse.Elapsed), t.FirstResponseOutcome.ToString(),
                Number(t.Resolution.Target), Number(t.Resolution.Elapsed), t.ResolutionOutcome.ToString(),
            ]);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static string FileName(SlaReportScope scope) =>
        $"sla-compliance-{(scope.ClientId is { } id ? $"client-{id.ToString(CultureInfo.InvariantCulture)}" : "all-clients")}"
        + $"{(scope.ContractId is { } c ? $"-contract-{c.ToString(CultureInfo.InvariantCulture)}" : "")}-{SlaCompliance.Iso(scope.From)}-to-{SlaCompliance.Iso(scope.To)}.csv";

    private static string Number(TimeSpan span) => SlaCompliance.Minutes(span).ToString("0.##", CultureInfo.InvariantCulture);

    internal static string Text(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    internal static void Line(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                csv.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                csv.Append(field);
            }
        }

        csv.Append("\r\n");
    }
}
