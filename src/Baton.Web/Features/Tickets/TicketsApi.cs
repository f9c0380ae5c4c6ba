using Baton.Web.Features.Shared.Visibility;
using System.Text.Json;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Features.Shared.Audit;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Baton.Web.Infrastructure.Files;
using Baton.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Tickets;

public static class TicketsApi
{
    public static RouteGroupBuilder MapTicketsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tickets").WithTags("Tickets");
        group.MapGet("/", List).WithName("ListTickets").WithSummary("List tickets with filters, search and cursor pagination (newest first by default). sort=due orders by time to breach; sla=atRisk, breached or attention lists tickets by SLA state; sort=NextUpdate orders by the next progress update owed (keep-informed clock); update=AtRisk, Overdue or Stuck lists tickets by it; hypercare=true only hypercare tickets.");
        group.MapPost("/", Create).WithName("CreateTicket").WithSummary("Open an incident or service request. Send an Idempotency-Key header so a retry never creates a duplicate.");
        group.MapGet("/{number}", Get).WithName("GetTicket").WithSummary("One ticket; the ETag header is its version, for If-Match on updates. For staff, progressUpdate is the keep-informed clock (the next progress update owed to the requester, separate from the SLA clocks) and stuck is set while the ticket is stuck.");
        group.MapPatch("/{number}", Update).WithName("UpdateTicket")
            .Accepts<UpdateTicketRequest>("application/merge-patch+json", "application/json")
            .WithSummary("Change fields (merge-patch: fields you omit stay as they are; null clears an optional one). Requires If-Match.");
        group.MapPost("/{number}/assignment", Assign).WithName("AssignTicket").WithSummary("Assign to a team and/or agent (null clears). If-Match optional.");
        group.MapPost("/{number}/transitions", Transition).WithName("TransitionTicket").WithSummary("Move through the lifecycle: Acknowledge, StartWork, AwaitCustomer, Resume, Resolve (note required), Reopen, Close.");
        group.MapGet("/{number}/messages", Messages).WithName("ListTicketMessages").WithSummary("Replies and (for staff) internal notes, oldest first.");
        group.MapPost("/{number}/messages", PostMessage).WithName("PostTicketMessage")
            .WithSummary("Reply to the requester, or add an internal note (internal: true, staff only); 'mentioned' lists the staff the note's @mentions tell.");
        group.MapGet("/{number}/sla", Sla).WithName("GetTicketSla").WithSummary("Coverage under the client's contract and both SLA clocks (first response, resolution) as of now (staff only).");
        group.MapGet("/{number}/audit", Audit).WithName("GetTicketAudit").WithSummary("The append-only audit trail: who changed which field, when, from what to what (staff only).");
        group.MapGet("/{number}/attachments", Attachments).WithName("ListTicketAttachments");
        group.MapPost("/{number}/attachments", Attach).WithName("AttachFile").DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Upload a file (multipart/form-data, field 'file'; optional 'internal'=true for staff; optional 'messageId' to attach it to a reply).")
            .WithMetadata(new RequestSizeLimitAttribute(long.MaxValue));
        group.MapGet("/{number}/attachments/{attachmentId:long}", Download).WithName("DownloadAttachment");
        group.MapGet("/{number}/participants", Participants).WithName("ListTicketParticipants").WithSummary("Who is on the ticket's mail thread besides the requester: they get its public replies and may reply by mail (staff only).");
        group.MapPost("/{number}/participants", AddParticipant).WithName("AddTicketParticipant").WithSummary("Put an address on the ticket's mail thread (staff only); 409 when it is the requester's or on it already.");
        group.MapDelete("/{number}/participants/{participantId:long}", RemoveParticipant).WithName("RemoveTicketParticipant").WithSummary("Take an address off the ticket's mail thread (staff only).");
        group.MapGet("/{number}/involved", Involved).WithName("GetTicketInvolved").RequireAuthorization(Policies.Staff)
            .WithSummary("Who's involved in a ticket under the RASCI matrix: each person, the role and letter that bring them in, and why (staff only).");
        return api;
    }

    public static async Task<Results<Ok<Informing.TicketInvolvedResponse>, ProblemHttpResult>> Involved(string number, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var ticket = await TicketView.GetAsync(db, CurrentUser.From(http.User), number, ct);
        if (ticket is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no ticket {number}.", statusCode: 404);
        }

        var involved = await Informing.TicketInvolvement.ForAsync(
            db, new Informing.TicketSubject(ticket.Id, ticket.Kind, ticket.Priority, ticket.ClientId, ticket.RequesterId, ticket.TeamId, ticket.AssigneeId), clock.GetUtcNow(), ct);
        return TypedResults.Ok(new Informing.TicketInvolvedResponse(
            ticket.Number, involved.Activity.Key, involved.Activity.Name,
            [.. involved.Lines.Select(l => new Informing.InvolvementResponse(l.Person.Name, l.Role, involved.View.RoleName(l.Role), l.Letter, l.Why, l.Person.UserId, l.Person.ContactId))],
            involved.BuiltInRules));
    }

    public static async Task<Ok<QueuePage>> List(
        BatonDb db, HttpContext http, TimeProvider clock,
        [FromQuery] TicketStatus[]? status, bool? open, Priority? priority, int? teamId, string? assigneeId, int? clientId, TicketKind? kind,
        bool? mine, bool? unassigned, string? q, SlaFilter? sla, QueueSort? sort, string? cursor, int? limit, bool? hypercare, UpdateFilter? update, CancellationToken ct)
    {
        var filter = new QueueFilter
        {
            Status = status, OpenOnly = open ?? false, Priority = priority, TeamId = teamId, AssigneeId = assigneeId, ClientId = clientId,
            Kind = kind, Mine = mine ?? false, Unassigned = unassigned ?? false, Q = q, Sla = sla, Sort = sort ?? QueueSort.Newest, Cursor = cursor,
            Limit = limit ?? 25,
            Hypercare = hypercare ?? false,
            Update = update,
        };
        if (limit is < 1 or > TicketQueue.MaxLimit)
        {
            throw InputInvalidException.For("limit", $"limit must be between 1 and {TicketQueue.MaxLimit}.");
        }

        return TypedResults.Ok(await TicketQueue.ListAsync(db, CurrentUser.From(http.User), filter, clock, ct));
    }

    public static async Task<Results<Created<TicketResponse>, Ok<TicketResponse>>> Create(
        CreateTicketRequest request, BatonDb db, HttpContext http, TimeProvider clock,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var outcome = await CreateTicket.ExecuteAsync(db, user, request, idempotencyKey, clock, ct);
        var ticket = outcome.Created ?? (await TicketView.GetAsync(db, user, outcome.Number, ct))!;
        if (user.IsStaff)
        {
            // The same resource a GET answers with: the keep-informed clock, for staff.
            var (progress, stuck) = await KeepInformedView.GetAsync(db, ticket.Id, clock.GetUtcNow(), ct);
            ticket = ticket with { ProgressUpdate = progress, Stuck = stuck };
        }

        http.Response.Headers.ETag = Versions.ETag(ticket.Version);
        if (outcome.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            http.Response.Headers.Location = $"/api/v1/tickets/{ticket.Number}";
            return TypedResults.Ok(ticket);
        }

        return TypedResults.Created($"/api/v1/tickets/{ticket.Number}", ticket);
    }

    public static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> Get(string number, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var ticket = await TicketView.GetAsync(db, user, number, ct);
        if (ticket is null)
        {
            return NotFound(number);
        }

        if (user.IsStaff)
        {
            // The keep-informed clock is the desk's business, like the SLA clocks: a client contact's view has none.
            var (progress, stuck) = await KeepInformedView.GetAsync(db, ticket.Id, clock.GetUtcNow(), ct);
            ticket = ticket with { ProgressUpdate = progress, Stuck = stuck };
        }

        http.Response.Headers.ETag = Versions.ETag(ticket.Version);
        return TypedResults.Ok(ticket);
    }

    public static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> Update(
        string number, HttpContext http, BatonDb db, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        var expected = Versions.IfMatch(http.Request, required: true);
        using var document = await MergePatch.ReadAsync(http, ct);
        UpdateTicketRequest ReadFields()
        {
            var (request, present) = MergePatch.Fields<UpdateTicketRequest>(document, json.Value.SerializerOptions);
            return request with { Present = present };
        }

        var user = CurrentUser.From(http.User);
        return await Respond(http, db, user, number, await ChangeTicket.UpdateAsync(db, user, number, expected, ReadFields, clock, ct), ct);
    }

    public static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> Assign(
        string number, AssignTicketRequest request, HttpContext http, BatonDb db, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var ticket = await ChangeTicket.AssignAsync(db, user, number, Versions.IfMatch(http.Request, required: false), request, clock, ct);
        return await Respond(http, db, user, number, ticket, ct);
    }

    public static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> Transition(
        string number, TransitionRequest request, HttpContext http, BatonDb db, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var ticket = await ChangeTicket.MoveAsync(db, user, number, Versions.IfMatch(http.Request, required: false), request, clock, ct);
        return await Respond(http, db, user, number, ticket, ct);
    }

    public static async Task<Results<Ok<IReadOnlyList<MessageResponse>>, ProblemHttpResult>> Messages(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var id = await TicketAccess.FindIdAsync(db, user, number, ct);
        return id is null ? NotFound(number) : TypedResults.Ok(await TicketView.MessagesAsync(db, user, id.Value, ct));
    }

    public static async Task<Results<Created<PostedMessageResponse>, ProblemHttpResult>> PostMessage(
        string number, PostMessageRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var result = await ChangeTicket.PostMessageAsync(db, user, number, request, clock, ct);
        if (result is not { } r)
        {
            return NotFound(number);
        }

        http.Response.Headers.ETag = Versions.ETag(r.Ticket.Version);
        var told = await Informing.MentionNotice.WhoIsToldAsync(db, r.Message, ct);
        return TypedResults.Created($"/api/v1/tickets/{r.Ticket.Number}/messages", PostedMessageResponse.Of(r.Message, told));
    }

    public static async Task<Results<Ok<IReadOnlyList<AuditEntryResponse>>, ProblemHttpResult>> Audit(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var id = await TicketAccess.FindIdAsync(db, user, number, ct);
        if (id is null)
        {
            return NotFound(number);
        }

        return user.IsStaff
            ? TypedResults.Ok(await TicketView.AuditAsync(db, id.Value, ct))
            : TypedResults.Problem(title: "Forbidden", detail: "The audit trail is for the service desk.", statusCode: StatusCodes.Status403Forbidden);
    }

    public static async Task<Results<Ok<SlaResponse>, ProblemHttpResult>> Sla(string number, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var id = await TicketAccess.FindIdAsync(db, user, number, ct);
        if (id is null)
        {
            return NotFound(number);
        }

        if (!user.IsStaff)
        {
            return TypedResults.Problem(title: "Forbidden", detail: "SLA clocks are for the service desk.", statusCode: StatusCodes.Status403Forbidden);
        }

        return await SlaView.GetAsync(db, id.Value, clock.GetUtcNow(), ct) is { } sla
            ? TypedResults.Ok(sla)
            : TypedResults.Problem(title: "No SLA clocks", detail: $"{number} was opened before Baton tracked SLAs, so it has no clocks.", statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<Results<Ok<IReadOnlyList<AttachmentResponse>>, ProblemHttpResult>> Attachments(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var id = await TicketAccess.FindIdAsync(db, user, number, ct);
        return id is null ? NotFound(number) : TypedResults.Ok(await TicketView.AttachmentsAsync(db, user, id.Value, ct));
    }

    public static async Task<Results<Created<AttachmentResponse>, ProblemHttpResult>> Attach(
        string number, HttpContext http, BatonDb db, IAttachmentStore store, IOptions<AttachmentOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            throw InputInvalidException.For("file", "Upload as multipart/form-data with the file in a field named 'file'.");
        }

        var form = await http.Request.ReadFormAsync(ct);
        var isInternal = bool.TryParse(form["internal"], out var flag) && flag;
        long? messageId = null;
        if (!string.IsNullOrEmpty(form["messageId"]))
        {
            messageId = long.TryParse(form["messageId"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                ? id
                : throw InputInvalidException.For("messageId", "messageId must be the id of a reply on this ticket.");
        }

        var attachment = await AttachFile.ExecuteAsync(db, store, options, CurrentUser.From(http.User), number, form.Files.GetFile("file"), isInternal, messageId, clock, ct);
        return attachment is null
            ? NotFound(number)
            : TypedResults.Created($"/api/v1/tickets/{number}/attachments/{attachment.Id}", attachment);
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(string number, long attachmentId, BatonDb db, IAttachmentStore store, HttpContext http, CancellationToken ct)
    {
        var attachment = await AttachFile.FindAsync(db, CurrentUser.From(http.User), number, attachmentId, ct);
        return attachment is null
            ? TypedResults.Problem(title: "Not found", detail: $"There is no attachment {attachmentId} on {number} that you can see.", statusCode: 404)
            : TypedResults.File(store.OpenRead(attachment.StorageKey), attachment.ContentType, AttachFile.SafeFileName(attachment.FileName));
    }

    public static async Task<Results<Ok<IReadOnlyList<ParticipantResponse>>, ProblemHttpResult>> Participants(string number, BatonDb db, HttpContext http, CancellationToken ct) =>
        await TicketParticipants.ListAsync(db, CurrentUser.From(http.User), number, ct) is { } list ? TypedResults.Ok(list) : NotFound(number);

    public static async Task<Results<Created<ParticipantResponse>, ProblemHttpResult>> AddParticipant(
        string number, ParticipantRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await TicketParticipants.AddAsync(db, CurrentUser.From(http.User), number, request, clock, ct) is { } added
            ? TypedResults.Created($"/api/v1/tickets/{number}/participants/{added.Id}", added)
            : NotFound(number);

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveParticipant(string number, long participantId, BatonDb db, HttpContext http, CancellationToken ct) =>
        await TicketParticipants.RemoveAsync(db, CurrentUser.From(http.User), number, participantId, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Not found", detail: $"{number} has no participant {participantId}.", statusCode: 404);

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> Respond(HttpContext http, BatonDb db, CurrentUser user, string number, Ticket? changed, CancellationToken ct)
    {
        if (changed is null)
        {
            return NotFound(number);
        }

        var view = (await TicketView.GetAsync(db, user, changed.Number, ct))!;
        http.Response.Headers.ETag = Versions.ETag(view.Version);
        return TypedResults.Ok(view);
    }

    private static ProblemHttpResult NotFound(string number) => NotFoundProblem.For("ticket", number);
}
