using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baton.Web.Features.Notifications;

public sealed record MarkedRead(int Count);

public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("Notifications");
        group.MapGet("/", List).WithName("ListNotifications")
            .WithSummary("Your own notifications (SLA at-risk and breach notices), newest first. unread=true for unread only; before=<id> pages back.");
        group.MapGet("/preferences", Preferences).WithName("GetNotificationPreferences")
            .WithSummary("How you hear of each kind of notice: MailAndInApp (the default), InAppOnly, Digest (in-app, and by mail in your daily digest) or Off. canTurnOff=false kinds (an SLA breach) cannot be Off.");
        group.MapPut("/preferences", SavePreferences).WithName("SaveNotificationPreferences")
            .WithSummary("Set how you hear of the kinds you name; kinds you leave out keep their setting.");
        group.MapGet("/digest", DigestTime).WithName("GetDigestTime")
            .WithSummary("When your daily digest is mailed (HH:mm in your profile's time zone; 08:00 unless you chose).");
        group.MapPut("/digest", SaveDigestTime).WithName("SaveDigestTime").WithSummary("Choose when your daily digest is mailed: time as HH:mm, 24-hour, your time zone.");
        group.MapPost("/read", MarkAllRead).WithName("MarkNotificationsRead").WithSummary("Mark all your unread notifications read.");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<NotificationResponse>>> List(BatonDb db, HttpContext http, bool? unread, long? before, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > NotificationInbox.MaxLimit)
        {
            throw InputInvalidException.For("limit", $"limit must be between 1 and {NotificationInbox.MaxLimit}.");
        }

        var user = CurrentUser.From(http.User);
        return TypedResults.Ok(await NotificationInbox.ListAsync(db, user.Id, unread ?? false, before, limit ?? 50, ct));
    }

    public static async Task<Ok<IReadOnlyList<NoticePreferenceResponse>>> Preferences(BatonDb db, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await NoticePreferences.ListAsync(db, CurrentUser.From(http.User).Id, ct));

    public static async Task<Ok<IReadOnlyList<NoticePreferenceResponse>>> SavePreferences(NoticePreferencesRequest request, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await NoticePreferences.SaveAsync(db, user.Id, request.Preferences ?? [], ct);
        return TypedResults.Ok(await NoticePreferences.ListAsync(db, user.Id, ct));
    }

    public static async Task<Ok<DigestTimeResponse>> DigestTime(BatonDb db, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await NoticePreferences.DigestTimeAsync(db, CurrentUser.From(http.User).Id, ct));

    public static async Task<Ok<DigestTimeResponse>> SaveDigestTime(DigestTimeRequest request, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        await NoticePreferences.SaveDigestTimeAsync(db, user.Id, request.Time, "time", ct);
        return TypedResults.Ok(await NoticePreferences.DigestTimeAsync(db, user.Id, ct));
    }

    public static async Task<Ok<MarkedRead>> MarkAllRead(BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        return TypedResults.Ok(new MarkedRead(await NotificationInbox.MarkAllReadAsync(db, user.Id, clock.GetUtcNow(), ct)));
    }
}
