using Baton.Domain;
using Baton.Domain.Meetings;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Meetings;

/// <summary>Someone to invite: a staff user (userId) or a contact of the ticket's client (contactId).</summary>
public sealed record MeetingAttendeeRequest(string? UserId = null, int? ContactId = null);

/// <summary>
/// Calls or changes a meeting. Times are instants (ISO 8601 with an offset). Attendees left out: the requester.
/// Organizer left out: the ticket's assignee, else whoever calls it. <see cref="Version"/>: the version you read (a
/// changed meeting answers 412).
/// </summary>
public sealed record MeetingRequest(
    MeetingPurpose Purpose = MeetingPurpose.Meeting,
    string? Title = null,
    DateTimeOffset? Start = null,
    DateTimeOffset? End = null,
    string? Location = null,
    string? OnlineUrl = null,
    string? Agenda = null,
    string? OrganizerId = null,
    IReadOnlyList<MeetingAttendeeRequest>? Attendees = null,
    int? Version = null);

public sealed record MeetingMinutesRequest(string? Minutes = null, int? Version = null);

public sealed record CancelMeetingRequest(int? Version = null);

/// <summary>One attendee and their answer; the user id and address are shown to staff only.</summary>
public sealed record MeetingAttendeeResponse(long Id, AttendeeKind Kind, string? UserId, int? ContactId, string Name, string? Email, bool Organizer, Attendance Attendance, DateTimeOffset? RespondedAt);

public sealed record AttendanceCounts(int Accepted, int Tentative, int Declined, int NoAnswer);

public sealed record MeetingResponse(
    long Id, string TicketNumber, string Uid, int Sequence, int Version, MeetingPurpose Purpose, string Title, DateTimeOffset Start, DateTimeOffset End,
    string? Location, string? OnlineUrl, string? Agenda, string? Minutes, DateTimeOffset? MinutesRecordedAt, MeetingStatus Status,
    string OrganizerName, IReadOnlyList<MeetingAttendeeResponse> Attendees, AttendanceCounts Counts, DateTimeOffset CreatedAt);

