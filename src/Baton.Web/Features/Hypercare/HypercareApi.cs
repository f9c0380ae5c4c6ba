using Baton.Domain.Hypercare;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Tickets;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Baton.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baton.Web.Features.Hypercare;

/// <summary>One hypercare week of the dashboard, with times to resolve in hours (one decimal).</summary>
public sealed record HypercareWeekResponse(
    int Week,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset CountedAt,
    PriorityCounts Opened,
    ScopeCounts OpenedByScope,
    int OpenAtEnd,
    int ResolvedAtEnd,
    int ResolvedInWeek,
    decimal? MeanHoursToResolve,
    int FeedbackCount,
    decimal? FeedbackMean);

/// <summary>
/// The hypercare dashboard in numbers. Weeks are hypercare weeks (7 days from the start); open/resolved are states at each
/// week's end (now for the week in progress), a reopened ticket open again; time to resolve runs from creation to the
/// resolution that stands, wall-clock.
/// </summary>
public sealed record HypercareDashboardResponse(
    string ProjectNumber,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset AsOf,
    int Tickets,
    int Open,
    int Resolved,
    decimal? MeanHoursToResolve,
    PriorityCounts ByPriority,
    ScopeCounts ByScope,
    IReadOnlyList<HypercareWeekResponse> Weeks,
    IReadOnlyList<CategoryCount> TopCategories,
    int FeedbackCount,
    decimal? FeedbackMean);

/// <summary>
/// Hypercare over the API, under /api/v1/projects/{number}: the period and team (staff), hypercare tickets, the
/// dashboard, and feedback from the client's users. A project the caller may not see is a 404; a client contact asking
/// for a staff endpoint of their own project a 403.
/// </summary>
public static class HypercareApi
{
    public static RouteGroupBuilder MapHypercareApi(this RouteGroupBuilder api)
    {
        var project = api.MapGroup("/projects/{number}").WithTags("Hypercare");
        project.MapGet("/hypercare", Get).WithName("GetHypercare")
            .WithSummary("The project's hypercare: period, days left, whether it can start now (and why not), and the hypercare team. ETag: the project's version.");
        project.MapPost("/hypercare", Enter).WithName("EnterHypercare")
            .WithSummary("Start hypercare (the lead must be released): days 28–92 (default 30) and the team — subjectMatterExperts, development and/or infrastructure, coordination — each a teamId and/or agentIds, with the scopes it covers. If-Match optional.");
        project.MapPut("/hypercare/team", ChangeTeam).WithName("ChangeHypercareTeam")
            .WithSummary("Change the hypercare team or its scopes during hypercare. If-Match optional: the teamVersion you read.");
        project.MapPost("/hypercare/end", End).WithName("EndHypercare")
            .WithSummary("End hypercare now: the project closes, routing stops, tags stay and tickets continue as normal support. If-Match optional.");
        project.MapGet("/hypercare/tickets", Tickets).WithName("ListHypercareTickets")
            .WithSummary("The project's hypercare tickets, newest first, each with why it is one, its scope and whom it was routed to.");
        project.MapPost("/hypercare/tickets", Tag).WithName("TagHypercareTicket")
            .WithSummary("Tag a ticket of the client opened during hypercare; with route (default true) it is routed by request type and the coordinating team told.");
        project.MapDelete("/hypercare/tickets/{ticketNumber}", Untag).WithName("UntagHypercareTicket")
            .WithSummary("Remove a wrong hypercare tag during hypercare (the ticket keeps its assignment).");
        project.MapGet("/hypercare/dashboard", Dashboard).WithName("GetHypercareDashboard")
            .WithSummary("Tickets per week by priority and by scope, open vs resolved at each week's end, mean time to resolve, top categories, feedback by week.");
        project.MapGet("/feedback", Feedback).WithName("ListHypercareFeedback")
            .WithSummary("Feedback on hypercare: staff see everyone's, a client user their own.");
        project.MapPost("/feedback", GiveFeedback).WithName("GiveHypercareFeedback")
            .WithSummary("A client user rates hypercare (1–5, optional comment) during the period: one per user per hypercare week; giving it again that week revises it (200), a new one is 201.");
        api.MapGet("/tickets/{number}/hypercare", TicketTag).WithTags("Hypercare").WithName("GetTicketHypercareTag")
            .WithSummary("The ticket's hypercare tag (project, scope, routing), or 404 when it is not a hypercare ticket.");
        return api;
    }

