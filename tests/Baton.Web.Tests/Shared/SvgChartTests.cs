using System.Text.RegularExpressions;
using System.Xml.Linq;
using Baton.Web.Features.Shared;

namespace Baton.Web.Tests.Shared;

/// <summary>The chart renderer on its own: pure string output, checked as XML.</summary>
public sealed partial class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static Chart Weekly(params ChartSeries[] series) =>
        new("chart-test", "Tickets per week", "Three weeks of tickets.", "Week", ["W1", "W2", "W3"], series, "Tickets");

    private static XElement Parse(string svg) => XElement.Parse(svg);

    [Fact]
    public void StackedBars_DrawsOneRectPerNonZeroValue_WithTooltipsLabelsAndTotals()
    {
        var svg = Parse(SvgChart.StackedBars(Weekly(
            new ChartSeries("P1", "#d55e00", [1, 0, 2]),
            new ChartSeries("P2", "#e69f00", [3, 0, null]))));

        var bars = svg.Elements(Svg + "rect").Where(r => r.Element(Svg + "title") is not null).ToList();
        Assert.Equal(["W1 · P1: 1", "W1 · P2: 3", "W3 · P1: 2"], bars.Select(b => b.Element(Svg + "title")!.Value));
        Assert.Equal(["#d55e00", "#e69f00", "#d55e00"], bars.Select(b => (string)b.Attribute("fill")!));
        var texts = svg.Elements(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("W2", texts); // an empty week keeps its label
        Assert.Contains("4", texts); // week 1's total on top
        Assert.Contains("Tickets", texts); // the value axis is named
        Assert.Equal(["P1", "P2"], texts.Where(t => t is "P1" or "P2")); // the legend

        // P2 in week 1 sits on P1: its bottom is P1's top.
        var p1 = bars[0];
        var p2 = bars[1];
        Assert.Equal(double.Parse((string)p1.Attribute("y")!, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse((string)p2.Attribute("y")!, System.Globalization.CultureInfo.InvariantCulture) + double.Parse((string)p2.Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture), 0.2);
    }

    [Fact]
    public void Chart_IsAnAccessibleImage_WithTitleAndDescription_AndNoInlineStyle()
    {
        var markup = SvgChart.StackedBars(Weekly(new ChartSeries("P1", "#d55e00", [1, 2, 3])));
        var svg = Parse(markup);

        Assert.Equal("img", (string)svg.Attribute("role")!);
        Assert.Equal("chart-test-title chart-test-desc", (string)svg.Attribute("aria-labelledby")!);
        Assert.Equal("Tickets per week", svg.Element(Svg + "title")!.Value);
        Assert.Equal("chart-test-title", (string)svg.Element(Svg + "title")!.Attribute("id")!);
        Assert.Equal("Three weeks of tickets.", svg.Element(Svg + "desc")!.Value);
        Assert.DoesNotContain("style", markup, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_IsEncoded()
    {
        var markup = SvgChart.StackedBars(new Chart("chart-x", "<script>alert(1)</script>", "a & b", "Week", ["<b>W1</b>"], [new ChartSeries("\"P1\"", "red\" onload=\"x", [1])], "Tickets"));

        Assert.DoesNotContain("<script>", markup, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", markup, StringComparison.Ordinal);
        Assert.DoesNotContain("onload=\"", markup, StringComparison.Ordinal);
        Assert.Equal("<script>alert(1)</script>", Parse(markup).Element(Svg + "title")!.Value);
    }

    [Fact]
    public void Lines_BreakAtAMissingValue_AndMarkEachValue()
    {
        var svg = Parse(SvgChart.Lines(Weekly(new ChartSeries("Mean rating", "#0072b2", [4, null, 3]), new ChartSeries("Open", "#d55e00", [1, 2, 3])) with { Maximum = 5, Format = "0.0" }));

        var lines = svg.Elements(Svg + "polyline").ToList();
        Assert.Single(lines); // the rating has no two neighbouring values; "Open" is one line of three points
        Assert.Equal(3, ((string)lines[0].Attribute("points")!).Split(' ').Length);
        Assert.Equal(["W1 · Mean rating: 4.0", "W3 · Mean rating: 3.0", "W1 · Open: 1.0", "W2 · Open: 2.0", "W3 · Open: 3.0"],
            svg.Elements(Svg + "circle").Select(c => c.Element(Svg + "title")!.Value));
        Assert.Contains("5.0", svg.Elements(Svg + "text").Select(t => t.Value)); // the fixed top of a 1–5 scale
    }

    [Fact]
    public void HorizontalBars_LabelsEachRowWithItsValue()
    {
        var svg = Parse(SvgChart.HorizontalBars(new Chart("chart-cat", "Top categories", "Categories.", "Category", ["Software", "Network"], [new ChartSeries("Tickets", "#0072b2", [5, 2])], "Tickets")));

        Assert.Equal(["Software: 5", "Network: 2"], svg.Elements(Svg + "rect").Select(r => r.Element(Svg + "title")?.Value).OfType<string>());
        var texts = svg.Elements(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("Software", texts);
        Assert.Contains("5", texts);
    }

    [Fact]
    public void Table_HasCaptionHeadersAndADashForAMissingValue()
    {
        var html = SvgChart.Table(Weekly(new ChartSeries("P1", "#d55e00", [1, null, 2])));

        Assert.StartsWith("<table class=\"chart-data\"><caption>Tickets per week</caption>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">Week</th><th scope=\"col\">P1</th>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">W2</th><td>—</td></tr>", html, StringComparison.Ordinal);
        Assert.Equal(3, RowHeader().Count(html));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 3)]
    [InlineData(7, 8)]
    [InlineData(12, 15)]
    [InlineData(37, 40)]
    public void Scale_RoundsTheTopUpToWholeTicks(double max, double top) =>
        Assert.Equal(top, SvgChart.Scale(Weekly(), max));

    [Fact]
    public void Id_MustBeSafe() =>
        Assert.Throws<ArgumentException>(() => SvgChart.Lines(new Chart("x\" onload=\"y", "t", "s", "c", [], [], "v")));

    [GeneratedRegex("<th scope=\"row\">")]
    private static partial Regex RowHeader();
}
