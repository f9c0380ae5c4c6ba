namespace Baton.Web.Features.Shared.Audit;

/// <summary>How a trail entry reads to a person: stored values are the domain's words (enum names, ids, dates).</summary>
public static class AuditLabels
{
    /// <summary>"Status: New → In progress"; the line the timeline shows for a change, whatever the record.</summary>
    public static string Change(AuditEntryResponse entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return $"{entry.Field}: {Value(entry.OldValue)} → {Value(entry.NewValue)}";
    }

    /// <summary>A stored value as text: nothing reads "(none)"; status names get their spaces back.</summary>
    public static string Value(string? value) => value switch
    {
        null or "" => "(none)",
        "InProgress" => "In progress",
        "AwaitingCustomer" => "Awaiting customer",
        _ => value,
    };
}
