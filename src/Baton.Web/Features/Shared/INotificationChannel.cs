namespace Baton.Web.Features.Shared;

/// <summary>
/// The seam for telling staff about what needs them (SLA crossings, hypercare, close-out decisions, mail replies):
/// in-app always, and by mail when an SMTP server is configured (Features/Mail/MailedNotifications).
/// </summary>
public interface INotificationChannel
{
    /// <summary>
    /// Queues a notice to each user — about the ticket, or about no single ticket when <paramref name="ticketId"/> is
    /// null (a project's hypercare period ended) — inside the caller's transaction, so the cause and its notices commit
    /// together (and a mail about it is sent only if they do).
    /// </summary>
    Task NotifyAsync(Data.BatonDb db, IReadOnlyCollection<string> userIds, long? ticketId, string text, DateTimeOffset now, CancellationToken ct);
}