/// <summary>
/// The meetings of a ticket, for the ticket page and the API alike: staff call, change, cancel and minute them; a
/// contact sees the ones they attend on their own ticket. Each change and its invitations are one save
/// (<see cref="MeetingInvitations"/> queues them in the outbox), so a meeting is never saved without its mail.
/// </summary>
public static class TicketMeetings
{
    public static async Task<IReadOnlyList<MeetingResponse>?> ListAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct)
    {
        if (await TicketOf(db, user, number, ct) is not { } ticket)
        {
            return null;
        }

        var meetings = await VisibleMeetings(db, user, ticket.Id).AsNoTracking().Include(m => m.Attendees).OrderBy(m => m.StartsAt).ThenBy(m => m.Id).ToListAsync(ct);
        return [.. meetings.Select(m => Response(m, ticket.Number, user))];
    }

    public static async Task<MeetingResponse?> GetAsync(BatonDb db, CurrentUser user, string number, long id, CancellationToken ct)
    {
        if (await TicketOf(db, user, number, ct) is not { } ticket)
        {
            return null;
        }

        var meeting = await VisibleMeetings(db, user, ticket.Id).AsNoTracking().Include(m => m.Attendees).SingleOrDefaultAsync(m => m.Id == id, ct);
        return meeting is null ? null : Response(meeting, ticket.Number, user);
    }

    public static async Task<MeetingResponse?> CallAsync(BatonDb db, CurrentUser user, string number, MeetingRequest request, MeetingInvitations invitations, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(invitations);
        if (await TicketOf(db, user, number, ct) is not { } ticket)
        {
            return null;
        }

        RefuseUnlessStaff(user);
        RefuseIfClosed(ticket);
        var now = clock.GetUtcNow();
        var (organizer, invitees) = await InviteesAsync(db, user, ticket, request, ct);
        var meeting = new Meeting(Ticket.RecordKind, ticket.Id, $"{Guid.NewGuid():N}@baton", Plan(request), organizer, invitees, user.Actor, now);
        db.Meetings.Add(meeting);
        await invitations.QueueAsync(db, meeting, ticket.Number, meeting.Attendees, cancelled: [], now, ct);
        await SaveAsync(db, ct);
        return Response(meeting, ticket.Number, user);
    }

    public static Task<MeetingResponse?> ChangeAsync(BatonDb db, CurrentUser user, string number, long id, int? expectedVersion, MeetingRequest request, MeetingInvitations invitations, TimeProvider clock, CancellationToken ct) =>
        ChangeMeetingAsync(db, user, number, id, expectedVersion ?? request?.Version, clock, async (ticket, meeting, now) =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var sequence = meeting.Sequence;
            var (organizer, invitees) = await InviteesAsync(db, user, ticket, request, ct);
            var removed = meeting.Change(Plan(request), organizer, invitees, user.Actor, now);
            if (meeting.Sequence != sequence)
            {
                await invitations.QueueAsync(db, meeting, ticket.Number, meeting.Attendees, removed, now, ct);
            }
        }, ct);

    public static Task<MeetingResponse?> CancelAsync(BatonDb db, CurrentUser user, string number, long id, int? expectedVersion, MeetingInvitations invitations, TimeProvider clock, CancellationToken ct) =>
        ChangeMeetingAsync(db, user, number, id, expectedVersion, clock, async (ticket, meeting, now) =>
        {
            meeting.Cancel(user.Actor, now);
            await invitations.QueueAsync(db, meeting, ticket.Number, [], meeting.Attendees, now, ct);
        }, ct);

    public static Task<MeetingResponse?> RecordMinutesAsync(BatonDb db, CurrentUser user, string number, long id, int? expectedVersion, string? minutes, TimeProvider clock, CancellationToken ct) =>
        ChangeMeetingAsync(db, user, number, id, expectedVersion, clock, (_, meeting, now) =>
        {
            meeting.RecordMinutes(minutes, user.Actor, now);
            return Task.CompletedTask;
        }, ct);

    /// <summary>
    /// Loads the meeting for change, staff only. The version the caller read becomes the row's expected version, so
    /// a meeting changed since it was read answers 412, and one changed between this read and the save (here, or by a
    /// reply arriving by mail) fails the save: 409; nothing is written either way.
    /// </summary>
    private static async Task<MeetingResponse?> ChangeMeetingAsync(
        BatonDb db, CurrentUser user, string number, long id, int? expectedVersion, TimeProvider clock, Func<Ticket, Meeting, DateTimeOffset, Task> change, CancellationToken ct)
    {
        if (await TicketOf(db, user, number, ct) is not { } ticket)
        {
            return null;
        }

        RefuseUnlessStaff(user);
        var meeting = await db.Meetings.Include(m => m.Attendees).SingleOrDefaultAsync(m => m.RecordKind == Ticket.RecordKind && m.RecordId == ticket.Id && m.Id == id, ct);
        if (meeting is null)
        {
            return null;
        }

        if (expectedVersion is { } expected)
        {
            if (expected != meeting.Version)
            {
                // Read from an older version: a precondition failed (412), as everywhere else a stale If-Match is.
                throw new StaleRecordException($"The meeting \"{meeting.Title}\"", expected, meeting.Version);
            }

            db.Entry(meeting).Property(m => m.Version).OriginalValue = expected;
        }

        await change(ticket, meeting, clock.GetUtcNow());
        await SaveAsync(db, ct);
        return Response(meeting, ticket.Number, user);
    }

    private static Task SaveAsync(BatonDb db, CancellationToken ct) => db.SaveChangesAsync(ct);

    /// <summary>Staff see every meeting of the ticket; a contact only those they attend.</summary>
    private static IQueryable<Meeting> VisibleMeetings(BatonDb db, CurrentUser user, long ticketId)
    {
        var meetings = db.Meetings.Where(m => m.RecordKind == Ticket.RecordKind && m.RecordId == ticketId);
        return user.IsStaff ? meetings
            : meetings.Where(m => m.Attendees.Any(a => a.ContactId != null && a.ContactId == user.ContactId));
    }

    private static Task<Ticket?> TicketOf(BatonDb db, CurrentUser user, string number, CancellationToken ct) =>
        TicketNumber.TryParse(number, out var normalised)
            ? db.Tickets.AsNoTracking().VisibleTo(user).SingleOrDefaultAsync(t => t.Number == normalised, ct)
            : Task.FromResult<Ticket?>(null);

    private static void RefuseUnlessStaff(CurrentUser user)
    {
        if (!user.IsStaff)
        {
            throw new ForbiddenException("Only the service desk calls and changes meetings.");
        }
    }

    private static void RefuseIfClosed(Ticket ticket)
    {
        if (ticket.Status == TicketStatus.Closed)
        {
            throw new DomainRuleException($"{ticket.Number} is closed; open a new ticket to meet about it.", "ticket");
        }
    }

    private static MeetingPlan Plan(MeetingRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Start is null)
        {
            errors["start"] = ["Give the time the meeting starts."];
        }

        if (request.End is null)
        {
            errors["end"] = ["Give the time the meeting ends."];
        }

        if (!Enum.IsDefined(request.Purpose))
        {
            errors["purpose"] = ["Choose what the meeting is for: Meeting, UserAcceptanceTest or Feedback."];
        }

        return errors.Count > 0
            ? throw new InputInvalidException(errors)
            : new MeetingPlan(request.Purpose, request.Title, request.Start!.Value, request.End!.Value, request.Location, request.OnlineUrl, request.Agenda);
    }

    /// <summary>
    /// The organizer and attendees, looked up: staff by user id, contacts by id among the ticket's client's contacts
    /// only — another client's contact is refused on the field that named them, without saying whose they are.
    /// </summary>
    private static async Task<(Invitee Organizer, List<Invitee> Invitees)> InviteesAsync(BatonDb db, CurrentUser user, Ticket ticket, MeetingRequest request, CancellationToken ct)
    {
        var wanted = request.Attendees ?? [new MeetingAttendeeRequest(ContactId: ticket.RequesterId)];
        var organizerId = string.IsNullOrWhiteSpace(request.OrganizerId) ? ticket.AssigneeId ?? user.Id : request.OrganizerId.Trim();
        var userIds = wanted.Where(a => a.UserId is { Length: > 0 }).Select(a => a.UserId!).Append(organizerId).Distinct().ToList();
        var staff = await (from u in db.Users
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where userIds.Contains(u.Id) && Roles.Staff.Contains(r.Name!)
                           select new { u.Id, u.DisplayName, u.Email }).AsNoTracking().ToListAsync(ct);
        var contactIds = wanted.Where(a => a.ContactId is not null).Select(a => a.ContactId!.Value).Distinct().ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id) && c.ClientId == ticket.ClientId)
            .Select(c => new { c.Id, c.Name, c.Email }).ToListAsync(ct);

        var errors = new Dictionary<string, string[]>();
        var organizer = staff.FirstOrDefault(s => s.Id == organizerId);
        if (organizer is null)
        {
            errors["organizerId"] = ["The organizer must be someone on the desk's staff."];
        }

        var invitees = new List<Invitee>();
        for (var i = 0; i < wanted.Count; i++)
        {
            var a = wanted[i];
            if (a.UserId is { Length: > 0 } userId == a.ContactId is not null)
            {
                errors[$"attendees[{i}]"] = ["Name each attendee by userId (staff) or contactId (the client's contact), one of the two."];
            }
            else if (a.ContactId is { } contactId)
            {
                if (contacts.FirstOrDefault(c => c.Id == contactId) is { } contact)
                {
                    invitees.Add(new Invitee(AttendeeKind.Contact, null, contact.Id, contact.Name, contact.Email));
                }
                else
                {
                    errors[$"attendees[{i}].contactId"] = [$"Contact {contactId} is not a contact of this ticket's client; only their own people can be invited."];
                }
            }
            else if (staff.FirstOrDefault(s => s.Id == a.UserId) is { } member)
            {
                invitees.Add(new Invitee(AttendeeKind.Staff, member.Id, null, member.DisplayName, member.Email ?? ""));
            }
            else
            {
                errors[$"attendees[{i}].userId"] = [$"'{a.UserId}' is nobody on the desk's staff."];
            }
        }

        return errors.Count > 0
            ? throw new InputInvalidException(errors)
            : (new Invitee(AttendeeKind.Staff, organizer!.Id, null, organizer.DisplayName, organizer.Email ?? ""), invitees);
    }

    public static MeetingResponse Response(Meeting m, string ticketNumber, CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(user);
        var attendees = m.Attendees.OrderByDescending(a => a.IsOrganizer).ThenBy(a => a.Name, StringComparer.CurrentCulture)
            .Select(a => new MeetingAttendeeResponse(a.Id, a.Kind, user.IsStaff ? a.UserId : null, a.ContactId, a.Name, user.IsStaff ? a.Email : null, a.IsOrganizer, a.Attendance, a.RespondedAt))
            .ToList();
        var counts = new AttendanceCounts(
            m.Attendees.Count(a => a.Attendance == Attendance.Accepted),
            m.Attendees.Count(a => a.Attendance == Attendance.Tentative),
            m.Attendees.Count(a => a.Attendance == Attendance.Declined),
            m.Attendees.Count(a => a.Attendance == Attendance.NeedsAction));
        return new MeetingResponse(
            m.Id, ticketNumber, m.Uid, m.Sequence, m.Version, m.Purpose, m.Title, m.StartsAt, m.EndsAt, Empty(m.Location), Empty(m.OnlineUrl), Empty(m.Agenda),
            Empty(m.Minutes), m.MinutesRecordedAt, m.Status, m.OrganizerName, attendees, counts, m.CreatedAt);
    }

    private static string? Empty(string s) => s.Length == 0 ? null : s;
}
