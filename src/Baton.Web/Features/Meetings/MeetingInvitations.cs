using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Baton.Domain.Meetings;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Calendar;
using Baton.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Meetings;

/// <summary>
/// Queues a meeting's iCalendar mail in the outbox, one message per attendee (RFC 6047: each recipient their own copy),
/// in the same save as the change: METHOD:REQUEST to those invited (a new SEQUENCE replaces their copy), METHOD:CANCEL
/// to those taken off or to everyone when it is cancelled. The ORGANIZER address is the desk's own inbound address, so
/// the attendees' calendar answers come back to Baton (<see cref="MeetingReplies"/>) and not to one person's inbox.
/// Keyed by meeting, sequence and attendee: the same invitation is never queued twice.
/// </summary>
/// <remarks>
/// The mail settings are read by their documented keys rather than through the mail feature's option classes: the
/// ticket page hosts meetings and mail files tickets, so Meetings → Mail would close a cycle (FeatureDependencyTests).
/// </remarks>
public sealed class MeetingInvitations(IConfiguration configuration)
{
    public const string InvitationKind = "MeetingInvitation";
    public const string CancellationKind = "MeetingCancellation";

    /// <summary>The address calendar answers go to: Mail:Inbound:Address, else the address Baton sends from.</summary>
    public string OrganizerAddress => configuration["Mail:Inbound:Address"] is { Length: > 0 } own ? own : configuration["Mail:Smtp:FromAddress"] ?? "";

    /// <summary>Mail:DeskName: how the desk signs its mail.</summary>
    private string DeskName => configuration["Mail:DeskName"] is { Length: > 0 } name ? name : "The service desk";

    public async Task QueueAsync(BatonDb db, Meeting meeting, string ticketNumber, IReadOnlyCollection<MeetingAttendee> invited, IReadOnlyCollection<MeetingAttendee> cancelled, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(invited);
        ArgumentNullException.ThrowIfNull(cancelled);
        if (invited.Count + cancelled.Count == 0)
        {
            return;
        }

        var zones = await ZonesAsync(db, [.. invited, .. cancelled], ct);
        if (invited.Count > 0)
        {
            var ics = Calendar(meeting, IcsMethod.Request, meeting.Attendees, now);
            foreach (var attendee in invited)
            {
                Add(db, meeting, attendee, InvitationKind, meeting.Sequence == 0 ? "Invitation" : "Updated invitation", ticketNumber, ics, zones, now);
            }
        }

        if (cancelled.Count > 0)
        {
            // A cancellation carries the attendees it cancels for (RFC 5546 §3.2.5): everyone, or those taken off.
            var ics = Calendar(meeting, IcsMethod.Cancel, cancelled, now);
            foreach (var attendee in cancelled)
            {
                Add(db, meeting, attendee, CancellationKind, "Cancelled", ticketNumber, ics, zones, now);
            }
        }
    }

    /// <summary>The event as each message carries it: the meeting's UID and SEQUENCE, every attendee with their answer so far.</summary>
    public string Calendar(Meeting meeting, string method, IEnumerable<MeetingAttendee> attendees, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var organizerName = $"{meeting.OrganizerName} ({DeskName})";
        var description = new StringBuilder(meeting.Agenda);
        if (meeting.OnlineUrl.Length > 0)
        {
            description.Append(description.Length > 0 ? "\n\n" : "").Append("Join: ").Append(meeting.OnlineUrl);
        }

        var e = new IcsEvent(
            meeting.Uid, meeting.Sequence, meeting.StartsAt, meeting.EndsAt, meeting.Title, description.ToString(),
            meeting.Location.Length > 0 ? meeting.Location : meeting.OnlineUrl, method == IcsMethod.Cancel, meeting.CreatedAt, meeting.UpdatedAt,
            meeting.OnlineUrl.Length > 0 ? meeting.OnlineUrl : null)
        {
            Organizer = new IcsPerson(organizerName, OrganizerAddress),
            Attendees = [.. attendees.Select(a => new IcsAttendee(new IcsPerson(a.Name, a.Email), PartStat(a.Attendance), Chair: a.IsOrganizer))],
        };
        return IcsWriter.Message(method, [e], now);
    }

