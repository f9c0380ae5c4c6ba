using Baton.Domain.Audit;
using Baton.Domain.Automation;
using Baton.Web.Data;
using Baton.Web.Features.Automation;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>
/// Write one rule: when, if (up to <see cref="ConditionRows"/> conditions; blank rows are left out), then (up to
/// <see cref="ActionRows"/> actions). "Dry run" shows what it would do on the last 30 days' tickets without saving;
/// "Save" keeps it. The edits so far are listed below.
/// </summary>
public sealed class RuleModel(BatonDb db, TimeProvider clock) : PageModel
{
    public const int ConditionRows = 6;
    public const int ActionRows = 4;

    public sealed class ConditionRow
    {
        public RuleField? Field { get; set; }
        public RuleOperator? Operator { get; set; }
        public string? Value { get; set; }
    }

    public sealed class ActionRow
    {
        public RuleActionKind? Kind { get; set; }
        public string? Value { get; set; }
    }

    public sealed class RuleForm
    {
        public int? Id { get; set; }
        public int? Version { get; set; }
        public string? Name { get; set; }
        public RuleTrigger? Trigger { get; set; }
        public bool Enabled { get; set; } = true;
        public List<ConditionRow> Conditions { get; set; } = [];
        public List<ActionRow> Actions { get; set; } = [];
    }

    [BindProperty]
    public RuleForm Input { get; set; } = new();

    public DryRunResponse? DryRunResult { get; private set; }

    public PageProblem? Problem { get; private set; }

    public string? Key { get; private set; }

    public List<AuditEntry> History { get; private set; } = [];

    /// <summary>Teams and staff by id, for the form's help: rules name them by id.</summary>
    public List<(string Id, string Name)> Teams { get; private set; } = [];

    public List<(string Id, string Name)> Staff { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is not null)
        {
            var rule = await db.AutomationRules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
            if (rule is null)
            {
                return NotFound();
            }

            Input = new RuleForm
            {
                Id = rule.Id,
                Version = rule.Version,
                Name = rule.Name,
                Trigger = rule.Trigger,
                Enabled = rule.IsEnabled,
                Conditions = [.. rule.Conditions.Select(c => new ConditionRow { Field = c.Field, Operator = c.Operator, Value = c.Value })],
                Actions = [.. rule.Actions.Select(a => new ActionRow { Kind = a.Kind, Value = a.Value })],
            };
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDryRunAsync(CancellationToken ct)
    {
        var (request, conditionRow, actionRow) = FormRequest();
        try
        {
            DryRunResult = await DryRun.RunAsync(db, request, clock.GetUtcNow(), ct);
        }
        catch (InputInvalidException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                ModelState.AddModelError(FieldKey(field, conditionRow, actionRow) ?? "", string.Join(" ", messages));
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var (request, conditionRow, actionRow) = FormRequest();
        var actor = CurrentUser.From(User).Actor;
        return await PageUseCase.RunAsync(this, nameof(Input),
            async () =>
            {
                var rule = Input.Id is { } id
                    ? await SaveRule.EditAsync(db, id, Input.Version, request, actor, clock.GetUtcNow(), ct)
                    : await SaveRule.CreateAsync(db, request, actor, clock.GetUtcNow(), ct);
                return rule is null ? null : this.Done($"Rule \"{rule.Name}\" saved{(rule.IsEnabled ? "; it is on" : "; it is off")}.", "/Admin/Rules");
            },
            async problem =>
            {
                Problem = problem;
                await LoadAsync(ct);
                return Page();
            },
            field => FieldKey(field, conditionRow, actionRow));
    }

    /// <summary>The form as a request: blank rows left out, remembering which row each sent condition and action came from.</summary>
    private (RuleRequest Request, List<int> ConditionRow, List<int> ActionRow) FormRequest()
    {
        var conditionRow = new List<int>();
        var conditions = new List<RuleConditionRequest>();
        foreach (var (c, i) in Input.Conditions.Select((c, i) => (c, i)).Where(x => x.c.Field is not null))
        {
            conditionRow.Add(i);
            conditions.Add(new RuleConditionRequest(c.Field, c.Operator, c.Value));
        }

        var actionRow = new List<int>();
        var actions = new List<RuleActionRequest>();
        foreach (var (a, i) in Input.Actions.Select((a, i) => (a, i)).Where(x => x.a.Kind is not null))
        {
            actionRow.Add(i);
            actions.Add(new RuleActionRequest(a.Kind, a.Value));
        }

        return (new RuleRequest(Input.Name, Input.Trigger, conditions, actions, Input.Enabled), conditionRow, actionRow);
    }

    /// <summary>"conditions[1].value" → the value box of the row it came from; the rest on the form.</summary>
    private static string? FieldKey(string field, List<int> conditionRow, List<int> actionRow)
    {
        static int? Index(string field, string list) =>
            field.StartsWith(list + "[", StringComparison.Ordinal) && int.TryParse(field[(list.Length + 1)..field.IndexOf(']', StringComparison.Ordinal)], out var i) ? i : null;

        if (Index(field, "conditions") is { } c && c < conditionRow.Count)
        {
            return $"{nameof(Input)}.{nameof(RuleForm.Conditions)}[{conditionRow[c]}].{nameof(ConditionRow.Value)}";
        }

        if (Index(field, "actions") is { } a && a < actionRow.Count)
        {
            return $"{nameof(Input)}.{nameof(RuleForm.Actions)}[{actionRow[a]}].{nameof(ActionRow.Value)}";
        }

        return field switch
        {
            "name" => $"{nameof(Input)}.{nameof(RuleForm.Name)}",
            "trigger" => $"{nameof(Input)}.{nameof(RuleForm.Trigger)}",
            "conditions" => $"{nameof(Input)}.{nameof(RuleForm.Conditions)}",
            "actions" => $"{nameof(Input)}.{nameof(RuleForm.Actions)}",
            _ => null,
        };
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        while (Input.Conditions.Count < ConditionRows)
        {
            Input.Conditions.Add(new ConditionRow());
        }

        while (Input.Actions.Count < ActionRows)
        {
            Input.Actions.Add(new ActionRow());
        }

        if (Input.Id is { } id)
        {
            Key = await db.AutomationRules.AsNoTracking().Where(r => r.Id == id).Select(r => r.Key).SingleOrDefaultAsync(ct);
            History = await db.AuditEntries.AsNoTracking()
                .Where(a => a.RecordKind == AutomationRule.RecordKind && a.RecordId == id)
                .OrderByDescending(a => a.Id).Take(50).ToListAsync(ct);
        }

        Teams = [.. (await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct)).Select(t => (t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Name))];
        Staff = [.. (await db.Users.AsNoTracking().Where(u => u.ContactId == null).OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).Take(200).ToListAsync(ct)).Select(u => (u.Id, u.DisplayName))];
    }
}
