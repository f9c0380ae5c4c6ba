using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Notifications;

public sealed record NotificationResponse(long Id, string Text, long? TicketId, string? TicketNumber, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, Baton.Domain.Informing.NoticeKind Kind = Baton.Domain.Informing.NoticeKind.General, int Count = 1, string? ProjectNumber = null);

/// <summary>A person's own notifications: the page, the header's count and the API read them here.</summary>
public static class NotificationInbox
{
    public const int MaxLimit = 100;

    /// <summary>Newest first; <paramref name="beforeId"/> pages back (keyset on the (UserId, Id) index).</summary>
    public static async Task<IReadOnlyList<NotificationResponse>> ListAsync(BatonDb db, string userId, bool unreadOnly, long? beforeId, int limit, CancellationToken ct)
    {
        var q = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        if (unreadOnly)
        {
            q = q.Where(n => n.ReadAt == null);
        }

        if (beforeId is { } before)
        {
            q = q.Where(n => n.Id < before);
        }

        return await q.OrderByDescending(n => n.Id)
            .Take(Math.Clamp(limit, 1, MaxLimit))
            .Select(n => new NotificationResponse(
                n.Id, n.Text, n.TicketId,
                db.Tickets.Where(t => t.Id == n.TicketId).Select(t => t.Number).FirstOrDefault(),
                n.CreatedAt, n.ReadAt, n.Kind, n.Count,
                db.Projects.Where(p => p.Id == n.ProjectId).Select(p => p.Number).FirstOrDefault()))
            .ToListAsync(ct);
    }

    public static Task<int> CountUnreadAsync(BatonDb db, string userId, CancellationToken ct) =>
        db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);

    /// <summary>Marks every unread notification of the user read; returns how many.</summary>
    public static Task<int> MarkAllReadAsync(BatonDb db, string userId, DateTimeOffset now, CancellationToken ct) =>
        db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
}