    public static string PartStat(Attendance attendance) => attendance switch
    {
        Attendance.Accepted => "ACCEPTED",
        Attendance.Declined => "DECLINED",
        Attendance.Tentative => "TENTATIVE",
        Attendance.NeedsAction => "NEEDS-ACTION",
        _ => "NEEDS-ACTION",
    };

    private void Add(BatonDb db, Meeting meeting, MeetingAttendee attendee, string kind, string what, string ticketNumber, string ics, IReadOnlyDictionary<string, string> zones, DateTimeOffset now)
    {
        var zone = zones.GetValueOrDefault(attendee.Key, "UTC");
        var when = $"{UserTime.Format(meeting.StartsAt, zone)} – {UserTime.FormatWithoutZone(meeting.EndsAt, zone)[11..]}";
        var subject = $"[{ticketNumber}] {what}: {meeting.Title} · {when}";
        var e = HtmlEncoder.Default;
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">");
        html.Append(CultureInfo.InvariantCulture, $"<p>{e.Encode(what)}: <strong>{e.Encode(meeting.Title)}</strong> about {e.Encode(ticketNumber)}{(meeting.Purpose == MeetingPurpose.Meeting ? "" : " — " + e.Encode(Purpose(meeting.Purpose)))}.</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p>When: {e.Encode(when)}</p>");
        if (meeting.Location.Length > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Where: {e.Encode(meeting.Location)}</p>");
        }

        if (meeting.OnlineUrl.Length > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Join: <a href=\"{e.Encode(meeting.OnlineUrl)}\">{e.Encode(meeting.OnlineUrl)}</a></p>");
        }

        if (meeting.Agenda.Length > 0 && kind == InvitationKind)
        {
            html.Append("<p>Agenda:</p><p>").Append(e.Encode(meeting.Agenda).Replace("&#xA;", "<br>", StringComparison.Ordinal)).Append("</p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p>Organised by {e.Encode(meeting.OrganizerName)}. Accept or decline in your calendar; your answer reaches the service desk.</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p>— {e.Encode(DeskName)}</p></body></html>");
        db.OutboxMessages.Add(new OutboxMessage
        {
            Key = $"meeting:{meeting.Uid}:{meeting.Sequence.ToString(CultureInfo.InvariantCulture)}:{AttendeeKey(attendee)}",
            Kind = kind,
            Recipients = attendee.Email,
            Subject = subject.Length > 400 ? subject[..400] : subject,
            HtmlBody = html.ToString(),
            CalendarPart = ics,
            CreatedAt = now,
            ReplyTo = OrganizerAddress,
            // No TicketId: an invitation is not part of the ticket's reply thread (calendar clients follow the UID),
            // and a meeting's invitations to several people must not count against the ticket's mail brake.
        });
    }

    public static string Purpose(MeetingPurpose purpose) => purpose switch
    {
        MeetingPurpose.UserAcceptanceTest => "user-acceptance test",
        MeetingPurpose.Feedback => "feedback",
        MeetingPurpose.Meeting => "meeting",
        _ => "meeting",
    };

    /// <summary>Short and stable per person (their address may be long): the outbox key must stay under 200 characters.</summary>
    private static string AttendeeKey(MeetingAttendee attendee) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(attendee.Key + "|" + attendee.Email.ToLowerInvariant())))[..16];

    /// <summary>Each attendee's zone for the times in the mail: a staff member's own, a contact's client's.</summary>
    private static async Task<Dictionary<string, string>> ZonesAsync(BatonDb db, IReadOnlyCollection<MeetingAttendee> attendees, CancellationToken ct)
    {
        var userIds = attendees.Where(a => a.UserId is not null).Select(a => a.UserId!).Distinct().ToList();
        var contactIds = attendees.Where(a => a.ContactId is not null).Select(a => a.ContactId!.Value).Distinct().ToList();
        var staff = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.TimeZoneId }).ToListAsync(ct);
        var contacts = await (from c in db.Contacts.AsNoTracking()
                              join k in db.Clients on c.ClientId equals k.Id
                              where contactIds.Contains(c.Id)
                              select new { c.Id, k.TimeZoneId }).ToListAsync(ct);
        return staff.Select(s => (Key: $"staff:{s.Id}", s.TimeZoneId))
            .Concat(contacts.Select(c => (Key: $"contact:{c.Id}", c.TimeZoneId)))
            .ToDictionary(x => x.Key, x => x.TimeZoneId, StringComparer.Ordinal);
    }
}
