using Baton.Domain.Meetings;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Meetings;

/// <summary>
/// An attendee's calendar answer by mail (METHOD:REPLY) to one of Baton's invitations: it sets their attendance and
/// goes on the record's trail — and is no customer reply, so the ticket is neither resumed nor reopened and nobody is
/// told of a reply (it never becomes a ticket message). Only the sender's own answer counts: a mail cannot answer
/// for someone else.
/// </summary>
public sealed class MeetingReplies(TimeProvider clock) : ICalendarReplies
{
    public async Task<CalendarReplyFiled?> FileAsync(BatonDb db, string calendar, string fromAddress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (CalendarReply.Read(calendar) is not { } reply)
        {
            return null;
        }

        var meeting = await db.Meetings.Include(m => m.Attendees).SingleOrDefaultAsync(m => m.Uid == reply.Uid, ct);
        if (meeting is null)
        {
            return null; // an answer to someone else's invitation: the mail is filed as any other
        }

        var answer = reply.Answers.FirstOrDefault(a => string.Equals(a.Email, fromAddress.Trim(), StringComparison.OrdinalIgnoreCase));
        if (answer is null)
        {
            return new CalendarReplyFiled(meeting.RecordKind, meeting.RecordId,
                $"A calendar answer to “{meeting.Title}” from {fromAddress}, who answers for nobody it names; nothing changed.");
        }

        var outcome = meeting.RecordReply(answer.Email, answer.Attendance, reply.Sequence, clock.GetUtcNow());
        var what = outcome switch
        {
            ReplyOutcome.Recorded => $"{answer.Email} answered {answer.Attendance} to “{meeting.Title}”.",
            ReplyOutcome.Unchanged => $"{answer.Email} answered {answer.Attendance} to “{meeting.Title}” again; nothing changed.",
            ReplyOutcome.NotAnAttendee => $"{answer.Email} is not invited to “{meeting.Title}”; nothing changed.",
            ReplyOutcome.OutOfDate => $"{answer.Email} answered an earlier version of “{meeting.Title}” (sequence {reply.Sequence}, now {meeting.Sequence}); nothing changed.",
            ReplyOutcome.Cancelled => $"{answer.Email} answered “{meeting.Title}”, which is cancelled; nothing changed.",
            _ => "Nothing changed.",
        };
        return new CalendarReplyFiled(meeting.RecordKind, meeting.RecordId, what);
    }
}

public static class MeetingServices
{
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddSingleton<MeetingInvitations>();
        services.AddSingleton<ICalendarReplies, MeetingReplies>();
        return services;
    }
}
