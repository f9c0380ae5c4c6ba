using Baton.Domain.Informing;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Notifications;

/// <summary>The in-app channel: one <see cref="Notification"/> row per person, saved with the caller's changes.</summary>
public sealed class InAppNotifications : INotificationChannel
{
    public async Task NotifyAsync(BatonDb db, IReadOnlyCollection<string> userIds, Notice notice, CancellationToken ct) =>
        await AddAsync(db, userIds, notice, ct);

    /// <summary>
    /// Adds the notice for each user, or folds it into their unread one of the same kind on the same ticket from the
    /// last five minutes. Returns who got a new notification (the mail channel mails only them). The new notifications
    /// of <paramref name="digested"/> wait for their person's daily digest.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> AddAsync(
        BatonDb db, IReadOnlyCollection<string> userIds, Notice notice, CancellationToken ct, IReadOnlyCollection<string>? digested = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(notice);
        var fresh = userIds.Distinct().ToList();
        if (NoticeKinds.Groups(notice.Kind) && notice.TicketId is { } ticketId && fresh.Count > 0)
        {
            var since = notice.At - NoticeKinds.GroupWindow;
            var open = await db.Notifications
                .Where(n => fresh.Contains(n.UserId) && n.TicketId == ticketId && n.Kind == notice.Kind && n.ReadAt == null && n.CreatedAt >= since)
                .ToListAsync(ct);
            foreach (var group in open.GroupBy(n => n.UserId))
            {
                var latest = group.OrderByDescending(n => n.Id).First();
                latest.Count++;
                latest.Text = Notification.Fit(NoticeKinds.Grouped(notice.Kind, notice.Number ?? "the ticket", latest.Count, notice.Text));
                fresh.Remove(group.Key);
            }
        }

        foreach (var userId in fresh)
        {
            db.Notifications.Add(new Notification
            {
                UserId = userId, TicketId = notice.TicketId, ProjectId = notice.ProjectId, Kind = notice.Kind, Text = Notification.Fit(notice.Text), CreatedAt = notice.At,
                DigestPending = digested?.Contains(userId) == true,
            });
        }

        return fresh;
    }
}
