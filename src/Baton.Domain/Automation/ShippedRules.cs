using Baton.Domain.Informing;

namespace Baton.Domain.Automation;

/// <summary>
/// The rules every desk needs (issue 14), seeded switched on and editable. Keyed, so a later seed finds an edited one
/// and leaves it as the administrator made it.
/// </summary>
public static class ShippedRules
{
    public sealed record Shipped(string Key, int Position, RuleDefinition Definition);

    public static readonly IReadOnlyList<Shipped> All =
    [
        new("auto-close-warning", 10, new RuleDefinition(
            "Tell the requester the day before a resolved ticket closes",
            RuleTrigger.TimePassed,
            [new(RuleField.Status, RuleOperator.Is, "Resolved"), new(RuleField.TimeSinceResolved, RuleOperator.AtLeast, "4d")],
            [new(RuleActionKind.SendReply,
                "Hello {{ requester.name }},\n\nwe resolved {{ ticket.number }} four days ago and will close it tomorrow. " +
                "If it is not fixed, just reply to this e-mail and it opens again.")])),
        new("auto-close-resolved", 20, new RuleDefinition(
            "Close a resolved ticket after 5 days without a customer reply",
            RuleTrigger.TimePassed,
            [new(RuleField.Status, RuleOperator.Is, "Resolved"), new(RuleField.TimeSinceResolved, RuleOperator.AtLeast, "5d")],
            [new(RuleActionKind.Move, "Close")])),
        new("remind-awaiting-customer", 30, new RuleDefinition(
            "Remind the requester of a ticket awaiting them for 3 days",
            RuleTrigger.TimePassed,
            [new(RuleField.Status, RuleOperator.Is, "AwaitingCustomer"), new(RuleField.TimeInStatus, RuleOperator.AtLeast, "3d")],
            [new(RuleActionKind.SendReply,
                "Hello {{ requester.name }},\n\nwe are still waiting for your answer on {{ ticket.number }} ({{ ticket.title }}). " +
                "Reply to this e-mail and we carry on.")])),
        new("p1-unassigned", 40, new RuleDefinition(
            "Tell the team lead when a P1 is unassigned for 15 minutes",
            RuleTrigger.TimePassed,
            [
                new(RuleField.Priority, RuleOperator.Is, "P1"),
                new(RuleField.Assignee, RuleOperator.IsNotSet),
                new(RuleField.Status, RuleOperator.Is, "New, Acknowledged, InProgress"),
                new(RuleField.TimeSinceCreated, RuleOperator.AtLeast, "15m"),
            ],
            [new(RuleActionKind.NotifyRoles, PartyRoles.TeamLead)])),
    ];
}
