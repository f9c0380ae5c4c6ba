namespace Baton.Domain.Mail;

/// <summary>
/// The brake on outgoing mail, so a loop (an auto-responder answering Baton answering it) cannot flood anyone: at most
/// so many messages to one address per 24 hours and about one ticket per hour. What it holds back waits for the window
/// to free up; it is not dropped (README "Mail"; Znuny's default is 40 a day, Zammad's 10 per 10 minutes).
/// </summary>
public sealed record MailBrake(int PerRecipientPerDay, int PerTicketPerHour)
{
    public static readonly MailBrake Default = new(40, 10);

    public static readonly TimeSpan Day = TimeSpan.FromDays(1);
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>
    /// Given when earlier messages went (to one address, or about one ticket), the instant the next may go: null when it
    /// may go now, else when the oldest send inside the window leaves it.
    /// </summary>
    public static DateTimeOffset? HeldUntil(IEnumerable<DateTimeOffset> sent, int cap, TimeSpan window, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
        var inWindow = sent.Where(t => t > now - window).Order().ToList();
        return inWindow.Count < cap ? null : inWindow[inWindow.Count - cap] + window;
    }
}
