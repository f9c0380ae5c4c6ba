using Baton.Web.Features.Shared.Audit;

namespace Baton.Web.Features.Shared.Timeline;

/// <summary>
/// Merges what happened to a record, from wherever it is kept (its audit trail, its messages, any other dated items),
/// into one story in time order. Each feature says which audit entries show and how they read; the builder and the
/// partial do not know what kind of record it is.
/// </summary>
public sealed class TimelineBuilder
{
    private readonly List<TimelineItem> _items = [];

    /// <summary>
    /// Adds the entries <paramref name="describe"/> phrases ("opened INC-000012"); an entry it answers null for
    /// stays on the audit trail only.
    /// </summary>
    public TimelineBuilder Audit(IEnumerable<AuditEntryResponse> entries, Func<AuditEntryResponse, string?> describe)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(describe);
        foreach (var entry in entries)
        {
            if (describe(entry) is { } change)
            {
                _items.Add(new TimelineItem(entry.At, entry.ActorName, TimelineItem.ChangeKind, null, change));
            }
        }

        return this;
    }

    /// <summary>Adds every entry, phrased the default way (<see cref="AuditLabels.Change"/>).</summary>
    public TimelineBuilder Audit(IEnumerable<AuditEntryResponse> entries) => Audit(entries, AuditLabels.Change);

    public TimelineBuilder Add(TimelineItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items.Add(item);
        return this;
    }

    public TimelineBuilder AddRange(IEnumerable<TimelineItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items.AddRange(items);
        return this;
    }

    /// <summary>Oldest first; items at the same instant keep the order they were added in.</summary>
    public IReadOnlyList<TimelineItem> Build() => _items.OrderBy(i => i.At).ToList();
}
