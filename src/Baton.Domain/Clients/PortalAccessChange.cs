namespace Baton.Domain.Clients;

/// <summary>One revocation or restoration of a contact's portal access: who did it, when and why. Append-only.</summary>
public sealed class PortalAccessChange
{
    private PortalAccessChange()
    {
        ActorId = ActorName = Reason = "";
    }

    internal PortalAccessChange(int clientId, int contactId, bool revoked, string reason, Actor by, DateTimeOffset at)
    {
        ClientId = clientId;
        ContactId = contactId;
        Revoked = revoked;
        Reason = reason;
        ActorId = by.UserId;
        ActorName = by.DisplayName;
        At = at;
    }

    public long Id { get; private set; }
    public int ClientId { get; private set; }
    public int ContactId { get; private set; }

    /// <summary>True: access revoked; false: access restored.</summary>
    public bool Revoked { get; private set; }

    public string Reason { get; private set; }
    public string ActorId { get; private set; }
    public string ActorName { get; private set; }
    public DateTimeOffset At { get; private set; }
}
