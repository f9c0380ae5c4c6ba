using System.Globalization;
using System.Text.RegularExpressions;
using Baton.Domain.Tickets;

namespace Baton.Domain.Automation;

/// <summary>What a condition looks at.</summary>
public enum RuleField
{
    Client = 1,
    Kind = 2,
    Priority = 3,
    Category = 4,
    Team = 5,
    Assignee = 6,
    Status = 7,
    RequestType = 8,

    /// <summary>A contact role the requester holds (its key).</summary>
    RequesterRole = 9,

    TimeSinceCreated = 20,
    TimeInStatus = 21,

    /// <summary>Since the last public message either way; since creation when there is none.</summary>
    TimeSinceLastPublicReply = 22,

    /// <summary>Since the requester's side last wrote; since creation when they never did.</summary>
    TimeSinceCustomerReply = 23,

    /// <summary>Since the ticket was resolved; never true of a ticket that is not resolved.</summary>
    TimeSinceResolved = 24,
}

public enum RuleOperator
{
    /// <summary>One of the listed values (comma-separated).</summary>
    Is = 1,
    IsNot = 2,
    IsSet = 3,
    IsNotSet = 4,

    /// <summary>A time field: at least this long ("15m", "4h", "3d").</summary>
    AtLeast = 5,
    LessThan = 6,
}

/// <summary>
/// One "if" of a rule: a field, an operator and the value as an administrator typed it. <see cref="Check"/> says what is
/// wrong in words naming the field; <see cref="Compile"/> parses the value once, so evaluating a rule on an event is a
/// few comparisons (issue 14: 50 rules on one event within a millisecond).
/// </summary>
public sealed partial record RuleCondition(RuleField Field, RuleOperator Operator, string? Value = null)
{
    public bool IsTime => Field >= RuleField.TimeSinceCreated;

    /// <summary>The operators that make sense for the field.</summary>
    public static IReadOnlyList<RuleOperator> OperatorsFor(RuleField field) => field switch
    {
        >= RuleField.TimeSinceCreated => [RuleOperator.AtLeast, RuleOperator.LessThan],
        RuleField.Category or RuleField.Team or RuleField.Assignee => [RuleOperator.Is, RuleOperator.IsNot, RuleOperator.IsSet, RuleOperator.IsNotSet],
        _ => [RuleOperator.Is, RuleOperator.IsNot],
    };

