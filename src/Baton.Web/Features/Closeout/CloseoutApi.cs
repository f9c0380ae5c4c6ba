using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Closeout;

/// <summary>A template item. Leave the key out for a new item; keep it to keep the item (and projects' answers to it).</summary>
/// <summary>A template item; <c>provenBy</c> names the record that answers it (None: ticked by hand; HandoffMeeting; DeliverablesAccepted).</summary>
public sealed record TemplateItemDto(string Text, bool Required, string? Guidance = null, int? Key = null, CloseoutProof ProvenBy = CloseoutProof.None);

/// <summary>A template section; leave the key out for a new section.</summary>
public sealed record TemplateSectionDto(string Title, IReadOnlyList<TemplateItemDto> Items, int? Key = null);

/// <summary>The whole template to publish as the next version: keep an item's key to keep the item (and projects' answers to it).</summary>
public sealed record PublishTemplateRequest(IReadOnlyList<TemplateSectionDto> Sections, string? Note = null);

public sealed record TemplateVersionResponse(
    int Number, DateTimeOffset PublishedAt, string PublishedBy, IReadOnlyList<string> Changes, string Note, int? ProposalId, bool IsCurrent,
    IReadOnlyList<TemplateSectionDto> Sections);

/// <summary>
/// The close-out API: the support-owned checklist template (every edit publishes a new, immutable version), proposals
/// from tickets, a project's checklist (fill, upgrade, sign off, release the lead), the hand-off meeting and the support
/// handbook. Project routes answer 404 for a project the caller cannot see, and 403 to the project's own client contacts
/// where the work is the service desk's (only the handbook is theirs to read).
/// </summary>
public static class CloseoutApi
{
    public static RouteGroupBuilder MapCloseoutApi(this RouteGroupBuilder api)
    {
        var template = api.MapGroup("/closeout-template").WithTags("Close-out template").RequireAuthorization(Policies.Staff);
        template.MapGet("/", GetTemplate).WithName("GetCloseoutTemplate")
            .WithSummary("The current version of the close-out checklist template; the ETag is its version number.");
        template.MapPut("/", PublishTemplate).WithName("PublishCloseoutTemplate")
            .WithSummary("Publish the next version (support leads: managers, administrators, team leads). Send If-Match with the current version; items keep their identity by key, items without a key are new.");
        template.MapGet("/versions", ListVersions).WithName("ListCloseoutTemplateVersions").WithSummary("Every published version, newest first, with what it changed.");
        template.MapGet("/versions/{number:int}", GetVersion).WithName("GetCloseoutTemplateVersion").WithSummary("One published version, exactly as it was published.");
        template.MapGet("/proposals", ListProposals).WithName("ListCloseoutProposals")
            .WithSummary("Proposed checklist items: status=Pending is the support lead's queue (oldest first); mine=true lists your own.");
        template.MapGet("/proposals/{proposalId:int}", GetProposal).WithName("GetCloseoutProposal");
        template.MapPost("/proposals/{proposalId:int}/accept", AcceptProposal).WithName("AcceptCloseoutProposal")
            .WithSummary("Accept a proposal (support leads): publishes the next template version with the item, in the given wording, section and required flag or the proposal's.");
        template.MapPost("/proposals/{proposalId:int}/decline", DeclineProposal).WithName("DeclineCloseoutProposal")
            .WithSummary("Decline a proposal with a reason (support leads); the proposer is notified.");

        var closeout = api.MapGroup("/projects/{number}/closeout").WithTags("Close-out");
        closeout.MapGet("/", GetCloseout).WithName("GetCloseout")
            .WithSummary("The project's close-out: items, exactly what blocks sign-off, sign-off and release (who, when), newer template versions. ETag: the checklist version.");
        closeout.MapPost("/", Begin).WithName("BeginCloseout").WithSummary("Begin close-out of an active project with the template version current now.");
        closeout.MapPut("/items/{key:int}", Answer).WithName("AnswerCloseoutItem")
            .WithSummary("Mark an item Done, or NotApplicable with a reason, with a note. If-Match (the item's version from GET) is required.");
        closeout.MapPost("/items/{key:int}/reopen", Reopen).WithName("ReopenCloseoutItem").WithSummary("Re-open an answered item. If-Match (the item's version) is required.");
        closeout.MapPost("/upgrade", Upgrade).WithName("UpgradeCloseout")
            .WithSummary("Bring the checklist up to the latest template version: new items added, answers kept for items that still exist, removed items dropped; withdraws a sign-off.");
        closeout.MapPost("/sign-off", SignOff).WithName("SignOffCloseout")
            .WithSummary("Support lead's sign-off. 409 with 'missing' listing each open required item, unaccepted in-scope deliverable and open clean-up item.");
        closeout.MapPost("/withdraw-sign-off", WithdrawSignOff).WithName("WithdrawCloseoutSignOff").WithSummary("Take the sign-off back (support leads, before the lead is released).");
        closeout.MapPost("/release-lead", ReleaseLead).WithName("ReleaseProjectLead")
            .WithSummary("Release the project lead (support leads; only after sign-off). Hypercare can start after this.");
        closeout.MapPost("/proposals", Propose).WithName("ProposeCloseoutItem")
            .WithSummary("Propose a checklist item from a ticket of the project's client, once the project is in hypercare or closed.");
        closeout.MapGet("/proposals", ProjectProposals).WithName("ListProjectCloseoutProposals").WithSummary("The proposals made from this project, newest first.");

        var handoff = api.MapGroup("/projects/{number}/handoff").WithTags("Hand-off");
        handoff.MapGet("/", GetHandoff).WithName("GetHandoff").WithSummary("The hand-off meeting record; the ETag is its version.");
        handoff.MapPut("/", SaveHandoffRecord).WithName("SaveHandoff")
            .WithSummary("Record or replace the hand-off meeting (until the project closes). If-Match is required once a record exists.");

        api.MapGet("/projects/{number}/handbook", GetHandbook).WithTags("Hand-off").WithName("GetSupportHandbook")
            .WithSummary("The one-page support handbook as data; for staff and the project's own client contacts.");
        return api;
    }

