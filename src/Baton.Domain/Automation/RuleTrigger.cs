namespace Baton.Domain.Automation;

/// <summary>When a rule is looked at: on one of a ticket's events, or as time passes (a sweep every minute).</summary>
public enum RuleTrigger
{
    TicketOpened = 1,
    CustomerReplied = 2,
    DeskReplied = 3,
    InternalNoteAdded = 4,
    StatusChanged = 5,
    PriorityChanged = 6,
    AssignmentChanged = 7,
    Resolved = 8,
    Reopened = 9,

    /// <summary>Not an event: the sweep looks at open tickets every minute, so "after 3 days" rules need a time condition.</summary>
    TimePassed = 20,
}

public static class RuleTriggers
{
    public static readonly IReadOnlyList<RuleTrigger> All = Enum.GetValues<RuleTrigger>();

    public static string Describe(RuleTrigger trigger) => trigger switch
    {
        RuleTrigger.TicketOpened => "A ticket is opened",
        RuleTrigger.CustomerReplied => "The customer replies",
        RuleTrigger.DeskReplied => "The desk replies publicly",
        RuleTrigger.InternalNoteAdded => "An internal note is added",
        RuleTrigger.StatusChanged => "The status changes",
        RuleTrigger.PriorityChanged => "The priority changes",
        RuleTrigger.AssignmentChanged => "The team or assignee changes",
        RuleTrigger.Resolved => "A ticket is resolved",
        RuleTrigger.Reopened => "A ticket is reopened",
        RuleTrigger.TimePassed => "As time passes (checked every minute)",
        _ => trigger.ToString(),
    };
}
