using Baton.Web.Data;
using Baton.Web.Features.Shared;

namespace Baton.Web.Features.Notifications;

/// <summary>The in-app channel: one <see cref="Notification"/> row per person, saved with the caller's changes.</summary>
public sealed class InAppNotifications : INotificationChannel
{
    public Task NotifyAsync(BatonDb db, IReadOnlyCollection<string> userIds, long? ticketId, string text, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(userIds);
        foreach (var userId in userIds)
        {
            db.Notifications.Add(new Notification { UserId = userId, TicketId = ticketId, Text = text, CreatedAt = now });
        }

        return Task.CompletedTask;
    }
}
