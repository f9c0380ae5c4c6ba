using Baton.Domain.Meetings;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Meetings;

/// <summary>The "call a meeting" form as typed: local times in the user's own zone, attendees as ticked boxes.</summary>
public sealed record MeetingInput
{
    public MeetingPurpose Purpose { get; set; } = MeetingPurpose.Meeting;
    public string? Title { get; set; }
    public DateTime? Start { get; set; }
    public DateTime? End { get; set; }
    public string? Location { get; set; }
    public string? OnlineUrl { get; set; }
    public string? Agenda { get; set; }
    public string? OrganizerId { get; set; }
    public List<int> ContactIds { get; set; } = [];
    public List<string> UserIds { get; set; } = [];
    public int? Version { get; set; }

    /// <summary>The request the API takes, its local times read in <paramref name="timeZoneId"/>.</summary>
    public MeetingRequest ToRequest(string timeZoneId)
    {
        var zone = UserTime.Zone(timeZoneId);
        DateTimeOffset? Instant(DateTime? local) => local is { } l
            ? new DateTimeOffset(DateTime.SpecifyKind(l, DateTimeKind.Unspecified), zone.GetUtcOffset(DateTime.SpecifyKind(l, DateTimeKind.Unspecified)))
            : null;
        return new MeetingRequest(Purpose, Title, Instant(Start), Instant(End), Location, OnlineUrl, Agenda, OrganizerId,
            [.. ContactIds.Select(c => new MeetingAttendeeRequest(ContactId: c)), .. UserIds.Select(u => new MeetingAttendeeRequest(UserId: u))], Version);
    }

    /// <summary>The form field a use-case field's message goes to.</summary>
    public static string? Field(string field) => field switch
    {
        "purpose" => "Purpose", "title" => "Title", "start" => "Start", "end" => "End", "location" => "Location", "onlineUrl" => "OnlineUrl",
        "agenda" => "Agenda", "organizerId" => "OrganizerId", "minutes" => "Minutes",
        _ when field.StartsWith("attendees", StringComparison.Ordinal) => "Attendees",
        _ => null,
    };
}

/// <summary>What the call form offers: the desk's staff, the ticket client's contacts, and the defaults a user expects.</summary>
public sealed record MeetingFormOptions(string TicketNumber, IReadOnlyList<SelectListItem> Staff, IReadOnlyList<(int Id, string Name, bool IsRequester)> Contacts, string ZoneName)
{
    public static async Task<MeetingFormOptions> LoadAsync(BatonDb db, CurrentUser user, string ticketNumber, int clientId, int requesterId, DateTimeOffset now, CancellationToken ct)
    {
        var staff = await Agents.ActiveStaffAsync(db, now, ct);
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.ClientId == clientId && !c.PortalAccessRevoked).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name }).Take(200).ToListAsync(ct);
        return new MeetingFormOptions(ticketNumber, [.. staff.Select(s => new SelectListItem(s.DisplayName, s.Id))],
            [.. contacts.Select(c => (c.Id, c.Name, c.Id == requesterId))], UserTime.ZoneName(user.TimeZoneId, now));
    }

    /// <summary>A fresh form: the requester invited, the assignee organizing, tomorrow at ten for an hour.</summary>
    public static MeetingInput Defaults(int requesterId, string? assigneeId, string userId, string timeZoneId, DateTimeOffset now, MeetingPurpose purpose)
    {
        var local = TimeZoneInfo.ConvertTime(now, UserTime.Zone(timeZoneId)).Date.AddDays(1).AddHours(10);
        return new MeetingInput
        {
            Purpose = Enum.IsDefined(purpose) ? purpose : MeetingPurpose.Meeting,
            Title = purpose == MeetingPurpose.UserAcceptanceTest ? "User-acceptance test" : purpose == MeetingPurpose.Feedback ? "Feedback conversation" : null,
            Start = local, End = local.AddHours(1), OrganizerId = assigneeId ?? userId, ContactIds = [requesterId],
        };
    }
}

/// <summary>The meetings section of a ticket page: the meetings the reader may see, and the call form for staff.</summary>
public sealed record MeetingsSection(IReadOnlyList<MeetingResponse> Meetings, bool IsStaff, MeetingFormOptions? Options, MeetingInput Call, bool Closed)
{
    public static async Task<MeetingsSection> LoadAsync(BatonDb db, CurrentUser user, string ticketNumber, int clientId, int requesterId, string? assigneeId, bool closed, MeetingPurpose purpose, DateTimeOffset now, CancellationToken ct)
    {
        var meetings = await TicketMeetings.ListAsync(db, user, ticketNumber, ct) ?? [];
        var options = user.IsStaff ? await MeetingFormOptions.LoadAsync(db, user, ticketNumber, clientId, requesterId, now, ct) : null;
        return new MeetingsSection(meetings, user.IsStaff, options, MeetingFormOptions.Defaults(requesterId, assigneeId, user.Id, user.TimeZoneId, now, purpose), closed);
    }
}
