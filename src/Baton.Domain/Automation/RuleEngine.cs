using System.Globalization;

namespace Baton.Domain.Automation;

/// <summary>A rule ready to evaluate: its conditions parsed once into predicates.</summary>
public sealed class CompiledRule
{
    private readonly Func<RuleFacts, DateTimeOffset, bool>[] _conditions;
    private readonly RuleField[] _timeFields;

    public CompiledRule(int id, int position, RuleDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Id = id;
        Position = position;
        Definition = definition;
        _conditions = [.. definition.Conditions.Select(c => c.Compile())];
        _timeFields = [.. definition.Conditions.Where(c => c.IsTime).Select(c => c.Field).Distinct().Order()];
    }

    public int Id { get; }
    public int Position { get; }
    public RuleDefinition Definition { get; }
    public string Name => Definition.Name;
    public RuleTrigger Trigger => Definition.Trigger;
    public IReadOnlyList<RuleAction> Actions => Definition.Actions;

    public bool Matches(RuleFacts facts, DateTimeOffset now)
    {
        foreach (var condition in _conditions)
        {
            if (!condition(facts, now))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the rule can match a ticket of which only the <paramref name="known"/> fields of <paramref name="partial"/>
    /// are true: a condition on a known field is checked, any other is taken to hold. The event of a new ticket knows its
    /// client, kind, priority, category and request type, so a rule for other tickets costs the new one no job at all.
    /// </summary>
    public bool CouldMatch(RuleFacts partial, IReadOnlySet<RuleField> known, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(known);
        for (var i = 0; i < _conditions.Length; i++)
        {
            if (known.Contains(Definition.Conditions[i].Field) && !_conditions[i](partial, now))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// For a rule that runs as time passes: which occasion a match is ("resolved at 10:02"), so the rule acts once per
    /// occasion and not every minute after — the instants its time conditions measure from.
    /// </summary>
    public string OccasionKey(RuleFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var anchors = _timeFields.Select(f => RuleCondition.AnchorOf(f, facts)?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "-");
        return $"rule:{Id}:ticket:{facts.TicketId}:{string.Join(',', anchors)}";
    }
}

/// <summary>Picks the rules an event or the clock sets off, in order: pure, so it is tested and measured in process.</summary>
public static class RuleEngine
{
    public static IReadOnlyList<CompiledRule> Compile(IEnumerable<(int Id, int Position, RuleDefinition Definition)> rules) =>
        [.. rules.OrderBy(r => r.Position).ThenBy(r => r.Id).Select(r => new CompiledRule(r.Id, r.Position, r.Definition))];

    /// <summary>The rules for <paramref name="trigger"/> whose conditions all hold for the ticket now, in order.</summary>
    public static IReadOnlyList<CompiledRule> Matching(IReadOnlyList<CompiledRule> rules, RuleTrigger trigger, RuleFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        List<CompiledRule>? matched = null;
        foreach (var rule in rules)
        {
            if (rule.Trigger == trigger && rule.Matches(facts, now))
            {
                (matched ??= []).Add(rule);
            }
        }

        return matched ?? (IReadOnlyList<CompiledRule>)[];
    }
}
