namespace Baton.Web.Features.Shared;

/// <summary>What an attendee's calendar answer did: the record it is about (for the mail's row) and a sentence saying what happened.</summary>
public sealed record CalendarReplyFiled(string RecordKind, long RecordId, string Outcome);

/// <summary>
/// The seam for calendar answers arriving by mail (Features/Meetings implements it): the mail feature finds the
/// <c>text/calendar</c> part, the meetings feature decides whether it answers one of its invitations.
/// </summary>
public interface ICalendarReplies
{
    /// <summary>
    /// Files <paramref name="calendar"/> if it is a METHOD:REPLY to a meeting Baton sent; null when it is not one, so
    /// the mail is filed as any other. Saves nothing: the caller saves the answer with the mail's new state.
    /// </summary>
    Task<CalendarReplyFiled?> FileAsync(Data.BatonDb db, string calendar, string fromAddress, CancellationToken ct);
}
