namespace Baton.Domain.Informing;

/// <summary>What a notification is about: people choose per kind how (or whether) they hear of it.</summary>
public enum NoticeKind
{
    /// <summary>Notices from before kinds existed, and ones no preference governs (hypercare, close-out decisions).</summary>
    General = 0,
    Opened = 1,
    AssignedToYou = 2,
    AssignedToYourTeam = 3,
    CustomerReplied = 4,
    StatusChanged = 5,
    PriorityChanged = 6,
    Resolved = 7,
    Reopened = 8,
    SlaAtRisk = 9,
    SlaBreached = 10,
    Mentioned = 11,
    ConsultRequested = 12,
    ConsultAnswered = 13,
    DeliverableDecided = 14,
    ScopeChangeRequested = 15,
    CloseoutReady = 16,
    HypercareEnding = 17,
    ProgressUpdateAtRisk = 18,
    ProgressUpdateOverdue = 19,
    TicketStuck = 20,

    /// <summary>An automation rule's "notify" action.</summary>
    RuleNotice = 30,
}

/// <summary>How someone wants to hear of a kind of notice.</summary>
public enum NoticeDelivery
{
    MailAndInApp = 0,
    InAppOnly = 1,
    Off = 2,

    /// <summary>In-app at once, and in the person's daily digest mail instead of a mail each.</summary>
    Digest = 3,
}

public static class NoticeKinds
{
    /// <summary>Within this long, the same kind on the same record for the same person is one notification ("3 new replies").</summary>
    public static readonly TimeSpan GroupWindow = TimeSpan.FromMinutes(5);

    /// <summary>The kinds a person may choose for, in the order the profile page lists them.</summary>
    public static readonly IReadOnlyList<NoticeKind> Choosable =
    [
        NoticeKind.AssignedToYou, NoticeKind.AssignedToYourTeam, NoticeKind.CustomerReplied, NoticeKind.Opened,
        NoticeKind.StatusChanged, NoticeKind.PriorityChanged, NoticeKind.Resolved, NoticeKind.Reopened,
        NoticeKind.SlaAtRisk, NoticeKind.SlaBreached, NoticeKind.Mentioned, NoticeKind.ConsultRequested, NoticeKind.ConsultAnswered,
        NoticeKind.DeliverableDecided, NoticeKind.ScopeChangeRequested, NoticeKind.CloseoutReady, NoticeKind.HypercareEnding,
        NoticeKind.ProgressUpdateAtRisk, NoticeKind.ProgressUpdateOverdue, NoticeKind.TicketStuck,
        NoticeKind.RuleNotice,
    ];

    public static string Describe(NoticeKind kind) => kind switch
    {
        NoticeKind.Opened => "A ticket you are informed of is opened",
        NoticeKind.AssignedToYou => "A ticket is assigned to you",
        NoticeKind.AssignedToYourTeam => "A ticket is assigned to your team, nobody in it yet",
        NoticeKind.CustomerReplied => "The customer replies on your ticket",
        NoticeKind.StatusChanged => "A ticket's status changes",
        NoticeKind.PriorityChanged => "A ticket's priority changes",
        NoticeKind.Resolved => "A ticket is resolved",
        NoticeKind.Reopened => "A ticket is reopened",
        NoticeKind.SlaAtRisk => "An SLA target is at risk",
        NoticeKind.SlaBreached => "An SLA target is breached",
        NoticeKind.Mentioned => "Someone mentions you in an internal note",
        NoticeKind.ConsultRequested => "Someone asks what you think on a ticket (and reminders)",
        NoticeKind.ConsultAnswered => "Someone answers a question you asked",
        NoticeKind.DeliverableDecided => "The client accepts or rejects a project deliverable",
        NoticeKind.ScopeChangeRequested => "A scope change is asked for on a project",
        NoticeKind.CloseoutReady => "A project's close-out is ready for sign-off",
        NoticeKind.HypercareEnding => "A project's hypercare ends in 7 days",
        NoticeKind.ProgressUpdateAtRisk => "A progress update to a requester is due soon",
        NoticeKind.ProgressUpdateOverdue => "A progress update to a requester is overdue (you are Accountable)",
        NoticeKind.TicketStuck => "Your ticket is stuck: send feedback or call a meeting",
        NoticeKind.RuleNotice => "An automation rule tells you of a ticket",
        _ => "Other notices",
    };

    /// <summary>
    /// Whether notices of the kind fold together within <see cref="GroupWindow"/>. An SLA crossing does not: each clock
    /// crosses once, and "first response breached" must not be hidden under "resolution at risk".
    /// </summary>
    public static bool Groups(NoticeKind kind) => kind is not (NoticeKind.General or NoticeKind.SlaAtRisk or NoticeKind.SlaBreached
        or NoticeKind.ProgressUpdateAtRisk or NoticeKind.ProgressUpdateOverdue or NoticeKind.TicketStuck);

    /// <summary>Kinds that cannot be turned off (a breach must reach whoever answers for it); mail can still be left out.</summary>
    public static bool CannotBeTurnedOff(NoticeKind kind) => kind == NoticeKind.SlaBreached;

    /// <summary>The delivery a person gets, given what they chose (null: nothing chosen, mail and in-app).</summary>
    public static NoticeDelivery Effective(NoticeKind kind, NoticeDelivery? chosen) =>
        chosen == NoticeDelivery.Off && CannotBeTurnedOff(kind) ? NoticeDelivery.InAppOnly : chosen ?? NoticeDelivery.MailAndInApp;

    /// <summary>Refuses "off" for a kind that cannot be turned off, naming the field.</summary>
    public static NoticeDelivery Check(NoticeKind kind, NoticeDelivery chosen, string field) =>
        chosen == NoticeDelivery.Off && CannotBeTurnedOff(kind)
            ? throw new DomainRuleException($"“{Describe(kind)}” cannot be turned off; choose in-app only if you want no mail.", field)
            : Enum.IsDefined(chosen) ? chosen : throw new DomainRuleException("Choose mail and in-app, in-app only, or off.", field);

    /// <summary>
    /// The words of a notice that stands for <paramref name="count"/> events of one kind on one ticket; a single event
    /// keeps its own words.
    /// </summary>
    public static string Grouped(NoticeKind kind, string number, int count, string single) => count <= 1 ? single : kind switch
    {
        NoticeKind.CustomerReplied => $"{count} new replies on {number}",
        NoticeKind.StatusChanged => $"{number} changed status {count} times; latest: {single}",
        NoticeKind.PriorityChanged => $"{number}'s priority changed {count} times; latest: {single}",
        _ => $"{count} updates on {number}; latest: {single}",
    };
}
