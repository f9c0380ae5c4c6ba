using Baton.Domain.Meetings;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Meetings;

/// <summary>
/// A ticket's meetings in full (/Tickets/{number}/Meetings): the list with reschedule, cancel and minutes, and the call
/// form — where the ticket page's call form posts, and is shown again with its messages when refused.
/// </summary>
public sealed class TicketMeetingsModel(BatonDb db, TimeProvider clock, MeetingInvitations invitations) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public MeetingPurpose Purpose { get; set; } = MeetingPurpose.Meeting;

    [BindProperty]
    public MeetingInput Call { get; set; } = new();

    public MeetingsSection Section { get; private set; } = default!;

    public string? Problem { get; private set; }

    public CurrentUser Me { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(keepInput: false, ct);

    public Task<IActionResult> OnPostCallAsync(CancellationToken ct) => RunAsync(
        "Call", me => TicketMeetings.CallAsync(db, me, Number, Call.ToRequest(me.TimeZoneId), invitations, clock, ct), "Meeting called; the invitations are on their way.", ct);

    public Task<IActionResult> OnPostChangeAsync(long meetingId, CancellationToken ct) => RunAsync(
        "Call", me => TicketMeetings.ChangeAsync(db, me, Number, meetingId, Call.Version, Call.ToRequest(me.TimeZoneId), invitations, clock, ct), "Meeting changed; the attendees are sent the update.", ct);

    public Task<IActionResult> OnPostCancelAsync(long meetingId, int version, CancellationToken ct) => RunAsync(
        "Call", me => TicketMeetings.CancelAsync(db, me, Number, meetingId, version, invitations, clock, ct), "Meeting cancelled; the attendees are told.", ct);

    public Task<IActionResult> OnPostMinutesAsync(long meetingId, int version, string? minutes, CancellationToken ct) => RunAsync(
        "Minutes", me => TicketMeetings.RecordMinutesAsync(db, me, Number, meetingId, version, minutes, clock, ct), "Minutes recorded.", ct);

    private async Task<IActionResult> RunAsync(string prefix, Func<CurrentUser, Task<MeetingResponse?>> work, string done, CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        return await PageUseCase.RunAsync(this, prefix,
            async () => await work(me) is { } meeting ? this.Done(done, $"/Tickets/{meeting.TicketNumber}#meetings") : null,
            async problem =>
            {
                Problem = problem?.Message;
                return await ShowAsync(keepInput: true, ct);
            },
            field => MeetingInput.Field(field) is { } key ? $"{prefix}.{key}" : null);
    }

    private async Task<IActionResult> ShowAsync(bool keepInput, CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        var ticket = await db.Tickets.AsNoTracking().VisibleTo(Me).Where(t => t.Number == Number.ToUpperInvariant())
            .Select(t => new { t.Number, t.ClientId, t.RequesterId, t.AssigneeId, t.Status }).SingleOrDefaultAsync(ct);
        if (ticket is null)
        {
            return NotFound();
        }

        Number = ticket.Number;
        Section = await MeetingsSection.LoadAsync(db, Me, ticket.Number, ticket.ClientId, ticket.RequesterId, ticket.AssigneeId,
            ticket.Status == Baton.Domain.Tickets.TicketStatus.Closed, Purpose, clock.GetUtcNow(), ct);
        if (keepInput)
        {
            Section = Section with { Call = Call };
        }

        return Page();
    }

    /// <summary>The form to reschedule a meeting, filled from it in the reader's zone.</summary>
    public MeetingInput Reschedule(MeetingResponse m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var zone = UserTime.Zone(Me.TimeZoneId);
        return new MeetingInput
        {
            Purpose = m.Purpose, Title = m.Title, Start = TimeZoneInfo.ConvertTime(m.Start, zone).DateTime, End = TimeZoneInfo.ConvertTime(m.End, zone).DateTime,
            Location = m.Location, OnlineUrl = m.OnlineUrl, Agenda = m.Agenda, Version = m.Version,
            OrganizerId = m.Attendees.FirstOrDefault(a => a.Organizer)?.UserId,
            ContactIds = [.. m.Attendees.Where(a => a.ContactId is not null).Select(a => a.ContactId!.Value)],
            UserIds = [.. m.Attendees.Where(a => !a.Organizer && a.UserId is not null).Select(a => a.UserId!)],
        };
    }
}
