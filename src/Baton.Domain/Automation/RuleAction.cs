using System.Globalization;
using Baton.Domain.Informing;
using Baton.Domain.Tickets;

namespace Baton.Domain.Automation;

/// <summary>What a rule does to the ticket it matched.</summary>
public enum RuleActionKind
{
    /// <summary>A lifecycle move (<see cref="TicketTransition"/> name): Acknowledge, StartWork, AwaitCustomer, Resume, Resolve, Close.</summary>
    Move = 1,
    SetImpact = 2,
    SetUrgency = 3,

    /// <summary>A team by its number; the assignee is kept only if they are in it (as a person would).</summary>
    AssignTeam = 4,

    /// <summary>A staff member by user id.</summary>
    AssignAgent = 5,
    AddInternalNote = 6,

    /// <summary>RASCI role keys, comma-separated: "team-lead", "assignee", "contact:it-manager".</summary>
    NotifyRoles = 7,

    /// <summary>Staff user ids, comma-separated (never a contact: contacts are reached by role, within the ticket's client).</summary>
    NotifyPeople = 8,

    /// <summary>A public reply to the requester (and whoever is on the mail thread), from a template.</summary>
    SendReply = 9,
}

/// <summary>
/// One "then" of a rule. Text values (a note, a reply, a notice) are templates with placeholders such as
/// <c>{{ ticket.number }}</c>, rendered by the host with an allow-listed model, so they cannot run code.
/// </summary>
public sealed record RuleAction(RuleActionKind Kind, string? Value = null)
{
    public const int TextMaxLength = 4000;

    public static readonly IReadOnlyList<TicketTransition> Moves =
        [TicketTransition.Acknowledge, TicketTransition.StartWork, TicketTransition.AwaitCustomer, TicketTransition.Resume, TicketTransition.Resolve, TicketTransition.Close];

    /// <summary>Null when the action can run; otherwise what to fix. Whether a named team or person exists is the host's check.</summary>
    public string? Check()
    {
        var value = (Value ?? "").Trim();
        return Kind switch
        {
            RuleActionKind.Move => Enum.TryParse<TicketTransition>(value, true, out var t) && Moves.Contains(t) && !int.TryParse(value, out _)
                ? null
                : $"\"{value}\" is not a move a rule can make; use one of {string.Join(", ", Moves)}.",
            RuleActionKind.SetImpact => Enum.TryParse<Impact>(value, true, out var i) && Enum.IsDefined(i) && !int.TryParse(value, out _)
                ? null : "Set the impact to High, Medium or Low.",
            RuleActionKind.SetUrgency => Enum.TryParse<Urgency>(value, true, out var u) && Enum.IsDefined(u) && !int.TryParse(value, out _)
                ? null : "Set the urgency to High, Medium or Low.",
            RuleActionKind.AssignTeam => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? null : "Pick the team to assign to.",
            RuleActionKind.AssignAgent => value.Length is > 0 and <= 100 ? null : "Pick the person to assign to.",
            RuleActionKind.NotifyRoles => RoleKeys().Count == 0
                ? "Name at least one role to notify (e.g. team-lead, assignee, contact:it-manager)."
                : RoleKeys().FirstOrDefault(r => !PartyRoles.BuiltIn.Contains(r) && !(PartyRoles.IsContactRole(r) && r.Length > PartyRoles.ContactPrefix.Length)) is { } bad
                    ? $"\"{bad}\" is not a role; use {string.Join(", ", PartyRoles.BuiltIn)} or contact:<role key>."
                    : null,
            RuleActionKind.NotifyPeople => Ids().Count == 0 ? "Pick at least one person to notify." : null,
            RuleActionKind.AddInternalNote or RuleActionKind.SendReply => value.Length == 0
                ? "Write the text it adds."
                : value.Length > TextMaxLength ? $"The text can be at most {TextMaxLength} characters." : null,
            _ => $"{Kind} is not an action.",
        };
    }

    public IReadOnlyList<string> RoleKeys() => RuleCondition.Values(Value).Select(v => v.ToLowerInvariant()).Distinct().ToList();

    public IReadOnlyList<string> Ids() => RuleCondition.Values(Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Whether the action changes the ticket (and so raises events other rules may answer).</summary>
    public bool ChangesTicket => Kind is not (RuleActionKind.NotifyRoles or RuleActionKind.NotifyPeople);

    public static string Describe(RuleActionKind kind) => kind switch
    {
        RuleActionKind.Move => "Move to",
        RuleActionKind.SetImpact => "Set impact",
        RuleActionKind.SetUrgency => "Set urgency",
        RuleActionKind.AssignTeam => "Assign team",
        RuleActionKind.AssignAgent => "Assign to",
        RuleActionKind.AddInternalNote => "Add internal note",
        RuleActionKind.NotifyRoles => "Notify roles",
        RuleActionKind.NotifyPeople => "Notify people",
        RuleActionKind.SendReply => "Send reply",
        _ => kind.ToString(),
    };

    public override string ToString() => Kind switch
    {
        RuleActionKind.AddInternalNote or RuleActionKind.SendReply => $"{Describe(Kind)}: \"{Shorten(Value)}\"",
        _ => $"{Describe(Kind)} {Value}",
    };

    private static string Shorten(string? text)
    {
        var t = (text ?? "").ReplaceLineEndings(" ").Trim();
        return t.Length <= 60 ? t : t[..57] + "…";
    }
}
