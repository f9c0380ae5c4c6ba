namespace Baton.Domain.Automation;

/// <summary>Why the guard let a rule act or stopped it.</summary>
public enum GuardVerdict
{
    Allowed = 0,

    /// <summary>The event is the third link of a chain of rule actions.</summary>
    ChainTooDeep = 1,

    /// <summary>The rule already fired again on an event its own action caused in this chain.</summary>
    OwnEventAgain = 2,

    /// <summary>Rules already did <see cref="LoopGuard.MaxActionsPerWindow"/> actions on the ticket within the window.</summary>
    TooManyActions = 3,
}

/// <summary>
/// Keeps rules from answering each other for ever (issue 14). Each event a rule's action causes carries the chain of
/// rules behind it (<see cref="Actor.RuleChain"/>): a chain is at most <see cref="MaxDepth"/> rules long, a rule fires
/// on an event its own action caused at most once in a chain, and rules do at most <see cref="MaxActionsPerWindow"/>
/// actions on one record within <see cref="Window"/>, whatever the chains.
/// </summary>
public static class LoopGuard
{
    public const int MaxDepth = 3;
    public const int MaxActionsPerWindow = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <param name="ruleId">The rule about to act.</param>
    /// <param name="chain">The rules whose actions led to the event, first to last; empty for a person's change or the clock.</param>
    /// <param name="actionsInWindow">Actions rules already did on this record within <see cref="Window"/>.</param>
    /// <param name="actions">How many actions the rule would do now.</param>
    public static GuardVerdict Check(int ruleId, IReadOnlyList<int> chain, int actionsInWindow, int actions)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count >= MaxDepth)
        {
            return GuardVerdict.ChainTooDeep;
        }

        // The rule's first firing is in the chain, and a second one on its own consequence is allowed once.
        if (chain.Count(id => id == ruleId) >= 2)
        {
            return GuardVerdict.OwnEventAgain;
        }

        return actionsInWindow + actions > MaxActionsPerWindow ? GuardVerdict.TooManyActions : GuardVerdict.Allowed;
    }

    /// <summary>The chain the rule's actions carry on: the event's chain with the rule added.</summary>
    public static IReadOnlyList<int> Then(IReadOnlyList<int>? chain, int ruleId) => [.. chain ?? [], ruleId];

    /// <summary>What the timeline says when the guard stopped a rule.</summary>
    public static string Explain(GuardVerdict verdict, string ruleName, IReadOnlyList<string> chainNames) => verdict switch
    {
        GuardVerdict.ChainTooDeep => $"Rule \"{ruleName}\" was stopped by the loop guard: the change came from a chain of {chainNames.Count} rule actions ({string.Join(" → ", chainNames)}), the most allowed is {MaxDepth}.",
        GuardVerdict.OwnEventAgain => $"Rule \"{ruleName}\" was stopped by the loop guard: it had already answered a change its own action caused ({string.Join(" → ", chainNames)}).",
        GuardVerdict.TooManyActions => $"Rule \"{ruleName}\" was stopped by the loop guard: rules may do at most {MaxActionsPerWindow} actions on one ticket in {(int)Window.TotalMinutes} minutes.",
        _ => "",
    };
}
