namespace Baton.Domain.Tickets;

/// <summary>
/// One field changed, by whom and when. Append-only: no setter, no method changes it, the database
/// rejects UPDATE and DELETE on its table.
/// </summary>
public sealed class TicketAuditEntry
{
    private TicketAuditEntry()
    {
        ActorId = ActorName = Field = "";
    }

    internal TicketAuditEntry(Actor actor, DateTimeOffset at, string field, string? oldValue, string? newValue)
    {
        ActorId = actor.UserId;
        ActorName = actor.DisplayName;
        At = at;
        Field = field;
        OldValue = oldValue;
        NewValue = newValue;
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string ActorId { get; private set; }
    public string ActorName { get; private set; }
    public string Field { get; private set; }
    public string? OldValue { get; private set; }
    public string? NewValue { get; private set; }
}
