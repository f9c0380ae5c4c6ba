namespace Baton.Domain.Tickets;

/// <summary>A reply on the timeline. Written once; never edited, so what the requester was told stays told.</summary>
public sealed class TicketMessage
{
    private TicketMessage()
    {
        Body = AuthorId = AuthorName = "";
    }

    internal TicketMessage(string body, MessageVisibility visibility, Actor actor, DateTimeOffset at)
    {
        Body = body;
        Visibility = visibility;
        AuthorId = actor.UserId;
        AuthorName = actor.DisplayName;
        At = at;
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public string Body { get; private set; }
    public MessageVisibility Visibility { get; private set; }
    public string AuthorId { get; private set; }
    public string AuthorName { get; private set; }
    public DateTimeOffset At { get; private set; }
}
