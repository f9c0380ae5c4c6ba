using Baton.Web.Features.Shared.Calendar;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Shared.Audit;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Projects;

/// <summary>
/// Projects over the API: the same use cases as the pages. Anything outside the caller's organisation is a 404;
/// role checks come after visibility, so a 403 never confirms another client's project exists.
/// </summary>
public static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");
        projects.MapGet("/", List).WithName("ListProjects")
            .WithSummary("Projects you can see, newest first, filtered by client, status (repeatable), type or q (number or words in the name); cursor paging.");
        projects.MapPost("/", Create).WithName("CreateProject").WithSummary("Plan a project at a client (staff). Sites and configuration items must be the client's own.");
        projects.MapGet("/{number}", Get).WithName("GetProject").WithSummary("One project; the ETag is its version, for If-Match.");
        projects.MapPatch("/{number}", Update).WithName("UpdateProject")
            .Accepts<UpdateProjectRequest>("application/merge-patch+json", "application/json")
            .WithSummary("Change fields (merge-patch: omitted fields stay; null clears an optional one). Requires If-Match (428 without, 412 when stale).");
        projects.MapPost("/{number}/transitions", Transition).WithName("TransitionProject")
            .WithSummary("Start, Cancel (reason required) or Close. Sign-off, release and hypercare are on the close-out and hypercare endpoints. If-Match optional.");
        projects.MapGet("/{number}/escalation-contacts", EscalationContacts).WithName("ListEscalationContacts").WithSummary("Whom to confer with or escalate to (staff).");
        projects.MapPut("/{number}/escalation-contacts", SetEscalationContacts).WithName("SetEscalationContacts")
            .WithSummary("Replace the escalation contacts (staff); each needs a name and a phone or e-mail. If-Match optional.");
        projects.MapGet("/{number}/audit", Audit).WithName("GetProjectAudit")
            .WithSummary("The project's audit trail, oldest first: its fields, deliverables, engagements, clean-up and scope changes, each with who and when. A client contact gets what their project page shows (no escalation contacts).");
        projects.MapGet("/{number}/caused-incidents", Caused).WithName("ListCausedIncidents")
            .WithSummary("Tickets attributed to the project (caused by), and how many were judged not related (staff).");

        var engagements = projects.MapGroup("/{number}/engagements");
        engagements.MapGet("/", Engagements).WithName("ListEngagements").WithSummary("The project's engagements, soonest first; times in the client's zone and in UTC.");
        engagements.MapPost("/", Schedule).WithName("ScheduleEngagement").WithSummary("Schedule an engagement; date and times are the client's wall clock (its time zone).");
        engagements.MapGet("/{engagementId:int}", Engagement).WithName("GetEngagement");
        engagements.MapPut("/{engagementId:int}", Reschedule).WithName("RescheduleEngagement").WithSummary("Reschedule; bumps its iCalendar SEQUENCE.");
        engagements.MapDelete("/{engagementId:int}", CancelEngagement).WithName("CancelEngagement")
            .WithSummary("Cancel: the engagement stays on record and in the feeds as STATUS:CANCELLED.");

        var deliverables = projects.MapGroup("/{number}/deliverables");
        deliverables.MapGet("/", Deliverables).WithName("ListDeliverables").WithSummary("In-scope deliverables with their acceptance, and the explicitly out-of-scope ones.");
        deliverables.MapPost("/", AddDeliverable).WithName("AddDeliverable").WithSummary("Add a deliverable, in scope or explicitly out of scope (staff).");
        deliverables.MapGet("/{deliverableId:int}", Deliverable).WithName("GetDeliverable");
        deliverables.MapPut("/{deliverableId:int}", UpdateDeliverable).WithName("UpdateDeliverable").WithSummary("Change title, description or scope (staff).");
        deliverables.MapDelete("/{deliverableId:int}", RemoveDeliverable).WithName("RemoveDeliverable")
            .WithSummary("Remove a deliverable nobody has reviewed (staff); reviewed ones stay on the record.");
        deliverables.MapPost("/{deliverableId:int}/accept", Accept).WithName("AcceptDeliverable").WithSummary("The client's contact accepts an in-scope deliverable.");
        deliverables.MapPost("/{deliverableId:int}/reject", Reject).WithName("RejectDeliverable")
            .WithSummary("The client's contact rejects an in-scope deliverable with a reason; a clean-up item is opened on the project.");

        var cleanup = projects.MapGroup("/{number}/cleanup-items");
        cleanup.MapGet("/", CleanupItems).WithName("ListCleanupItems").WithSummary("Clean-up items, open first.");
        cleanup.MapPost("/", AddCleanupItem).WithName("AddCleanupItem").WithSummary("Note work owed to the client (staff).");
        cleanup.MapPost("/{itemId:int}/complete", CompleteCleanupItem).WithName("CompleteCleanupItem")
            .WithSummary("Mark done (staff); the last open item of a rejected deliverable resubmits it for acceptance.");

        var scope = projects.MapGroup("/{number}/scope-changes");
        scope.MapGet("/", ScopeChanges).WithName("ListScopeChanges").WithSummary("Scope change requests, newest first.");
        scope.MapPost("/", RaiseScopeChange).WithName("RaiseScopeChange").WithSummary("Ask for something out of scope: description and impact on time and cost.");
        scope.MapGet("/{changeId:int}", ScopeChange).WithName("GetScopeChange");
        scope.MapPost("/{changeId:int}/approve", ApproveScopeChange).WithName("ApproveScopeChange")
            .WithSummary("Approve (staff): adds an in-scope deliverable with the title given.");
        scope.MapPost("/{changeId:int}/decline", DeclineScopeChange).WithName("DeclineScopeChange").WithSummary("Decline (staff), with an optional note.");

        var types = api.MapGroup("/project-types").WithTags("Projects");
        types.MapGet("/", ProjectTypes).WithName("ListProjectTypes").WithSummary("Project types; activeOnly=true for the ones offered for new projects.");
        types.MapPost("/", CreateProjectType).WithName("CreateProjectType").RequireAuthorization(Policies.CatalogueAdmin);
        types.MapPut("/{typeId:int}", UpdateProjectType).WithName("UpdateProjectType").RequireAuthorization(Policies.CatalogueAdmin)
            .WithSummary("Rename or (de)activate a project type; its projects keep it.");
        return api;
    }

    /// <summary>
    /// The iCalendar feeds, outside the Bearer-only API group: calendar apps cannot send headers, so these take a
    /// feed token (one per user and feed, from the Subscribe button) in <c>?token=</c> too, or the sign-in cookie.
    /// API tokens are refused here, and feed tokens everywhere else.
    /// </summary>
    public static IEndpointRouteBuilder MapProjectFeeds(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("/api/v1/projects").WithTags("Projects")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ApiTokens.FeedScheme })
            .AllowTokenInQueryString()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        feeds.MapGet("/calendar.ics", AllFeed).WithName("AllProjectsCalendar")
            .WithSummary("iCalendar feed of the engagements of every project you can see (from 90 days back). Subscribe with ?token=<feed token for this feed> (the Subscribe button on the projects page); API tokens are refused.");
        feeds.MapGet("/{number}/calendar.ics", ProjectFeed).WithName("ProjectCalendar")
            .WithSummary("iCalendar feed of one project's engagements. Subscribe with ?token=<feed token for this project> (the Subscribe button on the project page); API tokens are refused.");
        return app;
    }

    // ---- Projects ------------------------------------------------------------------------------------

    public static async Task<Ok<ProjectListPage>> List(
        BatonDb db, HttpContext http, int? clientId, [FromQuery] ProjectStatus[]? status, int? projectTypeId, string? q, string? cursor, int? limit,
        CancellationToken ct) =>
        TypedResults.Ok(await ProjectView.ListAsync(db, Me(http), new ProjectFilter
        {
            ClientId = clientId, Status = status, ProjectTypeId = projectTypeId, Q = q, Cursor = cursor, Limit = limit ?? 100,
        }, ct));

    public static async Task<Created<ProjectResponse>> Create(CreateProjectRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var user = Me(http);
        var project = await PlanProject.ExecuteAsync(db, user, request, clock, ct);
        http.Response.Headers.ETag = Versions.ETag(project.Version);
        return TypedResults.Created($"/api/v1/projects/{project.Number}", await ProjectView.DescribeAsync(db, user, project, ct));
    }

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> Get(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var project = await ProjectView.GetAsync(db, Me(http), number, ct);
        if (project is null)
        {
            return NotFound(number);
        }

        http.Response.Headers.ETag = Versions.ETag(project.Version);
        return TypedResults.Ok(project);
    }

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> Update(
        string number, HttpContext http, BatonDb db, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        var user = Me(http);
        // Visibility before preconditions: another client's project is a 404 whatever headers came with the request.
        if (await ProjectAccess.FindAsync(db, user, number, ct) is null)
        {
            return NotFound(number);
        }

        var expected = Versions.IfMatch(http.Request, required: true);
        using var document = await MergePatch.ReadAsync(http, ct);
        UpdateProjectRequest ReadFields()
        {
            var (request, present) = MergePatch.Fields<UpdateProjectRequest>(document, json.Value.SerializerOptions);
            return request with { Present = present };
        }

        db.ChangeTracker.Clear();
        return await Respond(http, db, user, number, await ChangeProject.UpdateAsync(db, user, number, expected, ReadFields, clock, ct), ct);
    }

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> Transition(
        string number, ProjectTransitionRequest request, HttpContext http, BatonDb db, TimeProvider clock, CancellationToken ct)
    {
        var user = Me(http);
        var project = await ChangeProject.MoveAsync(db, user, number, Versions.IfMatch(http.Request, required: false), request, clock, ct);
        return await Respond(http, db, user, number, project, ct);
    }

    public static async Task<Results<Ok<IReadOnlyList<EscalationContact>>, ProblemHttpResult>> EscalationContacts(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var user = Me(http);
        var project = await ProjectAccess.FindAsync(db, user, number, ct);
        if (project is null)
        {
            return NotFound(number);
        }

        ProjectRules.StaffOnly(user, "see escalation contacts");
        return TypedResults.Ok(project.EscalationContacts);
    }

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> SetEscalationContacts(
        string number, IReadOnlyList<EscalationContactRequest> contacts, HttpContext http, BatonDb db, TimeProvider clock, CancellationToken ct)
    {
        var user = Me(http);
        var project = await ChangeProject.SetEscalationContactsAsync(db, user, number, Versions.IfMatch(http.Request, required: false), contacts, clock, ct);
        return await Respond(http, db, user, number, project, ct);
    }

    public static async Task<Results<Ok<IReadOnlyList<AuditEntryResponse>>, ProblemHttpResult>> Audit(string number, BatonDb db, HttpContext http, CancellationToken ct) =>
        await ProjectHistory.ReadAsync(db, Me(http), number, ct) is { } trail ? TypedResults.Ok(trail) : NotFound(number);

    public static async Task<Results<Ok<CausedIncidents>, ProblemHttpResult>> Caused(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var user = Me(http);
        var project = await ProjectAccess.FindAsync(db, user, number, ct);
        if (project is null)
        {
            return NotFound(number);
        }

        ProjectRules.StaffOnly(user, "see which incidents were attributed to a project");
        return TypedResults.Ok(await ProjectView.CausedIncidentsAsync(db, project.Id, ct));
    }

    // ---- Engagements ---------------------------------------------------------------------------------

    public static async Task<Results<Ok<IReadOnlyList<EngagementResponse>>, ProblemHttpResult>> Engagements(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var project = await ProjectAccess.FindAsync(db, Me(http), number, ct);
        return project is null ? NotFound(number) : TypedResults.Ok(await ProjectView.EngagementsAsync(db, project.Id, project.Number, ct));
    }

    public static async Task<Results<Ok<EngagementResponse>, ProblemHttpResult>> Engagement(string number, int engagementId, BatonDb db, HttpContext http, CancellationToken ct) =>
        await EngagementResult(db, number, engagementId, await ScheduleEngagement.FindAsync(db, Me(http), number, engagementId, null, ct), ct);

    public static async Task<Results<Created<EngagementResponse>, ProblemHttpResult>> Schedule(
        string number, EngagementRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        if (await ScheduleEngagement.ScheduleAsync(db, Me(http), number, request, clock, ct) is not { } s)
        {
            return NotFound(number);
        }

        var response = await DescribeAsync(db, s.Project, s.Engagement, ct);
        return TypedResults.Created($"/api/v1/projects/{s.Project.Number}/engagements/{s.Engagement.Id}", response);
    }

    public static async Task<Results<Ok<EngagementResponse>, ProblemHttpResult>> Reschedule(
        string number, int engagementId, EngagementRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await EngagementResult(db, number, engagementId, await ScheduleEngagement.RescheduleAsync(db, Me(http), number, engagementId, request, clock, ct), ct);

    public static async Task<Results<Ok<EngagementResponse>, ProblemHttpResult>> CancelEngagement(
        string number, int engagementId, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await EngagementResult(db, number, engagementId, await ScheduleEngagement.CancelAsync(db, Me(http), number, engagementId, clock, ct), ct);

    private static async Task<Results<Ok<EngagementResponse>, ProblemHttpResult>> EngagementResult(
        BatonDb db, string number, int engagementId, (Project Project, Engagement Engagement)? found, CancellationToken ct) =>
        found is { } f
            ? TypedResults.Ok(await DescribeAsync(db, f.Project, f.Engagement, ct))
            : NotFound(number, $"engagement {engagementId} of ");

    private static async Task<EngagementResponse> DescribeAsync(BatonDb db, Project project, Engagement engagement, CancellationToken ct) =>
        ProjectView.Describe(engagement, project.Number, await ProjectView.UserNamesAsync(db, engagement.TechnicianIds, ct));

    // ---- Deliverables, clean-up, scope -----------------------------------------------------------------

    public static async Task<Results<Ok<IReadOnlyList<DeliverableResponse>>, ProblemHttpResult>> Deliverables(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var project = await ProjectAccess.FindAsync(db, Me(http), number, ct);
        return project is null ? NotFound(number) : TypedResults.Ok(await ProjectView.DeliverablesAsync(db, project.Id, ct));
    }

    public static async Task<Results<Ok<DeliverableResponse>, ProblemHttpResult>> Deliverable(string number, int deliverableId, BatonDb db, HttpContext http, CancellationToken ct) =>
        await ChangeDeliverables.FindAsync(db, Me(http), number, deliverableId, ct) is { } f
            ? TypedResults.Ok(ProjectView.Describe(f.Deliverable))
            : NotFound(number, $"deliverable {deliverableId} of ");

    public static async Task<Results<Created<DeliverableResponse>, ProblemHttpResult>> AddDeliverable(
        string number, DeliverableRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await ChangeDeliverables.AddAsync(db, Me(http), number, request, clock, ct) is { } d
            ? TypedResults.Created($"/api/v1/projects/{number}/deliverables/{d.Id}", ProjectView.Describe(d))
            : NotFound(number);

    public static async Task<Results<Ok<DeliverableResponse>, ProblemHttpResult>> UpdateDeliverable(
        string number, int deliverableId, DeliverableRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        DeliverableResult(number, deliverableId, await ChangeDeliverables.UpdateAsync(db, Me(http), number, deliverableId, request, clock, ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveDeliverable(
        string number, int deliverableId, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await ChangeDeliverables.RemoveAsync(db, Me(http), number, deliverableId, clock, ct) ? TypedResults.NoContent() : NotFound(number, $"deliverable {deliverableId} of ");

    public static async Task<Results<Ok<DeliverableResponse>, ProblemHttpResult>> Accept(
        string number, int deliverableId, BatonDb db, HttpContext http, INotificationChannel channel, TimeProvider clock, CancellationToken ct) =>
        DeliverableResult(number, deliverableId, await ChangeDeliverables.AcceptAsync(db, Me(http), number, deliverableId, channel, clock, ct));

    public static async Task<Results<Ok<DeliverableResponse>, ProblemHttpResult>> Reject(
        string number, int deliverableId, RejectDeliverableRequest request, BatonDb db, HttpContext http, INotificationChannel channel, TimeProvider clock, CancellationToken ct) =>
        DeliverableResult(number, deliverableId, (await ChangeDeliverables.RejectAsync(db, Me(http), number, deliverableId, request, channel, clock, ct))?.Deliverable);

    private static Results<Ok<DeliverableResponse>, ProblemHttpResult> DeliverableResult(string number, int deliverableId, Deliverable? deliverable) =>
        deliverable is null ? NotFound(number, $"deliverable {deliverableId} of ") : TypedResults.Ok(ProjectView.Describe(deliverable));

    public static async Task<Results<Ok<IReadOnlyList<CleanupItemResponse>>, ProblemHttpResult>> CleanupItems(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var project = await ProjectAccess.FindAsync(db, Me(http), number, ct);
        return project is null ? NotFound(number) : TypedResults.Ok(await ProjectView.CleanupItemsAsync(db, project.Id, ct));
    }

    public static async Task<Results<Created<CleanupItemResponse>, ProblemHttpResult>> AddCleanupItem(
        string number, CleanupItemRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        if (await CleanUp.AddAsync(db, Me(http), number, request, clock, ct) is not { } item)
        {
            return NotFound(number);
        }

        return TypedResults.Created($"/api/v1/projects/{number}/cleanup-items", (await ProjectView.CleanupItemsAsync(db, item.ProjectId, ct)).Single(c => c.Id == item.Id));
    }

    public static async Task<Results<Ok<CleanupItemResponse>, ProblemHttpResult>> CompleteCleanupItem(
        string number, int itemId, BatonDb db, HttpContext http, INotificationChannel channel, TimeProvider clock, CancellationToken ct)
    {
        if (await CleanUp.CompleteAsync(db, Me(http), number, itemId, channel, clock, ct) is not { } done)
        {
            return NotFound(number, $"clean-up item {itemId} of ");
        }

        return TypedResults.Ok((await ProjectView.CleanupItemsAsync(db, done.Item.ProjectId, ct)).Single(c => c.Id == done.Item.Id));
    }

    public static async Task<Results<Ok<IReadOnlyList<ScopeChangeResponse>>, ProblemHttpResult>> ScopeChanges(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var project = await ProjectAccess.FindAsync(db, Me(http), number, ct);
        return project is null ? NotFound(number) : TypedResults.Ok(await ProjectView.ScopeChangesAsync(db, project.Id, ct));
    }

    public static async Task<Results<Ok<ScopeChangeResponse>, ProblemHttpResult>> ScopeChange(string number, int changeId, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var project = await ProjectAccess.FindAsync(db, Me(http), number, ct);
        var change = project is null ? null : (await ProjectView.ScopeChangesAsync(db, project.Id, ct)).SingleOrDefault(s => s.Id == changeId);
        return change is null ? NotFound(number, $"scope change {changeId} of ") : TypedResults.Ok(change);
    }

    public static async Task<Results<Created<ScopeChangeResponse>, ProblemHttpResult>> RaiseScopeChange(
        string number, RaiseScopeChangeRequest request, BatonDb db, HttpContext http, INotificationChannel channel, TimeProvider clock, CancellationToken ct)
    {
        if (await ChangeScope.RaiseAsync(db, Me(http), number, request, channel, clock, ct) is not { } change)
        {
            return NotFound(number);
        }

        return TypedResults.Created($"/api/v1/projects/{number}/scope-changes/{change.Id}", await ScopeChangeAsync(db, change, ct));
    }

    public static async Task<Results<Ok<ScopeChangeResponse>, ProblemHttpResult>> ApproveScopeChange(
        string number, int changeId, ApproveScopeChangeRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await ChangeScope.ApproveAsync(db, Me(http), number, changeId, request, clock, ct) is { } approved
            ? TypedResults.Ok(await ScopeChangeAsync(db, approved.Change, ct))
            : NotFound(number, $"scope change {changeId} of ");

    public static async Task<Results<Ok<ScopeChangeResponse>, ProblemHttpResult>> DeclineScopeChange(
        string number, int changeId, DeclineScopeChangeRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await ChangeScope.DeclineAsync(db, Me(http), number, changeId, request, clock, ct) is { } declined
            ? TypedResults.Ok(await ScopeChangeAsync(db, declined, ct))
            : NotFound(number, $"scope change {changeId} of ");

    private static async Task<ScopeChangeResponse> ScopeChangeAsync(BatonDb db, ScopeChangeRequest change, CancellationToken ct) =>
        (await ProjectView.ScopeChangesAsync(db, change.ProjectId, ct)).Single(s => s.Id == change.Id);

    // ---- Project types -------------------------------------------------------------------------------

    public static async Task<Ok<IReadOnlyList<ProjectTypeResponse>>> ProjectTypes(BatonDb db, bool? activeOnly, CancellationToken ct) =>
        TypedResults.Ok(await SaveProjectType.ListAsync(db, activeOnly ?? false, ct));

    public static async Task<Created<ProjectTypeResponse>> CreateProjectType(ProjectTypeRequest request, BatonDb db, CancellationToken ct)
    {
        var type = await SaveProjectType.CreateAsync(db, request, ct);
        return TypedResults.Created($"/api/v1/project-types/{type.Id}", new ProjectTypeResponse(type.Id, type.Name, type.IsActive));
    }

    public static async Task<Results<Ok<ProjectTypeResponse>, ProblemHttpResult>> UpdateProjectType(int typeId, ProjectTypeRequest request, BatonDb db, CancellationToken ct) =>
        await SaveProjectType.UpdateAsync(db, typeId, request, ct) is { } type
            ? TypedResults.Ok(new ProjectTypeResponse(type.Id, type.Name, type.IsActive))
            : TypedResults.Problem(title: "Not found", detail: $"There is no project type {typeId}.", statusCode: StatusCodes.Status404NotFound);

    // ---- Feeds ---------------------------------------------------------------------------------------

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ProjectFeed(string number, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var ics = await ProjectCalendar.ForProjectAsync(db, Me(http), number, BaseUrl(http), clock.GetUtcNow(), ct);
        return ics is null ? NotFound(number) : Calendar(http, ics, number);
    }

    public static async Task<ContentHttpResult> AllFeed(BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        Calendar(http, await ProjectCalendar.ForAllAsync(db, Me(http), BaseUrl(http), clock.GetUtcNow(), ct), "projects");

    private static ContentHttpResult Calendar(HttpContext http, string ics, string name)
    {
        // Private: the feed is the caller's own view (and may have come with a token in the URL).
        http.Response.Headers.CacheControl = "private, max-age=300";
        http.Response.Headers.ContentDisposition = $"inline; filename=\"baton-{Uri.EscapeDataString(name.ToLowerInvariant())}.ics\"";
        return TypedResults.Text(ics, IcsWriter.ContentType);
    }

    internal static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    // ---- Shared --------------------------------------------------------------------------------------

    private static CurrentUser Me(HttpContext http) => CurrentUser.From(http.User);

    private static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> Respond(HttpContext http, BatonDb db, CurrentUser user, string number, Project? changed, CancellationToken ct)
    {
        if (changed is null)
        {
            return NotFound(number);
        }

        var view = await ProjectView.DescribeAsync(db, user, changed, ct);
        http.Response.Headers.ETag = Versions.ETag(view.Version);
        return TypedResults.Ok(view);
    }

    internal static ProblemHttpResult NotFound(string number, string what = "") =>
        TypedResults.Problem(title: "Not found", detail: $"There is no {what}project {number} that you can see.", statusCode: StatusCodes.Status404NotFound);
}