    /// <summary>Null when the condition can be evaluated; otherwise what to fix.</summary>
    public string? Check()
    {
        if (!Enum.IsDefined(Field))
        {
            return $"Pick what the condition looks at ({Field} is not a field).";
        }

        if (!OperatorsFor(Field).Contains(Operator))
        {
            return $"{Describe(Field)} cannot be compared with \"{Describe(Operator)}\"; use {string.Join(" or ", OperatorsFor(Field).Select(o => $"\"{Describe(o)}\""))}.";
        }

        if (Operator is RuleOperator.IsSet or RuleOperator.IsNotSet)
        {
            return null;
        }

        var values = Values(Value);
        if (values.Count == 0)
        {
            return IsTime
                ? $"Say how long for {Describe(Field)}, e.g. 15m, 4h or 3d."
                : $"Give at least one value for {Describe(Field)}.";
        }

        if (IsTime)
        {
            return values.Count == 1 && TryDuration(values[0], out _) ? null : $"\"{Value}\" is not a length of time for {Describe(Field)}; write e.g. 15m, 4h or 3d.";
        }

        foreach (var v in values)
        {
            var ok = Field switch
            {
                RuleField.Client or RuleField.Category or RuleField.Team => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0,
                RuleField.Kind => Enum.TryParse<TicketKind>(v, true, out var k) && Enum.IsDefined(k) && !int.TryParse(v, out _),
                RuleField.Priority => Enum.TryParse<Priority>(v, true, out var p) && Enum.IsDefined(p) && !int.TryParse(v, out _),
                RuleField.Status => Enum.TryParse<TicketStatus>(v, true, out var s) && Enum.IsDefined(s) && !int.TryParse(v, out _),
                RuleField.RequestType => Enum.TryParse<RequestType>(v, true, out var r) && Enum.IsDefined(r) && !int.TryParse(v, out _),
                _ => v.Length <= 100,
            };
            if (!ok)
            {
                return $"\"{v}\" is not a {Describe(Field).ToLowerInvariant()} a rule can match{Hint(Field)}.";
            }
        }

        return null;
    }

    private static string Hint(RuleField field) => field switch
    {
        RuleField.Kind => $" (one of {string.Join(", ", Enum.GetNames<TicketKind>())})",
        RuleField.Priority => " (P1, P2, P3 or P4)",
        RuleField.Status => $" (one of {string.Join(", ", Enum.GetNames<TicketStatus>())})",
        RuleField.RequestType => $" (one of {string.Join(", ", Enum.GetNames<RequestType>())})",
        RuleField.Client or RuleField.Category or RuleField.Team => " (its number)",
        _ => "",
    };

    /// <summary>The condition as a predicate over a ticket at an instant; call only after <see cref="Check"/> passed.</summary>
    public Func<RuleFacts, DateTimeOffset, bool> Compile()
    {
        if (IsTime)
        {
            TryDuration(Values(Value)[0], out var length);
            var field = Field;
            return Operator == RuleOperator.AtLeast
                ? (f, now) => AnchorOf(field, f) is { } from && now - from >= length
                : (f, now) => AnchorOf(field, f) is { } from && now - from < length;
        }

        if (Operator is RuleOperator.IsSet or RuleOperator.IsNotSet)
        {
            var set = Operator == RuleOperator.IsSet;
            Func<RuleFacts, bool> has = Field switch
            {
                RuleField.Category => f => f.CategoryId is not null,
                RuleField.Team => f => f.TeamId is not null,
                _ => f => f.AssigneeId is not null,
            };
            return (f, _) => has(f) == set;
        }

        var values = Values(Value);
        Func<RuleFacts, bool> matches = Field switch
        {
            RuleField.Client => InIds(values, f => f.ClientId),
            RuleField.Category => InIds(values, f => f.CategoryId),
            RuleField.Team => InIds(values, f => f.TeamId),
            RuleField.Kind => InEnum<TicketKind>(values, f => f.Kind),
            RuleField.Priority => InEnum<Priority>(values, f => f.Priority),
            RuleField.Status => InEnum<TicketStatus>(values, f => f.Status),
            RuleField.RequestType => InEnum<RequestType>(values, f => f.RequestType),
            RuleField.Assignee => InText(values, f => f.AssigneeId),
            _ => RolesOverlap(values),
        };
        return Operator == RuleOperator.Is ? (f, _) => matches(f) : (f, _) => !matches(f);
    }

    /// <summary>The instant a time field measures from: what makes "once per occasion" for a rule that runs as time passes.</summary>
    public static DateTimeOffset? AnchorOf(RuleField field, RuleFacts f) => field switch
    {
        RuleField.TimeSinceCreated => f.CreatedAt,
        RuleField.TimeInStatus => f.StatusSince,
        RuleField.TimeSinceLastPublicReply => f.LastPublicReplyAt ?? f.CreatedAt,
        RuleField.TimeSinceCustomerReply => f.LastCustomerReplyAt ?? f.CreatedAt,
        RuleField.TimeSinceResolved => f.Status == TicketStatus.Resolved ? f.ResolvedAt : null,
        _ => null,
    };

    /// <summary>The listed values, trimmed, empty ones dropped.</summary>
    public static IReadOnlyList<string> Values(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>"15m", "90 min", "4h", "3d", "1w".</summary>
    public static bool TryDuration(string text, out TimeSpan length)
    {
        length = default;
        var m = text.Length <= 40 ? DurationText().Match(text.Trim()) : Match.Empty;
        if (!m.Success)
        {
            return false;
        }

        var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        length = char.ToLowerInvariant(m.Groups[2].Value[0]) switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => TimeSpan.FromDays(7 * n),
        };
        return length > TimeSpan.Zero && length <= TimeSpan.FromDays(366);
    }

    private static Func<RuleFacts, bool> InIds(IReadOnlyList<string> values, Func<RuleFacts, int?> of)
    {
        var ids = values.Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToHashSet();
        return f => of(f) is { } id && ids.Contains(id);
    }

    private static Func<RuleFacts, bool> InEnum<T>(IReadOnlyList<string> values, Func<RuleFacts, T> of)
        where T : struct, Enum
    {
        var set = values.Select(v => Enum.Parse<T>(v, true)).ToHashSet();
        return f => set.Contains(of(f));
    }

    private static Func<RuleFacts, bool> InText(IReadOnlyList<string> values, Func<RuleFacts, string?> of)
    {
        var set = values.ToHashSet(StringComparer.Ordinal);
        return f => of(f) is { } v && set.Contains(v);
    }

    private static Func<RuleFacts, bool> RolesOverlap(IReadOnlyList<string> values)
    {
        var set = values.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return f => f.RequesterRoleKeys.Any(set.Contains);
    }

    public static string Describe(RuleField field) => field switch
    {
        RuleField.Client => "Client",
        RuleField.Kind => "Kind",
        RuleField.Priority => "Priority",
        RuleField.Category => "Category",
        RuleField.Team => "Team",
        RuleField.Assignee => "Assignee",
        RuleField.Status => "Status",
        RuleField.RequestType => "Request type",
        RuleField.RequesterRole => "Requester's contact role",
        RuleField.TimeSinceCreated => "Time since opened",
        RuleField.TimeInStatus => "Time in its status",
        RuleField.TimeSinceLastPublicReply => "Time since the last public reply",
        RuleField.TimeSinceCustomerReply => "Time since the customer last wrote",
        RuleField.TimeSinceResolved => "Time since resolved",
        _ => field.ToString(),
    };

    public static string Describe(RuleOperator op) => op switch
    {
        RuleOperator.Is => "is",
        RuleOperator.IsNot => "is not",
        RuleOperator.IsSet => "is set",
        RuleOperator.IsNotSet => "is not set",
        RuleOperator.AtLeast => "at least",
        RuleOperator.LessThan => "less than",
        _ => op.ToString(),
    };

    /// <summary>"Status is Resolved", "Time since resolved at least 5d".</summary>
    public override string ToString() => Operator is RuleOperator.IsSet or RuleOperator.IsNotSet
        ? $"{Describe(Field)} {Describe(Operator)}"
        : $"{Describe(Field)} {Describe(Operator)} {string.Join(", ", Values(Value))}";

    // Anchored and without nested quantifiers, so matching is linear: no timeout, which a loaded machine could trip.
    [GeneratedRegex(@"^(\d{1,5})\s*(m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationText();
}
