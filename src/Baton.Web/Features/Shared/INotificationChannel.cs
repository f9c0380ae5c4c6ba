namespace Baton.Web.Features.Shared;

/// <summary>The seam for telling people about SLA crossings: in-app today, mail when the mail issue lands.</summary>
public interface INotificationChannel
{
    /// <summary>Queues a notice to each user, inside the caller's transaction (so a crossing and its notices commit together).</summary>
    void Notify(Data.BatonDb db, IReadOnlyCollection<string> userIds, long ticketId, string text, DateTimeOffset now);

    /// <summary>
    /// A notice about no single ticket (a project's hypercare period ended), queued the same way. In-app unless a channel
    /// says otherwise.
    /// </summary>
    void Notify(Data.BatonDb db, IReadOnlyCollection<string> userIds, string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(userIds);
        foreach (var userId in userIds)
        {
            db.Notifications.Add(new Data.Notification { UserId = userId, Text = text, CreatedAt = now });
        }
    }
}
