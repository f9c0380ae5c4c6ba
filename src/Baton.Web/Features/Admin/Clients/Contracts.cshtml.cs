using Baton.Domain;
using Baton.Domain.ServiceLevels;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin.Clients;

/// <summary>
/// A client's contracts: period, SLA policy, coverage hours, covered services and items, exclusions. One form adds
/// a contract, or edits the one chosen with ?edit=. Periods of one client may not overlap.
/// </summary>
public sealed class ContractsModel(BatonDb db, TimeProvider clock) : PageModel
{
    public sealed record ContractInput
    {
        public int? Id { get; set; }
        public string? Name { get; set; }
        public DateOnly? StartsOn { get; set; }
        public DateOnly? EndsOn { get; set; }
        public int? SlaPolicyId { get; set; }
        public int? CoverageCalendarId { get; set; }
        public List<int> CoveredCategoryIds { get; set; } = [];
        public List<int> CoveredItemIds { get; set; } = [];
        public string? Exclusions { get; set; }
    }

    public sealed record ContractRow(int Id, string Name, DateOnly StartsOn, DateOnly? EndsOn, ContractStatus Status, string Policy, string Calendar, string Services, string Items, IReadOnlyList<string> Exclusions);
    public sealed record Option(int Id, string Name);

    [BindProperty]
    public ContractInput Input { get; set; } = new();

    public int ClientId { get; private set; }
    public string ClientName { get; private set; } = "";
    public List<ContractRow> Contracts { get; private set; } = [];
    public List<Option> Policies { get; private set; } = [];
    public List<Option> Calendars { get; private set; } = [];
    public List<Option> Categories { get; private set; } = [];
    public List<Option> Items { get; private set; } = [];

    public static string Label(ContractStatus status) => status switch
    {
        ContractStatus.Upcoming => "Upcoming",
        ContractStatus.InForce => "In force",
        ContractStatus.Ended => "Ended",
        _ => status.ToString(),
    };

    public async Task<IActionResult> OnGetAsync(int id, int? edit, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (edit is not null)
        {
            var contract = await db.Contracts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == edit && c.ClientId == id, ct);
            if (contract is null)
            {
                return NotFound();
            }

            Input = new ContractInput
            {
                Id = contract.Id, Name = contract.Name, StartsOn = contract.StartsOn, EndsOn = contract.EndsOn, SlaPolicyId = contract.SlaPolicyId,
                CoverageCalendarId = contract.CoverageCalendarId, CoveredCategoryIds = [.. contract.CoveredCategoryIds],
                CoveredItemIds = [.. contract.CoveredItemIds], Exclusions = contract.Exclusions,
            };
        }
        else
        {
            Input.StartsOn = Today;
            Input.SlaPolicyId = await db.SlaPolicies.Where(p => p.IsDefault).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Input));
        if (ModelState.HasBindingErrors(nameof(Input)))
        {
            return await RedisplayAsync(id, ct);
        }

        if (Input.StartsOn is null)
        {
            ModelState.AddModelError("Input.StartsOn", "Give the first day the contract is in force.");
            return await RedisplayAsync(id, ct);
        }

        Contract? contract;
        try
        {
            contract = await SaveContract.ExecuteAsync(db, id, Input.Id, new ContractTerms(
                Input.Name ?? "", Input.StartsOn.Value, Input.EndsOn, Input.SlaPolicyId ?? 0, Input.CoverageCalendarId,
                Input.CoveredCategoryIds, Input.CoveredItemIds, Input.Exclusions?.Replace("\r", "", StringComparison.Ordinal)), ct);
        }
        catch (Exception e) when (this.Refused(nameof(Input), e))
        {
            return await RedisplayAsync(id, ct);
        }

        if (contract is null)
        {
            return NotFound();
        }

        TempData["Flash"] = Input.Id is null ? $"Contract {contract.Name} added." : $"Contract {contract.Name} saved.";
        return RedirectToPage(new { id });
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private async Task<IActionResult> RedisplayAsync(int id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.Id, c.Name }).SingleOrDefaultAsync(ct);
        if (client is null)
        {
            return false;
        }

        (ClientId, ClientName) = (client.Id, client.Name);
        Policies = await db.SlaPolicies.AsNoTracking().OrderBy(p => p.Name).Select(p => new Option(p.Id, p.Name)).ToListAsync(ct);
        Calendars = await db.ServiceCalendars.AsNoTracking().OrderByDescending(c => c.IsBuiltIn).ThenBy(c => c.Name).Select(c => new Option(c.Id, c.Name)).ToListAsync(ct);
        Items = await db.ConfigurationItems.AsNoTracking().Where(i => i.ClientId == id).OrderBy(i => i.Name).Select(i => new Option(i.Id, i.Name)).ToListAsync(ct);
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.ClientId == id).OrderBy(c => c.StartsOn).ToListAsync(ct);

        // Active categories, plus inactive ones a contract still names, so editing it does not silently drop them.
        var named = contracts.SelectMany(c => c.CoveredCategoryIds).Concat(Input.CoveredCategoryIds).Distinct().ToList();
        var categories = await db.Categories.AsNoTracking().Where(c => c.IsActive || named.Contains(c.Id)).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name, c.IsActive }).ToListAsync(ct);
        Categories = categories.Select(c => new Option(c.Id, c.IsActive ? c.Name : c.Name + " (inactive)")).ToList();

        string Names(IReadOnlyList<int> ids, List<Option> options, string all) =>
            ids.Count == 0 ? all : string.Join(", ", ids.Select(i => options.FirstOrDefault(o => o.Id == i)?.Name ?? $"#{i}"));
        var today = Today;
        Contracts = contracts.Select(c => new ContractRow(
                c.Id, c.Name, c.StartsOn, c.EndsOn, SaveContract.StatusOn(today, c.StartsOn, c.EndsOn),
                Policies.FirstOrDefault(p => p.Id == c.SlaPolicyId)?.Name ?? "",
                c.CoverageCalendarId is { } cal ? Calendars.FirstOrDefault(o => o.Id == cal)?.Name ?? "" : "The policy's calendar",
                Names(c.CoveredCategoryIds, Categories, "All services"),
                Names(c.CoveredItemIds, Items, "All items"),
                c.ExclusionList))
            .ToList();
        return true;
    }
}
