using System.Globalization;

namespace Baton.Domain.Audit;

/// <summary>
/// The entries a record has recorded since it was loaded. Aggregates keep one (composition, not a base class) and
/// expose it through <see cref="IAudited"/>.
/// </summary>
public sealed class AuditLog(string recordKind)
{
    private readonly List<AuditEntry> _pending = [];

    public string RecordKind { get; } = recordKind;

    public IReadOnlyList<AuditEntry> Pending => _pending;

    public int Count => _pending.Count;

    public void Record(Actor actor, DateTimeOffset at, string field, string? oldValue, string? newValue) =>
        _pending.Add(new AuditEntry(RecordKind, actor, at, field, oldValue, newValue));

    /// <summary>Records the change only when the value really changed; returns whether it did.</summary>
    public bool Change<T>(Actor actor, DateTimeOffset at, string field, T current, T next)
    {
        if (EqualityComparer<T>.Default.Equals(current, next))
        {
            return false;
        }

        Record(actor, at, field, Format(current), Format(next));
        return true;
    }

    public void Clear() => _pending.Clear();

    /// <summary>How a value reads on the trail: dates as yyyy-MM-dd, numbers invariant, empty text as nothing.</summary>
    public static string? Format<T>(T value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
