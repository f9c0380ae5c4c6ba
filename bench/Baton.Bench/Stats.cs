using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Baton.Bench;

/// <summary>Latencies of one measured series, in milliseconds; percentiles by nearest rank.</summary>
internal sealed class Latencies
{
    private readonly List<double> _ms = [];

    public int Count => _ms.Count;

    public void Add(double ms) => _ms.Add(ms);

    public void AddRange(Latencies other) => _ms.AddRange(other._ms);

    public static double Since(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;

    public Summary Summarise()
    {
        if (_ms.Count == 0)
        {
            return new Summary(0, 0, 0, 0, 0, 0);
        }

        var sorted = _ms.Order().ToArray();
        return new Summary(sorted.Length, sorted.Average(), At(sorted, 50), At(sorted, 95), At(sorted, 99), sorted[^1]);
    }

    private static double At(double[] sorted, double percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    internal sealed record Summary(int Count, double Mean, double P50, double P95, double P99, double Max);
}

/// <summary>A GitHub-flavoured Markdown table, so results paste straight into bench/README.md.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        sb.Append('|').AppendJoin('|', headers.Select(_ => " --- ")).AppendLine("|");
        foreach (var row in _rows)
        {
            sb.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        return sb.ToString();
    }
}

internal static class Format
{
    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    public static string N(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);
}
