using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baton.Web.Features.Meetings;

public static class MeetingsApi
{
    public static RouteGroupBuilder MapMeetingsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tickets/{number}/meetings").WithTags("Meetings");
        group.MapGet("/", List).WithName("ListTicketMeetings")
            .WithSummary("The ticket's meetings, earliest first, with each attendee's answer; a contact sees those they attend.");
        group.MapPost("/", Call).WithName("CallTicketMeeting")
            .WithSummary("Call a meeting (staff only): invitations (iCalendar METHOD:REQUEST) go to every attendee by mail. Attendees left out: the requester; organizer left out: the assignee.");
        group.MapGet("/{meetingId:long}", Get).WithName("GetTicketMeeting").WithSummary("One meeting; the ETag header is its version.");
        group.MapPut("/{meetingId:long}", Change).WithName("ChangeTicketMeeting")
            .WithSummary("Reschedule or edit (staff only): the attendees get an update with the same UID and SEQUENCE+1, those taken off a cancellation. If-Match or version: a meeting changed since you read it answers 412 and nothing is sent.");
        group.MapPost("/{meetingId:long}/cancel", Cancel).WithName("CancelTicketMeeting")
            .WithSummary("Cancel (staff only): every attendee gets METHOD:CANCEL. If-Match or version optional.");
        group.MapPut("/{meetingId:long}/minutes", Minutes).WithName("RecordTicketMeetingMinutes")
            .WithSummary("Record the minutes once the meeting has started (staff only).");
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<MeetingResponse>>, ProblemHttpResult>> List(string number, BatonDb db, HttpContext http, CancellationToken ct) =>
        await TicketMeetings.ListAsync(db, CurrentUser.From(http.User), number, ct) is { } meetings ? TypedResults.Ok(meetings) : NoTicket(number);

    public static async Task<Results<Ok<MeetingResponse>, ProblemHttpResult>> Get(string number, long meetingId, BatonDb db, HttpContext http, CancellationToken ct) =>
        Answer(http, await TicketMeetings.GetAsync(db, CurrentUser.From(http.User), number, meetingId, ct), number);

    public static async Task<Results<Created<MeetingResponse>, ProblemHttpResult>> Call(
        string number, MeetingRequest request, BatonDb db, HttpContext http, MeetingInvitations invitations, TimeProvider clock, CancellationToken ct)
    {
        var meeting = await TicketMeetings.CallAsync(db, CurrentUser.From(http.User), number, request, invitations, clock, ct);
        if (meeting is null)
        {
            return NoTicket(number);
        }

        http.Response.Headers.ETag = Versions.ETag(meeting.Version);
        return TypedResults.Created($"/api/v1/tickets/{meeting.TicketNumber}/meetings/{meeting.Id}", meeting);
    }

    public static async Task<Results<Ok<MeetingResponse>, ProblemHttpResult>> Change(
        string number, long meetingId, MeetingRequest request, BatonDb db, HttpContext http, MeetingInvitations invitations, TimeProvider clock, CancellationToken ct) =>
        Answer(http, await TicketMeetings.ChangeAsync(db, CurrentUser.From(http.User), number, meetingId, Versions.IfMatch(http.Request, required: false), request, invitations, clock, ct), number);

    public static async Task<Results<Ok<MeetingResponse>, ProblemHttpResult>> Cancel(
        string number, long meetingId, BatonDb db, HttpContext http, MeetingInvitations invitations, TimeProvider clock, CancellationToken ct, CancelMeetingRequest? request = null) =>
        Answer(http, await TicketMeetings.CancelAsync(db, CurrentUser.From(http.User), number, meetingId, Versions.IfMatch(http.Request, required: false) ?? request?.Version, invitations, clock, ct), number);

    public static async Task<Results<Ok<MeetingResponse>, ProblemHttpResult>> Minutes(
        string number, long meetingId, MeetingMinutesRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        Answer(http, await TicketMeetings.RecordMinutesAsync(db, CurrentUser.From(http.User), number, meetingId, Versions.IfMatch(http.Request, required: false) ?? request?.Version, request?.Minutes, clock, ct), number);

    private static Results<Ok<MeetingResponse>, ProblemHttpResult> Answer(HttpContext http, MeetingResponse? meeting, string number)
    {
        if (meeting is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no such meeting on ticket {number}.", statusCode: 404);
        }

        http.Response.Headers.ETag = Versions.ETag(meeting.Version);
        return TypedResults.Ok(meeting);
    }

    private static ProblemHttpResult NoTicket(string number) =>
        TypedResults.Problem(title: "Not found", detail: $"There is no ticket {number}.", statusCode: 404);
}
