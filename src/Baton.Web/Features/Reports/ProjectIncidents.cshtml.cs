using System.Globalization;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Insight;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Reports;

/// <summary>Project-caused incidents: the filter (GET, bookmarkable), totals, per type, per project with every counted incident, CSV.</summary>
public sealed class ProjectIncidentsModel(BatonDb db, TimeProvider clock) : PageModel
{
    // The API's query parameter names, so one query string serves the page, the CSV and the API.
    [BindProperty(SupportsGet = true, Name = "clientId")]
    public int? ClientId { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    public ReportScope? Scope { get; private set; }
    public ProjectIncidentReport? Report { get; private set; }

    /// <summary>Field → messages, for the form.</summary>
    public Dictionary<string, string[]> Errors { get; private set; } = [];

    public List<SelectListItem> Clients { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var clients = await db.Clients.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        Clients = [.. clients.Select(c => new SelectListItem(c.Name, c.Id.ToString(CultureInfo.InvariantCulture), c.Id == ClientId))];
        if (await CheckedScopeAsync(ct) is { } scope)
        {
            Scope = scope;
            Report = await ProjectIncidents.RunAsync(db, scope, ct);
        }
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await CheckedScopeAsync(ct) is not { } scope)
        {
            var message = string.Join("\n", Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
            return new ContentResult { StatusCode = StatusCodes.Status400BadRequest, ContentType = "text/plain; charset=utf-8", Content = message };
        }

        return File(ProjectIncidentsCsv.Write(await ProjectIncidents.RunAsync(db, scope, ct)), "text/csv; charset=utf-8", ProjectIncidentsCsv.FileName(scope));
    }

    /// <summary>The query string of this report, for the CSV link.</summary>
    public Dictionary<string, string?> RouteValues() => new()
    {
        ["clientId"] = Scope?.ClientId?.ToString(CultureInfo.InvariantCulture),
        ["from"] = Scope is null ? null : ReportPeriods.Iso(Scope.From),
        ["to"] = Scope is null ? null : ReportPeriods.Iso(Scope.To),
    };

    public bool Invalid(string field) => Errors.ContainsKey(field);

    public static string Percent(decimal? share) => share is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    public static string Verdict(AttributionVerdict? verdict) => verdict switch
    {
        AttributionVerdict.CausedBy => "Caused by",
        AttributionVerdict.NotRelated => "Not related",
        null => "No verdict",
    };

    public static string Exposure(Exposure? exposure) => exposure switch
    {
        Domain.Insight.Exposure.Engagement => "During an engagement",
        Domain.Insight.Exposure.Hypercare => "During hypercare",
        null => "Outside its work",
    };

    private async Task<ReportScope?> CheckedScopeAsync(CancellationToken ct)
    {
        // A value that did not bind (2027-02-30, a client "abc") must not silently become "no filter".
        Errors = ModelState.Where(e => e.Value?.Errors.Count > 0)
            .ToDictionary(e => e.Key, e => new[] { $"'{e.Value!.AttemptedValue}' is not a valid {(e.Key == "clientId" ? "client" : "date (yyyy-MM-dd)")}." });
        if (Errors.Count > 0)
        {
            return null;
        }

        try
        {
            return await ProjectIncidents.ResolveScopeAsync(db, ClientId, From, To, clock.GetUtcNow(), ct);
        }
        catch (InputInvalidException e)
        {
            Errors = e.Errors;
            return null;
        }
    }
}