    private static ProblemHttpResult NotFound(string what) => TypedResults.Problem(title: "Not found", detail: $"There is no {what}.", statusCode: 404);

    private static ProblemHttpResult NoProject(string number) => NotFound($"project {number}");

    // ---- Template ----------------------------------------------------------------------------------------

    public static async Task<Results<Ok<TemplateVersionResponse>, ProblemHttpResult>> GetTemplate(BatonDb db, HttpContext http, CancellationToken ct)
    {
        var current = await CloseoutTemplates.CurrentAsync(db, ct);
        if (current is null)
        {
            return NotFound("close-out template yet");
        }

        http.Response.Headers.ETag = Versions.ETag(current.Number);
        return TypedResults.Ok(ToResponse(current, current.Number));
    }

    public static async Task<Created<TemplateVersionResponse>> PublishTemplate(
        PublishTemplateRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var basedOn = Versions.IfMatch(http.Request, required: true);
        var draft = request.Sections.Select(s => s is null ? null! : new CloseoutSectionDraft(s.Key, s.Title,
            s.Items?.Select(i => i is null ? null! : new CloseoutItemDraft(i.Key, i.Text, i.Required, i.Guidance, i.ProvenBy)).ToList())).ToList();
        var next = await PublishCloseoutTemplate.ExecuteAsync(db, CurrentUser.From(http.User), basedOn, _ => draft, request.Note, clock, ct);
        http.Response.Headers.ETag = Versions.ETag(next.Number);
        return TypedResults.Created($"/api/v1/closeout-template/versions/{next.Number}", ToResponse(next, next.Number));
    }

    public static async Task<Ok<List<CloseoutVersionSummary>>> ListVersions(BatonDb db, CancellationToken ct) =>
        TypedResults.Ok(await CloseoutTemplates.ListAsync(db, ct));

    public static async Task<Results<Ok<TemplateVersionResponse>, ProblemHttpResult>> GetVersion(int number, BatonDb db, CancellationToken ct) =>
        await CloseoutTemplates.VersionAsync(db, number, ct) is { } version
            ? TypedResults.Ok(ToResponse(version, await CloseoutTemplates.CurrentNumberAsync(db, ct)))
            : NotFound($"template version {number}");

