using System.Globalization;
using Baton.Domain;
using Baton.Domain.Automation;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Templates;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Automation;

public sealed record RuleConditionRequest(RuleField? Field, RuleOperator? Operator, string? Value = null);

public sealed record RuleActionRequest(RuleActionKind? Kind, string? Value = null);

/// <summary>A rule as written on the page or sent to the API; <see cref="Enabled"/> omitted: on for a new rule, unchanged on an edit.</summary>
public sealed record RuleRequest(
    string? Name,
    RuleTrigger? Trigger,
    IReadOnlyList<RuleConditionRequest>? Conditions = null,
    IReadOnlyList<RuleActionRequest>? Actions = null,
    bool? Enabled = null);

public sealed record RuleConditionResponse(RuleField Field, RuleOperator Operator, string? Value, string Text);

public sealed record RuleActionResponse(RuleActionKind Kind, string? Value, string Text);

public sealed record RuleResponse(
    int Id, string? Key, string Name, RuleTrigger Trigger, string When, int Position, bool Enabled,
    IReadOnlyList<RuleConditionResponse> Conditions, IReadOnlyList<RuleActionResponse> Actions, string Summary, int Version, DateTimeOffset UpdatedAt)
{
    public static RuleResponse Of(AutomationRule r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var d = r.Definition;
        return new(r.Id, r.Key, r.Name, r.Trigger, RuleTriggers.Describe(r.Trigger), r.Position, r.IsEnabled,
            [.. d.Conditions.Select(c => new RuleConditionResponse(c.Field, c.Operator, c.Value, c.ToString()))],
            [.. d.Actions.Select(a => new RuleActionResponse(a.Kind, a.Value, a.ToString()))],
            d.Summary(), r.Version, r.UpdatedAt);
    }
}

/// <summary>
/// Writes rules: create, edit (from the version the editor read), switch on or off, move up or down, delete an
/// administrator's own (a shipped rule is switched off instead). Everything the rule names must exist and every text
/// must parse before anything is saved; each problem names its field ("actions[1].value"). Page and API call this.
/// </summary>
public static class SaveRule
{
    public static async Task<AutomationRule> CreateAsync(BatonDb db, RuleRequest request, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var definition = await ValidAsync(db, request, ct);
        var last = await db.AutomationRules.MaxAsync(r => (int?)r.Position, ct) ?? 0;
        var rule = AutomationRule.Create(definition, last + 10, request.Enabled ?? true, actor, now);
        db.AutomationRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return rule;
    }

    /// <summary>Null when there is no such rule; a stale <paramref name="expectedVersion"/> is a <see cref="StaleRecordException"/>.</summary>
    public static async Task<AutomationRule?> EditAsync(BatonDb db, int id, int? expectedVersion, RuleRequest request, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var rule = await FindAsync(db, id, expectedVersion, ct);
        if (rule is null)
        {
            return null;
        }

        var definition = await ValidAsync(db, request, ct);
        rule.Edit(definition, actor, now);
        if (request.Enabled is { } enabled)
        {
            rule.Switch(enabled, actor, now);
        }

        await SaveAsync(db, rule, expectedVersion ?? rule.Version, ct);
        return rule;
    }

    public static async Task<AutomationRule?> SwitchAsync(BatonDb db, int id, int? expectedVersion, bool enabled, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var rule = await FindAsync(db, id, expectedVersion, ct);
        if (rule is not null)
        {
            rule.Switch(enabled, actor, now);
            await SaveAsync(db, rule, expectedVersion ?? rule.Version, ct);
        }

        return rule;
    }

    /// <summary>Swaps the rule with its neighbour above (<paramref name="up"/>) or below; nothing at the end of the list.</summary>
    public static async Task<AutomationRule?> MoveAsync(BatonDb db, int id, bool up, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var rules = await db.AutomationRules.OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);
        var at = rules.FindIndex(r => r.Id == id);
        if (at < 0)
        {
            return null;
        }

        var other = up ? at - 1 : at + 1;
        if (other >= 0 && other < rules.Count)
        {
            // Renumber in steps of 10 first, so two rules with one position still swap.
            for (var i = 0; i < rules.Count; i++)
            {
                rules[i].MoveTo((i + 1) * 10, actor, now);
            }

            var (a, b) = (rules[at], rules[other]);
            var (pa, pb) = (a.Position, b.Position);
            a.MoveTo(pb, actor, now);
            b.MoveTo(pa, actor, now);
            await db.SaveChangesAsync(ct);
        }

