using Baton.Domain.Automation;
using Baton.Web.Data;
using Baton.Web.Features.Automation;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>The automation rules in the order they run: switch each on or off, move it, open it to edit or dry-run.</summary>
public sealed class RulesModel(BatonDb db, TimeProvider clock) : PageModel
{
    private const string PagePath = "/Admin/Rules";

    public List<AutomationRule> Rules { get; private set; } = [];

    /// <summary>What each rule did and was stopped from doing in the last 7 days, by rule id.</summary>
    public Dictionary<int, (int Acted, int Stopped)> LastWeek { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rules = await SaveRule.ListAsync(db, ct);
        var since = clock.GetUtcNow().AddDays(-7);
        LastWeek = (await db.AutomationRuns.AsNoTracking().Where(r => r.At >= since)
                .GroupBy(r => new { r.RuleId, r.Outcome }).Select(g => new { g.Key.RuleId, g.Key.Outcome, Count = g.Count() }).ToListAsync(ct))
            .GroupBy(x => x.RuleId)
            .ToDictionary(g => g.Key, g => (g.Where(x => x.Outcome == AutomationOutcome.Acted).Sum(x => x.Count), g.Where(x => x.Outcome == AutomationOutcome.StoppedByGuard).Sum(x => x.Count)));
    }

    public async Task<IActionResult> OnPostSwitchAsync(int id, bool enabled, CancellationToken ct) =>
        await SaveRule.SwitchAsync(db, id, null, enabled, CurrentUser.From(User).Actor, clock.GetUtcNow(), ct) is { } rule
            ? this.Done($"\"{rule.Name}\" is {(rule.IsEnabled ? "on" : "off")}.", PagePath)
            : NotFound();

    public async Task<IActionResult> OnPostMoveAsync(int id, bool up, CancellationToken ct) =>
        await SaveRule.MoveAsync(db, id, up, CurrentUser.From(User).Actor, clock.GetUtcNow(), ct) is { } rule
            ? this.Done($"\"{rule.Name}\" moved {(up ? "up" : "down")}.", PagePath)
            : NotFound();
}
