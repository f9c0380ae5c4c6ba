namespace Baton.Domain.Events;

/// <summary>
/// Something that happened to a record (a ticket opened, a project entered hypercare), raised by the aggregate's domain
/// method as part of the change. Plain data: it is stored as JSON when an after-commit handler needs it, so it carries
/// what a handler needs to decide and no object references. The record's database id is not part of it (a new record
/// has none yet); it travels beside the event.
/// </summary>
public interface IRecordEvent
{
    DateTimeOffset OccurredAt { get; }
}

/// <summary>An aggregate that records events: they wait here until the change is saved, then are dispatched and cleared.</summary>
public interface IRecordWithEvents
{
    /// <summary>"ticket", "project": with <see cref="RecordId"/>, which record an event is about.</summary>
    string RecordKind { get; }

    long RecordId { get; }

    IReadOnlyList<IRecordEvent> PendingEvents { get; }

    void ClearPendingEvents();
}

/// <summary>The pending events of one aggregate (composition, not a base class).</summary>
public sealed class PendingEvents
{
    private readonly List<IRecordEvent> _events = [];

    public IReadOnlyList<IRecordEvent> All => _events;

    public void Raise(IRecordEvent e) => _events.Add(e);

    public void Clear() => _events.Clear();
}
