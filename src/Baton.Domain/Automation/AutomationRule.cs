using System.Text.Json;
using System.Text.Json.Serialization;
using Baton.Domain.Audit;

namespace Baton.Domain.Automation;

/// <summary>The definition of a rule as an administrator writes it: when, if, then.</summary>
public sealed record RuleDefinition(string Name, RuleTrigger Trigger, IReadOnlyList<RuleCondition> Conditions, IReadOnlyList<RuleAction> Actions)
{
    public const int NameMaxLength = 120;
    public const int MaxConditions = 12;
    public const int MaxActions = 8;

    /// <summary>Every problem with the definition, each with the field it is about ("conditions[1].value").</summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add(("name", "Give the rule a name that says what it does."));
        }
        else if (Name.Trim().Length > NameMaxLength)
        {
            problems.Add(("name", $"A rule's name can be at most {NameMaxLength} characters."));
        }

        if (!Enum.IsDefined(Trigger))
        {
            problems.Add(("trigger", "Pick when the rule runs."));
        }

        if (Conditions.Count > MaxConditions)
        {
            problems.Add(("conditions", $"A rule can have at most {MaxConditions} conditions."));
        }

        for (var i = 0; i < Conditions.Count; i++)
        {
            if (Conditions[i].Check() is { } problem)
            {
                problems.Add(($"conditions[{i}]", problem));
            }
        }

        if (Trigger == RuleTrigger.TimePassed && !Conditions.Any(c => c.IsTime && c.Operator == RuleOperator.AtLeast))
        {
            problems.Add(("conditions", "A rule that runs as time passes needs a time condition with \"at least\" (e.g. time in its status at least 3d), or it would act on every ticket every minute."));
        }

        if (Actions.Count == 0)
        {
            problems.Add(("actions", "Give the rule at least one action."));
        }
        else if (Actions.Count > MaxActions)
        {
            problems.Add(("actions", $"A rule can have at most {MaxActions} actions."));
        }

        for (var i = 0; i < Actions.Count; i++)
        {
            if (Actions[i].Check() is { } problem)
            {
                problems.Add(($"actions[{i}]", problem));
            }
        }

        return problems;
    }

    /// <summary>"When a ticket is opened, if Priority is P1, then notify roles team-lead".</summary>
    public string Summary() =>
        $"When: {RuleTriggers.Describe(Trigger)}. If: {(Conditions.Count == 0 ? "always" : string.Join("; ", Conditions))}. Then: {string.Join("; ", Actions)}.";
}

/// <summary>
/// An automation rule: ordered (lower <see cref="Position"/> first), switched on or off, its edits on the audit trail.
/// A shipped rule has a <see cref="Key"/> so the seed finds it again; it can be edited and switched off, not deleted.
/// </summary>
public sealed class AutomationRule : IAudited
{
    public const string RecordKind = "automation-rule";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly AuditLog _audit = new(RecordKind);

    private AutomationRule()
    {
        Name = ConditionsJson = ActionsJson = "";
    }

    public int Id { get; private set; }

    /// <summary>The shipped rule's key ("auto-close-resolved"); null for an administrator's own.</summary>
    public string? Key { get; private set; }

    public string Name { get; private set; }
    public RuleTrigger Trigger { get; private set; }
    public int Position { get; private set; }
    public bool IsEnabled { get; private set; }
    public string ConditionsJson { get; private set; }
    public string ActionsJson { get; private set; }
    public int Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<RuleCondition> Conditions => JsonSerializer.Deserialize<List<RuleCondition>>(ConditionsJson, Json) ?? [];

    public IReadOnlyList<RuleAction> Actions => JsonSerializer.Deserialize<List<RuleAction>>(ActionsJson, Json) ?? [];

    public RuleDefinition Definition => new(Name, Trigger, Conditions, Actions);

    public IReadOnlyList<AuditEntry> PendingAuditEntries => _audit.Pending;

    long IAudited.AuditRecordId => Id;

    void IAudited.ClearPendingAuditEntries() => _audit.Clear();

    public static AutomationRule Create(RuleDefinition definition, int position, bool enabled, Actor actor, DateTimeOffset now, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ThrowIfInvalid(definition);
        var rule = new AutomationRule { Key = key, Position = position, IsEnabled = enabled, Version = 1, UpdatedAt = now };
        rule.Write(definition);
        rule._audit.Record(actor, now, "Rule", null, $"{rule.Name} ({(enabled ? "on" : "off")}) — {definition.Summary()}");
        return rule;
    }

    /// <summary>Replaces the definition; the trail says what changed in words.</summary>
    public void Edit(RuleDefinition definition, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ThrowIfInvalid(definition);
        var before = Definition;
        Write(definition);
        var changed = false;
        changed |= _audit.Change(actor, now, "Name", before.Name, Name);
        changed |= _audit.Change(actor, now, "When", RuleTriggers.Describe(before.Trigger), RuleTriggers.Describe(Trigger));
        changed |= _audit.Change(actor, now, "If", Conditions(before), Conditions(Definition));
        changed |= _audit.Change(actor, now, "Then", string.Join("; ", before.Actions), string.Join("; ", Definition.Actions));
        if (changed)
        {
            Touch(now);
        }

        static string Conditions(RuleDefinition d) => d.Conditions.Count == 0 ? "always" : string.Join("; ", d.Conditions);
    }

    public void Switch(bool enabled, Actor actor, DateTimeOffset now)
    {
        if (_audit.Change(actor, now, "Switched", IsEnabled ? "on" : "off", enabled ? "on" : "off"))
        {
            IsEnabled = enabled;
            Touch(now);
        }
    }

    public void MoveTo(int position, Actor actor, DateTimeOffset now)
    {
        if (_audit.Change(actor, now, "Order", Position, position))
        {
            Position = position;
            Touch(now);
        }
    }

    private void Write(RuleDefinition definition)
    {
        Name = definition.Name.Trim();
        Trigger = definition.Trigger;
        ConditionsJson = JsonSerializer.Serialize(definition.Conditions.Select(c => c with { Value = c.Value?.Trim() }).ToList(), Json);
        ActionsJson = JsonSerializer.Serialize(definition.Actions.Select(a => a with { Value = a.Value?.Trim() }).ToList(), Json);
    }

    private void Touch(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }

    private static void ThrowIfInvalid(RuleDefinition definition)
    {
        if (definition.Problems() is [var first, ..])
        {
            throw new DomainRuleException(first.Message, first.Field);
        }
    }
}
