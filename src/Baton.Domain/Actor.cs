namespace Baton.Domain;

/// <summary>Who did something: recorded on every audit entry and timeline item.</summary>
public sealed record Actor(string UserId, string DisplayName)
{
    /// <summary>
    /// When an automation rule acts: the rules whose actions led here, first to last (Automation/LoopGuard). It travels
    /// with every event the change raises, so the next rule knows the chain it would extend. Null for a person's change.
    /// </summary>
    public IReadOnlyList<int>? RuleChain { get; init; }
}