        return rules[at];
    }

    /// <summary>Deletes an administrator's own rule; a shipped one is refused on "id" (switch it off instead).</summary>
    public static async Task<bool> DeleteAsync(BatonDb db, int id, CancellationToken ct)
    {
        var rule = await db.AutomationRules.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return false;
        }

        if (rule.Key is not null)
        {
            throw new DomainRuleException($"\"{rule.Name}\" ships with Baton and cannot be deleted; switch it off instead.");
        }

        db.AutomationRules.Remove(rule);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static Task<List<AutomationRule>> ListAsync(BatonDb db, CancellationToken ct) =>
        db.AutomationRules.AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);

    /// <summary>The definition, once everything it says is true of this desk; otherwise every problem, each on its field.</summary>
    public static async Task<RuleDefinition> ValidAsync(BatonDb db, RuleRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        var conditions = new List<RuleCondition>();
        foreach (var (c, i) in (request.Conditions ?? []).Select((c, i) => (c, i)))
        {
            if (c.Field is null || c.Operator is null)
            {
                errors[$"conditions[{i}]"] = ["Each condition names a field and an operator."];
                continue;
            }

            conditions.Add(new RuleCondition(c.Field.Value, c.Operator.Value, c.Value));
        }

        var actions = new List<RuleAction>();
        foreach (var (a, i) in (request.Actions ?? []).Select((a, i) => (a, i)))
        {
            if (a.Kind is null)
            {
                errors[$"actions[{i}]"] = ["Each action says what it does."];
                continue;
            }

            actions.Add(new RuleAction(a.Kind.Value, a.Value));
        }

        if (request.Trigger is null)
        {
            errors["trigger"] = [$"Say when the rule runs: one of {string.Join(", ", RuleTriggers.All)}."];
        }

        var definition = new RuleDefinition(request.Name ?? "", request.Trigger ?? RuleTrigger.TicketOpened, conditions, actions);
        foreach (var (field, message) in definition.Problems())
        {
            errors.TryAdd(field, [message]);
        }

        if (errors.Count == 0)
        {
            await CheckNamesAsync(db, definition, errors, ct);
        }

        return errors.Count > 0 ? throw new InputInvalidException(errors) : definition;
    }

    /// <summary>What the rule names must exist (a team, a person, a client); each text must parse as a template.</summary>
    private static async Task CheckNamesAsync(BatonDb db, RuleDefinition definition, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        static List<int> Ints(string? value) => [.. RuleCondition.Values(value).Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
        for (var i = 0; i < definition.Conditions.Count; i++)
        {
            var c = definition.Conditions[i];
            if (c.Operator is not (RuleOperator.Is or RuleOperator.IsNot))
            {
                continue;
            }

            var ids = c.Field is RuleField.Client or RuleField.Team or RuleField.Category ? Ints(c.Value) : [];
            var missing = c.Field switch
            {
                RuleField.Client => ids.Except(await db.Clients.Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct)).Select(Id).ToList(),
                RuleField.Team => ids.Except(await db.Teams.Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct)).Select(Id).ToList(),
                RuleField.Category => ids.Except(await db.Categories.Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct)).Select(Id).ToList(),
                RuleField.Assignee => await MissingStaffAsync(db, RuleCondition.Values(c.Value), ct),
                _ => [],
            };
            if (missing.Count > 0)
            {
                errors[$"conditions[{i}].value"] = [$"There is no {RuleCondition.Describe(c.Field).ToLowerInvariant()} {string.Join(", ", missing)}."];
            }
        }

        for (var i = 0; i < definition.Actions.Count; i++)
        {
            var a = definition.Actions[i];
            var problem = a.Kind switch
            {
                RuleActionKind.AssignTeam when !await TeamExistsAsync(db, int.Parse(a.Value!.Trim(), CultureInfo.InvariantCulture), ct) => $"There is no team {a.Value}.",
                RuleActionKind.AssignAgent or RuleActionKind.NotifyPeople when await MissingStaffAsync(db, RuleCondition.Values(a.Value), ct) is [_, ..] missing =>
                    $"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not on the desk: rules assign and notify staff only (contacts are told by role).",
                RuleActionKind.AddInternalNote or RuleActionKind.SendReply => SafeTemplate.Problem(a.Value ?? ""),
                _ => null,
            };
            if (problem is not null)
            {
                errors[$"actions[{i}].value"] = [problem];
            }
        }

        static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
    }

    private static Task<bool> TeamExistsAsync(BatonDb db, int id, CancellationToken ct) => db.Teams.AnyAsync(t => t.Id == id, ct);

    private static async Task<List<string>> MissingStaffAsync(BatonDb db, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var staff = await db.Users.Where(u => ids.Contains(u.Id) && u.ContactId == null).Select(u => u.Id).ToListAsync(ct);
        return [.. ids.Except(staff)];
    }

    private static async Task<AutomationRule?> FindAsync(BatonDb db, int id, int? expectedVersion, CancellationToken ct)
    {
        var rule = await db.AutomationRules.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (rule is not null && expectedVersion is { } expected && expected != rule.Version)
        {
            throw new StaleRecordException($"The rule \"{rule.Name}\"", expected, rule.Version);
        }

        return rule;
    }

    /// <summary>Saves; another save of the same rule in between (its version moved in the database) is a stale copy.</summary>
    private static async Task SaveAsync(BatonDb db, AutomationRule rule, int readVersion, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.AutomationRules.AsNoTracking().Where(r => r.Id == rule.Id).Select(r => r.Version).SingleAsync(ct);
            throw new StaleRecordException($"The rule \"{rule.Name}\"", readVersion, current);
        }
    }
}
