using Baton.Web.Data;
using Baton.Web.Features.Shared;

namespace Baton.Web.Features.Notifications;

/// <summary>The in-app channel: one <see cref="Notification"/> row per person, saved with the caller's changes.</summary>
public sealed class InAppNotifications : INotificationChannel
{
    public void Notify(BatonDb db, IReadOnlyCollection<string> userIds, long ticketId, string text, DateTimeOffset now)
    {
        foreach (var userId in userIds)
        {
            db.Notifications.Add(new Notification { UserId = userId, TicketId = ticketId, Text = text, CreatedAt = now });
        }
    }
}
