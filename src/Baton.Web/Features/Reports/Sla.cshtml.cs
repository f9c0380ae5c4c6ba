using Baton.Domain.ServiceLevels;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Reports;

/// <summary>The SLA compliance report: filter (GET, so a report can be bookmarked), figures, breaches, every ticket, CSV.</summary>
public sealed class SlaModel(BatonDb db, TimeProvider clock) : PageModel
{
    // Same names as the API's query parameters, so one query string serves the page, the CSV and the API.
    [BindProperty(SupportsGet = true, Name = "clientId")]
    public int? ClientId { get; set; }

    [BindProperty(SupportsGet = true, Name = "contractId")]
    public int? ContractId { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    public ReportScope? Scope { get; private set; }
    public ComplianceReport? Report { get; private set; }
    public DateTimeOffset AsOf { get; private set; }

    /// <summary>Field → messages, for the form.</summary>
    public Dictionary<string, string[]> Errors { get; private set; } = [];

    public List<SelectListItem> Clients { get; private set; } = [];
    public List<SelectListItem> Contracts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadOptionsAsync(ct);
        if (await ScopeAsync(ct) is { } scope)
        {
            Scope = scope;
            Report = await SlaCompliance.RunAsync(db, scope, AsOf, ct);
        }
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await ScopeAsync(ct) is not { } scope)
        {
            return new ContentResult
            {
                StatusCode = StatusCodes.Status400BadRequest,
                ContentType = "text/plain; charset=utf-8",
                Content = string.Join("\n", Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))),
            };
        }

        var report = await SlaCompliance.RunAsync(db, scope, AsOf, ct);
        return File(SlaComplianceCsv.Write(report), "text/csv; charset=utf-8", SlaComplianceCsv.FileName(scope));
    }

    /// <summary>The query string of this report, for the CSV link.</summary>
    public Dictionary<string, string?> RouteValues() => new()
    {
        ["clientId"] = Scope?.ClientId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["contractId"] = Scope?.ContractId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["from"] = Scope is null ? null : ReportPeriods.Iso(Scope.From),
        ["to"] = Scope is null ? null : ReportPeriods.Iso(Scope.To),
    };

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task<ReportScope?> ScopeAsync(CancellationToken ct)
    {
        AsOf = clock.GetUtcNow();
        // A value that did not bind (a date like 2027-02-30) must not silently become "no filter".
        foreach (var (key, entry) in ModelState)
        {
            if (entry.Errors.Count > 0)
            {
                Errors[key] = [$"'{entry.AttemptedValue}' is not a valid {(key is "from" or "to" ? "date (yyyy-MM-dd)" : "choice")}."];
            }
        }

        if (Errors.Count > 0)
        {
            return null;
        }

        try
        {
            return await ReportPeriods.ResolveAsync(db, new ReportRequest(ClientId, ContractId, From, To), AsOf, ct);
        }
        catch (InputInvalidException e)
        {
            Errors = e.Errors;
            return null;
        }
    }

    private async Task LoadOptionsAsync(CancellationToken ct)
    {
        var clients = await db.Clients.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        Clients = [.. clients.Select(c => new SelectListItem(c.Name, c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Id == ClientId))];
        var names = clients.ToDictionary(c => c.Id, c => c.Name);
        var contracts = await db.Contracts.AsNoTracking().Select(c => new { c.Id, c.ClientId, c.Name, c.StartsOn, c.EndsOn }).ToListAsync(ct);
        Contracts =
        [
            .. contracts
                .OrderBy(c => names.GetValueOrDefault(c.ClientId), StringComparer.CurrentCulture).ThenBy(c => c.StartsOn)
                .Select(c => new SelectListItem(
                    $"{names.GetValueOrDefault(c.ClientId)}: {c.Name} ({ReportPeriods.Iso(c.StartsOn)} – {(c.EndsOn is { } e ? ReportPeriods.Iso(e) : "open-ended")})",
                    c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    c.Id == ContractId)),
        ];
    }
}
