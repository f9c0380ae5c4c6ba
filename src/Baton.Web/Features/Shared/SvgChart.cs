using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;

namespace Baton.Web.Features.Shared;

/// <summary>One series of a chart: a name for the legend, a colour, and one value per label (null: no value).</summary>
public sealed record ChartSeries(string Name, string Colour, IReadOnlyList<double?> Values);

/// <summary>
/// What a chart shows. <paramref name="Summary"/> is the one-sentence description screen readers get with the title;
/// <paramref name="CategoryName"/> heads the label column of the data table ("Week"); <paramref name="Maximum"/> fixes the
/// value axis (a rating out of 5), otherwise it is rounded up from the data.
/// </summary>
public sealed partial record Chart(
    string Id,
    string Title,
    string Summary,
    string CategoryName,
    IReadOnlyList<string> Labels,
    IReadOnlyList<ChartSeries> Series,
    string ValueName,
    double? Maximum = null,
    string Format = "0")
{
    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    internal static partial Regex SafeId();
}

/// <summary>
/// Draws charts as SVG on the server: stacked bars, horizontal bars and lines, with axis labels, a legend, a title and
/// description for assistive technology (<c>role="img"</c>, <c>aria-labelledby</c>) and a tooltip per mark; and the same
/// numbers as an HTML table, the fallback for anyone the picture does not serve. Pure string building: no script, and
/// no <c>style</c> attribute anywhere (the CSP forbids inline styles), only presentation attributes such as <c>fill</c>,
/// so the markup also works in e-mail and print.
/// </summary>
public static class SvgChart
{
    public const int Width = 640;
    public const int Height = 300;
    private const double Left = 56;
    private const double Right = 16;
    private const double Top = 20;
    private const double PlotBottom = Height - 58;
    private const string Ink = "#1d2330";
    private const string Muted = "#5b6475";
    private const string Grid = "#d9dee7";

    /// <summary>Bars per label, the series stacked in order from the axis up (one series: plain bars), with each total on top.</summary>
    public static string StackedBars(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var totals = chart.Labels.Select((_, i) => chart.Series.Sum(s => Value(s, i) ?? 0)).ToList();
        var top = Scale(chart, totals.DefaultIfEmpty(0).Max());
        var svg = Open(chart);
        ValueAxis(svg, chart, top);
        var band = PlotWidth / Math.Max(1, chart.Labels.Count);
        var barWidth = band * 0.6;
        for (var i = 0; i < chart.Labels.Count; i++)
        {
            var x = Left + (i * band) + ((band - barWidth) / 2);
            var baseline = PlotBottom;
            foreach (var series in chart.Series)
            {
                if (Value(series, i) is not { } v || v <= 0)
                {
                    continue;
                }

                var h = v / top * PlotHeight;
                baseline -= h;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(baseline)}\" width=\"{N(barWidth)}\" height=\"{N(h)}\" fill=\"{E(series.Colour)}\">")
                    .Append("<title>").Append(E($"{chart.Labels[i]} · {series.Name}: {F(chart, v)}")).Append("</title></rect>");
            }

            if (totals[i] > 0)
            {
                Text(svg, x + (barWidth / 2), baseline - 4, F(chart, totals[i]), "middle", Ink);
            }

