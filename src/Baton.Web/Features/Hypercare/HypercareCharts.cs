using Baton.Domain.Hypercare;
using Baton.Domain.Tickets;
using Baton.Web.Features.Shared;

namespace Baton.Web.Features.Hypercare;

/// <summary>The dashboard's charts, from its figures. Colours from the Okabe–Ito palette (told apart with colour-blindness too).</summary>
public static class HypercareCharts
{
    public const string PrioritiesId = "chart-priority";
    public const string ScopesId = "chart-scope";
    public const string OpenResolvedId = "chart-open-resolved";
    public const string TimeToResolveId = "chart-time-to-resolve";
    public const string CategoriesId = "chart-categories";
    public const string FeedbackId = "chart-feedback";

    private static readonly Dictionary<Priority, string> PriorityColours = new()
    {
        [Priority.P1] = "#d55e00", [Priority.P2] = "#e69f00", [Priority.P3] = "#0072b2", [Priority.P4] = "#999999",
    };

    private static readonly Dictionary<HypercareScope, string> ScopeColours = new()
    {
        [HypercareScope.Operational] = "#009e73", [HypercareScope.Application] = "#0072b2", [HypercareScope.Technological] = "#cc79a7",
    };

    /// <summary>How a chart is drawn: stacked bars, horizontal bars or lines.</summary>
    public static string Draw(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return chart.Id switch
        {
            OpenResolvedId or FeedbackId => SvgChart.Lines(chart),
            CategoriesId => SvgChart.HorizontalBars(chart),
            _ => SvgChart.StackedBars(chart),
        };
    }

    public static IReadOnlyList<Chart> For(HypercareDashboard d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var labels = d.Weeks.Select(w => $"W{w.Week}").ToList();
        var weeks = d.Weeks.Count == 1 ? "week 1" : $"weeks 1–{d.Weeks.Count}";
        List<double?> Per(Func<HypercareWeekFigures, double?> value) => [.. d.Weeks.Select(value)];
        return
        [
            new Chart(PrioritiesId, "Tickets per week by priority",
                $"Hypercare tickets opened in each of {weeks}, stacked by priority: {d.ByPriority.P1} P1, {d.ByPriority.P2} P2, {d.ByPriority.P3} P3, {d.ByPriority.P4} P4 in all.",
                "Week", labels,
                [.. Enum.GetValues<Priority>().Select(p => new ChartSeries(p.ToString(), PriorityColours[p], Per(w => w.Opened[p])))],
                "Tickets"),
            new Chart(ScopesId, "Tickets per week by scope",
                $"Hypercare tickets opened in each of {weeks}, stacked by scope: {d.ByScope.Operational} operational, {d.ByScope.Application} application, {d.ByScope.Technological} technological in all.",
                "Week", labels,
                [.. Enum.GetValues<HypercareScope>().Select(s => new ChartSeries(HypercareRoleAssignment.Describe(s), ScopeColours[s], Per(w => w.OpenedByScope[s])))],
                "Tickets"),
            new Chart(OpenResolvedId, "Open and resolved over time",
                $"Hypercare tickets open and resolved at the end of each week (now for the week in progress); now {d.Open} open and {d.Resolved} resolved.",
                "Week", labels,
                [new ChartSeries("Open", "#d55e00", Per(w => w.OpenAtEnd)), new ChartSeries("Resolved", "#009e73", Per(w => w.ResolvedAtEnd))],
                "Tickets"),
            new Chart(TimeToResolveId, "Mean time to resolve (hours)",
                $"Mean hours from opening to resolution of the tickets resolved in each week; over the whole period {(HypercareApi.Hours(d.MeanTimeToResolve) is { } h ? $"{h} hours" : "no ticket is resolved yet")}.",
                "Week", labels,
                [new ChartSeries("Mean hours to resolve", "#56b4e9", Per(w => (double?)HypercareApi.Hours(w.MeanTimeToResolve)))],
                "Hours", Format: "0.#"),
            new Chart(CategoriesId, "Top categories",
                d.TopCategories.Count == 0 ? "No hypercare tickets yet." : $"The {d.TopCategories.Count} categories with most hypercare tickets; first {d.TopCategories[0].Category} with {d.TopCategories[0].Tickets}.",
                "Category", [.. d.TopCategories.Select(c => c.Category)],
                [new ChartSeries("Tickets", "#0072b2", [.. d.TopCategories.Select(c => (double?)c.Tickets)])],
                "Tickets"),
            new Chart(FeedbackId, "User feedback (mean rating, 1–5)",
                d.FeedbackCount == 0 ? "No feedback yet." : $"Mean rating of the client's users in each week; {d.FeedbackCount} ratings in all, mean {d.FeedbackMean}.",
                "Week", labels,
                [new ChartSeries("Mean rating", "#0072b2", Per(w => (double?)w.FeedbackMean))],
                "Rating", Maximum: 5, Format: "0.0"),
        ];
    }
}
