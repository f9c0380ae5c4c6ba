namespace Baton.Domain.Audit;

/// <summary>
/// One change to a record, by whom and when: the same shape for every kind of record (tickets, projects, and the
/// records that come next). Append-only: no setter, no method changes it, and the database rejects UPDATE and DELETE
/// on its table. <see cref="RecordId"/> is filled in when the entry is written, since a new record has no id before.
/// </summary>
public sealed class AuditEntry
{
    public const int RecordKindMaxLength = 40;
    public const int ActorIdMaxLength = 450;
    public const int ActorNameMaxLength = 120;
    public const int FieldMaxLength = 60;

    private AuditEntry()
    {
        RecordKind = ActorId = ActorName = Field = "";
    }

    public AuditEntry(string recordKind, Actor actor, DateTimeOffset at, string field, string? oldValue, string? newValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordKind);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        RecordKind = recordKind;
        ActorId = actor.UserId;
        ActorName = actor.DisplayName;
        At = at;
        Field = field;
        OldValue = oldValue;
        NewValue = newValue;
    }

    public long Id { get; private set; }

    /// <summary>What kind of record changed (<c>Ticket.RecordKind</c>, <c>Project.RecordKind</c>, …).</summary>
    public string RecordKind { get; private set; }

    /// <summary>The record's database id, within its kind.</summary>
    public long RecordId { get; private set; }

    public DateTimeOffset At { get; private set; }
    public string ActorId { get; private set; }
    public string ActorName { get; private set; }
    public string Field { get; private set; }
    public string? OldValue { get; private set; }
    public string? NewValue { get; private set; }
}
