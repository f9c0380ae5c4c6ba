namespace Baton.Web.Features.ServiceLevels;

/// <summary>The seam for telling people about SLA crossings: in-app today, mail when the mail issue lands.</summary>
public interface INotificationChannel
{
    /// <summary>Queues a notice to each user, inside the caller's transaction (so a crossing and its notices commit together).</summary>
    void Notify(Data.BatonDb db, IReadOnlyCollection<string> userIds, long ticketId, string text, DateTimeOffset now);
}
