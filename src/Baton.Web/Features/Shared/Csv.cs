using System.Globalization;
using System.Text;

namespace Baton.Web.Features.Shared;

/// <summary>
/// The one CSV dialect every report downloads in (RFC 4180: comma-separated, CRLF line ends, fields with a comma,
/// quote or line break quoted, quotes doubled), UTF-8 with a byte-order mark so spreadsheet programs read names
/// correctly. A text field that a spreadsheet would take for a formula (=, +, -, @, tab, CR) gets a leading apostrophe
/// (OWASP CSV injection): pass every free-text field through <see cref="Text"/>.
/// </summary>
public static class Csv
{
    /// <summary>The whole file: the header line, then one line per row.</summary>
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder();
        Line(csv, header);
        foreach (var row in rows)
        {
            Line(csv, row);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    /// <summary>Free text, defused: a leading apostrophe where a spreadsheet would start a formula.</summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }

    /// <summary>An instant as the reports write it: UTC, to the second, ISO 8601.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder csv, IReadOnlyList<string> fields)
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
