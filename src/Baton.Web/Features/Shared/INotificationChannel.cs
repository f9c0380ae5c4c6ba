using Baton.Domain.Informing;

namespace Baton.Web.Features.Shared;

/// <summary>
/// One notice: its kind (people choose per kind how they hear of it), the ticket it is about if any, and its words.
/// <see cref="Number"/> names the ticket in a grouped notice ("3 new replies on INC-000123"). A project's notice
/// (a deliverable decided, hypercare ending) names its project in <see cref="ProjectId"/> and no ticket.
/// </summary>
public sealed record Notice(NoticeKind Kind, long? TicketId, string? Number, string Text, DateTimeOffset At, int? ProjectId = null)
{
    /// <summary>Places on the record's page the mail links to besides the page itself (a ticket's reply box, "#reply").</summary>
    public IReadOnlyList<NoticeAction> Actions { get; init; } = [];
}

/// <summary>A link in a notice's mail to a part of its record's page: <c>Anchor</c> is the fragment without '#'.</summary>
public sealed record NoticeAction(string Text, string Anchor);

/// <summary>
/// The seam for telling staff about what needs them (SLA crossings, hypercare, close-out decisions, record events):
/// in-app, and by mail when an SMTP server is configured (Features/Mail/MailedNotifications), as each person chose.
/// </summary>
public interface INotificationChannel
{
    /// <summary>
    /// Queues the notice to each user inside the caller's transaction, so the cause and its notices commit together
    /// (and a mail about it is sent only if they do). The same kind on the same ticket for the same person within
    /// <see cref="NoticeKinds.GroupWindow"/>, still unread, is folded into the notice they have.
    /// </summary>
    Task NotifyAsync(Data.BatonDb db, IReadOnlyCollection<string> userIds, Notice notice, CancellationToken ct);

    /// <summary>A notice of no particular kind (<see cref="NoticeKind.General"/>), about the ticket or about no single ticket.</summary>
    Task NotifyAsync(Data.BatonDb db, IReadOnlyCollection<string> userIds, long? ticketId, string text, DateTimeOffset now, CancellationToken ct) =>
        NotifyAsync(db, userIds, new Notice(NoticeKind.General, ticketId, null, text, now), ct);
}