    public static async Task<Results<Ok<HypercareResponse>, ProblemHttpResult>> Get(string number, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await StaffProjectAsync(db, http, number, "see the hypercare set-up", ct) is { } project
            ? await Respond(http, db, project, clock, ct)
            : NotFound(number);

    public static async Task<Results<Ok<HypercareResponse>, ProblemHttpResult>> Enter(
        string number, EnterHypercareRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var project = await EnterHypercare.ExecuteAsync(db, CurrentUser.From(http.User), number, Versions.IfMatch(http.Request, required: false), request, clock, ct);
        return project is null ? NotFound(number) : await Respond(http, db, project, clock, ct);
    }

    public static async Task<Results<Ok<HypercareResponse>, ProblemHttpResult>> ChangeTeam(
        string number, ChangeHypercareTeamRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var team = await ChangeHypercareTeam.ExecuteAsync(db, user, number, Versions.IfMatch(http.Request, required: false), request, clock, ct);
        if (team is null)
        {
            return NotFound(number);
        }

        var project = (await ProjectAccess.FindAsync(db, user, number, ct))!;
        var response = await HypercareView.DescribeAsync(db, project, clock.GetUtcNow(), ct);
        http.Response.Headers.ETag = Versions.ETag(team.Version);
        return TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<HypercareResponse>, ProblemHttpResult>> End(
        string number, BatonDb db, HttpContext http, INotificationChannel channel, TimeProvider clock, CancellationToken ct)
    {
        var project = await EndHypercare.EarlyAsync(db, CurrentUser.From(http.User), number, Versions.IfMatch(http.Request, required: false), channel, clock, ct);
        return project is null ? NotFound(number) : await Respond(http, db, project, clock, ct);
    }

    public static async Task<Results<Ok<IReadOnlyList<HypercareTagResponse>>, ProblemHttpResult>> Tickets(string number, BatonDb db, HttpContext http, CancellationToken ct) =>
        await StaffProjectAsync(db, http, number, "list hypercare tickets", ct) is { } project
            ? TypedResults.Ok(await HypercareView.TicketsAsync(db, project.Id, ct))
            : NotFound(number);

    public static async Task<Results<Created<HypercareTagResponse>, ProblemHttpResult>> Tag(
        string number, TagHypercareTicketRequest request, BatonDb db, HttpContext http, HypercareIntake intake, TimeProvider clock, CancellationToken ct)
    {
        var tag = await TagHypercareTicket.ExecuteAsync(db, CurrentUser.From(http.User), number, request, intake, clock, ct);
        if (tag is null)
        {
            return NotFound(number);
        }

        var response = (await HypercareView.ForTicketAsync(db, tag.TicketId, ct))!;
        return TypedResults.Created($"/api/v1/tickets/{response.TicketNumber}/hypercare", response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Untag(string number, string ticketNumber, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        await TagHypercareTicket.RemoveAsync(db, CurrentUser.From(http.User), number, ticketNumber, clock, ct) switch
        {
            null => NotFound(number),
            false => TypedResults.Problem(title: "Not found", detail: $"{ticketNumber} is not a hypercare ticket of {number}.", statusCode: StatusCodes.Status404NotFound),
            true => TypedResults.NoContent(),
        };

    public static async Task<Results<Ok<HypercareDashboardResponse>, ProblemHttpResult>> Dashboard(string number, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        if (await StaffProjectAsync(db, http, number, "see the hypercare dashboard", ct) is not { } project)
        {
            return NotFound(number);
        }

        var dashboard = await HypercareView.DashboardAsync(db, project, clock.GetUtcNow(), ct);
        return dashboard is null
            ? TypedResults.Problem(title: "No hypercare", detail: $"{project.Number} has not been in hypercare, so it has no dashboard.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(Describe(project.Number, dashboard));
    }

    public static async Task<Results<Ok<IReadOnlyList<FeedbackResponse>>, ProblemHttpResult>> Feedback(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var project = await ProjectAccess.FindAsync(db, user, number, ct);
        return project is null ? NotFound(number) : TypedResults.Ok(await GiveHypercareFeedback.ListAsync(db, user, project, ct));
    }

    public static async Task<Results<Created<FeedbackResponse>, Ok<FeedbackResponse>, ProblemHttpResult>> GiveFeedback(
        string number, GiveFeedbackRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var result = await GiveHypercareFeedback.ExecuteAsync(db, CurrentUser.From(http.User), number, request, clock, ct);
        return result switch
        {
            null => NotFound(number),
            ({ } feedback, true) => TypedResults.Created($"/api/v1/projects/{feedback.ProjectNumber}/feedback", feedback),
            ({ } feedback, false) => TypedResults.Ok(feedback),
        };
    }

    public static async Task<Results<Ok<HypercareTagResponse>, ProblemHttpResult>> TicketTag(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var id = await TicketAccess.FindIdAsync(db, user, number, ct);
        if (id is null)
        {
            return NotFoundProblem.For("ticket", number);
        }

        HypercareAccess.StaffOnly(user, "see how hypercare routed a ticket");
        return await HypercareView.ForTicketAsync(db, id.Value, ct) is { } tag
            ? TypedResults.Ok(tag)
            : TypedResults.Problem(title: "Not a hypercare ticket", detail: $"{number} is not tagged as a hypercare ticket.", statusCode: StatusCodes.Status404NotFound);
    }

    public static HypercareDashboardResponse Describe(string projectNumber, HypercareDashboard d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(
            projectNumber, d.StartsAt, d.EndsAt, d.AsOf, d.Tickets, d.Open, d.Resolved, Hours(d.MeanTimeToResolve), d.ByPriority, d.ByScope,
            [.. d.Weeks.Select(w => new HypercareWeekResponse(
                w.Week, w.StartsAt, w.EndsAt, w.CountedAt, w.Opened, w.OpenedByScope, w.OpenAtEnd, w.ResolvedAtEnd, w.ResolvedInWeek,
                Hours(w.MeanTimeToResolve), w.FeedbackCount, w.FeedbackMean))],
            d.TopCategories, d.FeedbackCount, d.FeedbackMean);
    }

    /// <summary>Hours, one decimal.</summary>
    public static decimal? Hours(TimeSpan? span) => span is { } s ? Math.Round((decimal)s.TotalHours, 1) : null;

    private static async Task<Results<Ok<HypercareResponse>, ProblemHttpResult>> Respond(HttpContext http, BatonDb db, Project project, TimeProvider clock, CancellationToken ct)
    {
        var response = await HypercareView.DescribeAsync(db, project, clock.GetUtcNow(), ct);
        http.Response.Headers.ETag = Versions.ETag(response.Version);
        return TypedResults.Ok(response);
    }

    /// <summary>The project when the caller may see it (null: a 404), refusing a client contact after that (a 403).</summary>
    private static async Task<Project?> StaffProjectAsync(BatonDb db, HttpContext http, string number, string what, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var project = await ProjectAccess.FindAsync(db, user, number, ct);
        if (project is not null)
        {
            HypercareAccess.StaffOnly(user, what);
        }

        return project;
    }

    private static ProblemHttpResult NotFound(string number) =>
        TypedResults.Problem(title: "Not found", detail: $"There is no project {number} that you can see.", statusCode: StatusCodes.Status404NotFound);
}