            Text(svg, x + (barWidth / 2), PlotBottom + 16, chart.Labels[i], "middle", Muted);
        }

        return Close(svg, chart);
    }

    /// <summary>One horizontal bar per label (the first series), labels on the left, values at the bar's end: for long names.</summary>
    public static string HorizontalBars(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var series = chart.Series.Count > 0 ? chart.Series[0] : new ChartSeries(chart.ValueName, "#0072b2", []);
        var top = Scale(chart, chart.Labels.Select((_, i) => Value(series, i) ?? 0).DefaultIfEmpty(0).Max());
        var svg = Open(chart);
        const double labelWidth = 180;
        var plotLeft = Left + labelWidth - 40;
        var width = Width - Right - plotLeft - 40;
        var row = (PlotBottom - Top) / Math.Max(1, chart.Labels.Count);
        var barHeight = Math.Min(28, row * 0.65);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(plotLeft)}\" y1=\"{N(Top)}\" x2=\"{N(plotLeft)}\" y2=\"{N(PlotBottom)}\" stroke=\"{Muted}\" stroke-width=\"1\" />");
        for (var i = 0; i < chart.Labels.Count; i++)
        {
            var y = Top + (i * row) + ((row - barHeight) / 2);
            var v = Value(series, i) ?? 0;
            var w = v / top * width;
            Text(svg, plotLeft - 6, y + (barHeight / 2) + 4, Shorten(chart.Labels[i], 26), "end", Ink);
            if (v > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(plotLeft)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(barHeight)}\" fill=\"{E(series.Colour)}\">")
                    .Append("<title>").Append(E($"{chart.Labels[i]}: {F(chart, v)}")).Append("</title></rect>");
            }

            Text(svg, plotLeft + w + 6, y + (barHeight / 2) + 4, F(chart, v), "start", Ink);
        }

        Text(svg, plotLeft + (width / 2), PlotBottom + 34, chart.ValueName, "middle", Muted);
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>One line per series through its values (a gap where a value is missing), a dot with a tooltip at each value.</summary>
    public static string Lines(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var top = Scale(chart, chart.Series.SelectMany(s => s.Values).Select(v => v ?? 0).DefaultIfEmpty(0).Max());
        var svg = Open(chart);
        ValueAxis(svg, chart, top);
        var band = PlotWidth / Math.Max(1, chart.Labels.Count);
        double X(int i) => Left + (i * band) + (band / 2);
        double Y(double v) => PlotBottom - (v / top * PlotHeight);
        for (var i = 0; i < chart.Labels.Count; i++)
        {
            Text(svg, X(i), PlotBottom + 16, chart.Labels[i], "middle", Muted);
        }

        foreach (var series in chart.Series)
        {
            var segment = new List<string>();
            void Flush()
            {
                if (segment.Count > 1)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', segment)}\" fill=\"none\" stroke=\"{E(series.Colour)}\" stroke-width=\"2.5\" stroke-linejoin=\"round\" />");
                }

                segment.Clear();
            }

            for (var i = 0; i < chart.Labels.Count; i++)
            {
                if (Value(series, i) is { } v)
                {
                    segment.Add($"{N(X(i))},{N(Y(v))}");
                }
                else
                {
                    Flush();
                }
            }

            Flush();
            for (var i = 0; i < chart.Labels.Count; i++)
            {
                if (Value(series, i) is { } v)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(i))}\" cy=\"{N(Y(v))}\" r=\"4\" fill=\"{E(series.Colour)}\">")
                        .Append("<title>").Append(E($"{chart.Labels[i]} · {series.Name}: {F(chart, v)}")).Append("</title></circle>");
                }
            }
        }

        return Close(svg, chart);
    }

    /// <summary>The chart's numbers as a table (caption, column and row headers; "—" for a missing value).</summary>
    public static string Table(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var html = new StringBuilder();
        html.Append("<table class=\"chart-data\"><caption>").Append(E(chart.Title)).Append("</caption><thead><tr><th scope=\"col\">").Append(E(chart.CategoryName)).Append("</th>");
        foreach (var series in chart.Series)
        {
            html.Append("<th scope=\"col\">").Append(E(series.Name)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        for (var i = 0; i < chart.Labels.Count; i++)
        {
            html.Append("<tr><th scope=\"row\">").Append(E(chart.Labels[i])).Append("</th>");
            foreach (var series in chart.Series)
            {
                html.Append("<td>").Append(Value(series, i) is { } v ? E(F(chart, v)) : "—").Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>The top of the value axis: the fixed maximum, or the data's maximum rounded up to a whole number of ticks.</summary>
    public static double Scale(Chart chart, double dataMax)
    {
        if (chart.Maximum is { } fixedMax && fixedMax > 0)
        {
            return fixedMax;
        }

        var step = Step(chart, dataMax);
        return Math.Max(step, Math.Ceiling(dataMax / step) * step);
    }

    private static double Step(Chart chart, double top)
    {
        if (top <= 0)
        {
            return 1;
        }

        var raw = top / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var residual = raw / magnitude;
        var nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
        var step = nice * magnitude;
        return chart.Format == "0" ? Math.Max(1, Math.Round(step)) : step;
    }

    private static double PlotWidth => Width - Left - Right;

    private static double PlotHeight => PlotBottom - Top;

    private static StringBuilder Open(Chart chart)
    {
        if (!Chart.SafeId().IsMatch(chart.Id))
        {
            throw new ArgumentException($"Chart id '{chart.Id}' must be lower-case letters, digits and hyphens.", nameof(chart));
        }

        var svg = new StringBuilder(4096);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{chart.Id}\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{chart.Id}-title {chart.Id}-desc\" font-family=\"system-ui, sans-serif\" font-size=\"12\">")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"{chart.Id}-title\">").Append(E(chart.Title)).Append("</title>")
            .Append(CultureInfo.InvariantCulture, $"<desc id=\"{chart.Id}-desc\">").Append(E(chart.Summary)).Append("</desc>");
        return svg;
    }

    /// <summary>Grid lines and tick values, the axes, and the value axis's name written up the left side.</summary>
    private static void ValueAxis(StringBuilder svg, Chart chart, double top)
    {
        var step = chart.Maximum is { } m && m > 0 ? Step(chart, m) : Step(chart, top);
        for (var tick = 0.0; tick <= top + (step / 1000); tick += step)
        {
            var y = PlotBottom - (tick / top * PlotHeight);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" y1=\"{N(y)}\" x2=\"{N(Width - Right)}\" y2=\"{N(y)}\" stroke=\"{Grid}\" stroke-width=\"1\" />");
            Text(svg, Left - 6, y + 4, F(chart, tick), "end", Muted);
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" y1=\"{N(PlotBottom)}\" x2=\"{N(Width - Right)}\" y2=\"{N(PlotBottom)}\" stroke=\"{Muted}\" stroke-width=\"1\" />");
        var middle = Top + (PlotHeight / 2);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{N(middle)}\" text-anchor=\"middle\" fill=\"{Muted}\" transform=\"rotate(-90 14 {N(middle)})\">").Append(E(chart.ValueName)).Append("</text>");
    }

    /// <summary>The legend under the axis, then the end of the picture.</summary>
    private static string Close(StringBuilder svg, Chart chart)
    {
        var x = Left;
        var y = Height - 18.0;
        foreach (var series in chart.Series)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y - 10)}\" width=\"12\" height=\"12\" fill=\"{E(series.Colour)}\" />");
            Text(svg, x + 17, y, series.Name, "start", Ink);
            x += 34 + (series.Name.Length * 6.5);
        }

        return svg.Append("</svg>").ToString();
    }

    private static void Text(StringBuilder svg, double x, double y, string text, string anchor, string fill) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\" fill=\"{fill}\">").Append(E(text)).Append("</text>");

    private static double? Value(ChartSeries series, int i) => i < series.Values.Count ? series.Values[i] : null;

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string F(Chart chart, double v) => v.ToString(chart.Format, CultureInfo.InvariantCulture);

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => HtmlEncoder.Default.Encode(text);
}
