using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Baton.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Insight;

public static class InsightApi
{
    public static RouteGroupBuilder MapInsightApi(this RouteGroupBuilder api)
    {
        var tickets = api.MapGroup("/tickets").WithTags("Project insight");
        tickets.MapGet("/{number}/insight", Insight).WithName("GetTicketInsight")
            .WithSummary("The ticket's project insight (staff only): the client's active projects, engagements today or yesterday in the client's time zone, hypercare and recently closed projects; those touching the ticket's configuration item or site first.");
        tickets.MapPost("/{number}/attributions", Attribute).WithName("AttributeTicket")
            .WithSummary("Mark the ticket CausedBy a project of its client, or NotRelated (a coincidence), with a note (staff only). A second verdict on the same project replaces the first; both stay on the audit trail.");
        tickets.MapPut("/{number}/attributions", Attribute).WithName("PutTicketAttribution")
            .WithSummary("The same as POST: set the verdict on one project (idempotent).");
        tickets.MapGet("/{number}/attributions", Attributions).WithName("ListTicketAttributions")
            .WithSummary("Every verdict on the ticket against a project, newest first (staff only).");

        api.MapGroup("/projects").WithTags("Project insight").RequireAuthorization(Policies.Staff)
            .MapGet("/{number}/attributions", ListProjectVerdicts).WithName("ListProjectAttributions")
            .WithSummary("The tickets marked caused by (or not related to) the project, newest verdict first (staff only).");

        api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policies.Staff)
            .MapGet("/project-incidents", Report).WithName("GetProjectIncidentsReport")
            .WithSummary("Project-caused incidents per project and per project type for incidents created in a period (inclusive UTC dates; default the previous calendar month), for one client or all.")
            .WithDescription("exposed = incidents of the project's client created while one of its engagements ran or while it was in hypercare; attributed = exposed and marked CausedBy that project; sharePercent = attributed / exposed. Every counted incident is listed per project.");
        return api;
    }

    public static async Task<Results<Ok<InsightResponse>, ProblemHttpResult>> Insight(
        string number, BatonDb db, HttpContext http, TimeProvider clock, IOptions<ProjectInsightOptions> options, CancellationToken ct)
    {
        var insight = await TicketInsight.ForTicketAsync(db, CurrentUser.From(http.User), number, options.Value, clock.GetUtcNow(), ct);
        return insight is null ? NotFoundProblem.For("ticket", number) : TypedResults.Ok(insight);
    }

    public static async Task<Results<Created<AttributionResponse>, Ok<AttributionResponse>, ProblemHttpResult>> Attribute(
        string number, AttributeTicketRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await AttributeTicket.ExecuteAsync(db, CurrentUser.From(http.User), number, request, clock, ct);
        if (outcome is null)
        {
            return NotFoundProblem.For("ticket", number);
        }

        http.Response.Headers.ETag = Versions.ETag(outcome.TicketVersion);
        var a = outcome.Attribution;
        return outcome.Created
            ? TypedResults.Created($"/api/v1/tickets/{a.TicketNumber}/attributions", a)
            : TypedResults.Ok(a);
    }

    public static async Task<Results<Ok<IReadOnlyList<AttributionResponse>>, ProblemHttpResult>> Attributions(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var user = CurrentUser.From(http.User);
        var ticket = await TicketInsight.FindAsync(db, user, number, ct);
        if (ticket is null)
        {
            return NotFoundProblem.For("ticket", number);
        }

        return user.IsStaff
            ? TypedResults.Ok(await ProjectVerdicts.ForTicketAsync(db, ticket.Id, ticket.Number, ct))
            : TypedResults.Problem(title: "Forbidden", detail: "Project attributions are for the service desk.", statusCode: StatusCodes.Status403Forbidden);
    }

    public static async Task<Results<Ok<IReadOnlyList<ProjectTicketVerdictResponse>>, ProblemHttpResult>> ListProjectVerdicts(string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var verdicts = await ProjectVerdicts.ForProjectAsync(db, CurrentUser.From(http.User), number, ct);
        return verdicts is null
            ? TypedResults.Problem(title: "Not found", detail: $"There is no project {number} that you can see.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(verdicts);
    }

    public static async Task<Ok<ProjectIncidentsResponse>> Report(int? clientId, DateOnly? from, DateOnly? to, BatonDb db, TimeProvider clock, CancellationToken ct)
    {
        var scope = await ProjectIncidents.ResolveScopeAsync(db, clientId, from, to, clock.GetUtcNow(), ct);
        return TypedResults.Ok(ProjectIncidents.Describe(scope, await ProjectIncidents.RunAsync(db, scope, ct)));
    }
}