    public static TemplateVersionResponse ToResponse(CloseoutTemplateVersion v, int current)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new TemplateVersionResponse(
            v.Number, v.PublishedAt, v.PublishedByName, v.Changes, v.Note, v.ProposalId, v.Number == current,
            [.. v.Sections.Select(s => new TemplateSectionDto(s.Title, [.. s.Items.Select(i => new TemplateItemDto(i.Text, i.Required, i.Guidance, i.Key, i.ProvenBy))], s.Key))]);
    }

    // ---- Proposals ---------------------------------------------------------------------------------------

    public static async Task<Ok<List<CloseoutProposalResponse>>> ListProposals(
        BatonDb db, HttpContext http, CancellationToken ct, CloseoutProposalStatus? status = null, bool mine = false, int take = 100) =>
        TypedResults.Ok(await CloseoutProposalQueries.ListAsync(db, status, mine ? CurrentUser.From(http.User).Id : null, null, take, ct));

    public static async Task<Results<Ok<CloseoutProposalResponse>, ProblemHttpResult>> GetProposal(int proposalId, BatonDb db, CancellationToken ct) =>
        await CloseoutProposalQueries.GetAsync(db, proposalId, ct) is { } proposal ? TypedResults.Ok(proposal) : NotFound($"proposal {proposalId}");

    public static async Task<Results<Ok<CloseoutProposalResponse>, ProblemHttpResult>> AcceptProposal(
        int proposalId, AcceptProposalRequest request, BatonDb db, HttpContext http, INotificationChannel notifications, TimeProvider clock, CancellationToken ct) =>
        await DecideCloseoutProposal.AcceptAsync(db, CurrentUser.From(http.User), proposalId, request, notifications, clock, ct) is not null
            ? TypedResults.Ok((await CloseoutProposalQueries.GetAsync(db, proposalId, ct))!)
            : NotFound($"proposal {proposalId}");

    public static async Task<Results<Ok<CloseoutProposalResponse>, ProblemHttpResult>> DeclineProposal(
        int proposalId, DeclineProposalRequest request, BatonDb db, HttpContext http, INotificationChannel notifications, TimeProvider clock, CancellationToken ct) =>
        await DecideCloseoutProposal.DeclineAsync(db, CurrentUser.From(http.User), proposalId, request, notifications, clock, ct) is not null
            ? TypedResults.Ok((await CloseoutProposalQueries.GetAsync(db, proposalId, ct))!)
            : NotFound($"proposal {proposalId}");

    public static async Task<Results<Created<CloseoutProposalResponse>, ProblemHttpResult>> Propose(
        string number, CloseoutProposalRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var proposal = await ProposeCloseoutItem.ExecuteAsync(db, CurrentUser.From(http.User), number, request, clock, ct);
        return proposal is null
            ? NoProject(number)
            : TypedResults.Created($"/api/v1/closeout-template/proposals/{proposal.Id}", (await CloseoutProposalQueries.GetAsync(db, proposal.Id, ct))!);
    }

    public static async Task<Results<Ok<List<CloseoutProposalResponse>>, ProblemHttpResult>> ProjectProposals(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        if (await CloseoutView.GetAsync(db, user, number, Now(http), ct) is not { } closeout)
        {
            return NoProject(number);
        }

        var projectId = await ProjectIdAsync(db, closeout.ProjectNumber, ct);
        return TypedResults.Ok(await CloseoutProposalQueries.ListAsync(db, null, null, projectId, 500, ct));
    }

    // ---- Checklist ---------------------------------------------------------------------------------------

    public static async Task<Results<Ok<CloseoutResponse>, ProblemHttpResult>> GetCloseout(string number, BatonDb db, HttpContext http, CancellationToken ct) =>
        await Closeout(number, db, http, ct) is { } closeout ? TypedResults.Ok(closeout) : NoProject(number);

    public static async Task<Results<Created<CloseoutResponse>, ProblemHttpResult>> Begin(string number, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        if (await CloseoutWork.BeginAsync(db, CurrentUser.From(http.User), number, clock, ct) is null)
        {
            return NoProject(number);
        }

        var closeout = (await Closeout(number, db, http, ct))!;
        return TypedResults.Created($"/api/v1/projects/{closeout.ProjectNumber}/closeout", closeout);
    }

    public static async Task<Results<Ok<CloseoutItemResponse>, ProblemHttpResult>> Answer(
        string number, int key, AnswerItemRequest request, BatonDb db, HttpContext http, INotificationChannel channel, TimeProvider clock, CancellationToken ct)
    {
        var expected = Versions.IfMatch(http.Request, required: true);
        var item = await CloseoutWork.AnswerAsync(db, CurrentUser.From(http.User), number, key, expected, request, channel, clock, ct);
        return Item(item, number, http);
    }

    public static async Task<Results<Ok<CloseoutItemResponse>, ProblemHttpResult>> Reopen(string number, int key, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var expected = Versions.IfMatch(http.Request, required: true);
        var item = await CloseoutWork.ReopenAsync(db, CurrentUser.From(http.User), number, key, expected, clock, ct);
        return Item(item, number, http);
    }

    public static async Task<Results<Ok<CloseoutResponse>, ProblemHttpResult>> Upgrade(
        string number, BatonDb db, HttpContext http, INotificationChannel channel, TimeProvider clock, CancellationToken ct) =>
        await CloseoutWork.UpgradeAsync(db, CurrentUser.From(http.User), number, Versions.IfMatch(http.Request, required: false), channel, clock, ct) is null
            ? NoProject(number)
            : TypedResults.Ok((await Closeout(number, db, http, ct))!);

    public static async Task<Results<Ok<CloseoutResponse>, ProblemHttpResult>> SignOff(string number, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await CloseoutWork.SignOffAsync(db, CurrentUser.From(http.User), number, Versions.IfMatch(http.Request, required: false), clock, ct);
        if (outcome is null)
        {
            return NoProject(number);
        }

        if (!outcome.Signed)
        {
            return TypedResults.Problem(
                title: "The close-out cannot be signed off yet",
                detail: outcome.Gate.Summary,
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["missing"] = outcome.Gate.Gaps.Select(g => new CloseoutGapResponse(g.Kind, g.Subject, g.Message)).ToList() });
        }

        return TypedResults.Ok((await Closeout(number, db, http, ct))!);
    }

    public static async Task<Results<Ok<CloseoutResponse>, ProblemHttpResult>> WithdrawSignOff(string number, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await CloseoutWork.WithdrawSignOffAsync(db, CurrentUser.From(http.User), number, Versions.IfMatch(http.Request, required: false), clock, ct) is null
            ? NoProject(number)
            : TypedResults.Ok((await Closeout(number, db, http, ct))!);

    public static async Task<Results<Ok<CloseoutResponse>, ProblemHttpResult>> ReleaseLead(string number, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await CloseoutWork.ReleaseLeadAsync(db, CurrentUser.From(http.User), number, clock, ct) is null
            ? NoProject(number)
            : TypedResults.Ok((await Closeout(number, db, http, ct))!);

    private static async Task<CloseoutResponse?> Closeout(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var closeout = await CloseoutView.GetAsync(db, CurrentUser.From(http.User), number, Now(http), ct);
        if (closeout?.Version is { } version)
        {
            http.Response.Headers.ETag = Versions.ETag(version);
        }

        return closeout;
    }

    /// <summary>The request's clock, for the views the handlers share (whether a hand-off meeting has been held yet).</summary>
    private static DateTimeOffset Now(HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();

    private static Results<Ok<CloseoutItemResponse>, ProblemHttpResult> Item(CloseoutChecklistItem? item, string number, HttpContext http)
    {
        if (item is null)
        {
            return NoProject(number);
        }

        http.Response.Headers.ETag = Versions.ETag(item.Version);
        return TypedResults.Ok(CloseoutView.ToResponse(item));
    }

    private static Task<int> ProjectIdAsync(BatonDb db, string number, CancellationToken ct) =>
        db.Projects.Where(p => p.Number == number).Select(p => p.Id).SingleAsync(ct);

    // ---- Hand-off and handbook ---------------------------------------------------------------------------

    public static async Task<Results<Ok<HandoffResponse>, ProblemHttpResult>> GetHandoff(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var handoff = await HandoffView.GetAsync(db, CurrentUser.From(http.User), number, ct);
        if (handoff is null)
        {
            return NoProject(number);
        }

        if (handoff.Version is { } version)
        {
            http.Response.Headers.ETag = Versions.ETag(version);
        }

        return TypedResults.Ok(handoff);
    }

    public static async Task<Results<Ok<HandoffResponse>, ProblemHttpResult>> SaveHandoffRecord(
        string number, HandoffRequest request, BatonDb db, HttpContext http, INotificationChannel channel, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var meeting = await SaveHandoff.ExecuteAsync(db, user, number, Versions.IfMatch(http.Request, required: false), requireVersion: true, request.ToDetails(), channel, clock, ct);
        if (meeting is null)
        {
            return NoProject(number);
        }

        http.Response.Headers.ETag = Versions.ETag(meeting.Version);
        return TypedResults.Ok((await HandoffView.GetAsync(db, user, number, ct))!);
    }

    public static async Task<Results<Ok<HandbookResponse>, ProblemHttpResult>> GetHandbook(string number, BatonDb db, HttpContext http, CancellationToken ct) =>
        await SupportHandbook.GetAsync(db, CurrentUser.From(http.User), number, ct) is { } handbook ? TypedResults.Ok(handbook) : NoProject(number);
}
