using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baton.Web.Features.Shared.Links;

/// <summary>
/// <c>/api/v1/{tickets|projects}/{number}/links</c>: the same three operations on every linkable kind, so a problem
/// or a change gets them by adding its <see cref="LinkableKind"/> to the list below.
/// </summary>
public static class LinksApi
{
    public static RouteGroupBuilder MapLinksApi(this RouteGroupBuilder api)
    {
        Map(api, "tickets", "Ticket", LinkableKinds.Tickets);
        Map(api, "projects", "Project", LinkableKinds.Projects);
        return api;
    }

    private static void Map(RouteGroupBuilder api, string segment, string noun, LinkableKind kind)
    {
        var links = api.MapGroup($"/{segment}/{{number}}/links").WithTags("Links");
        links.MapGet("/", (string number, BatonDb db, HttpContext http, CancellationToken ct) => List(kind, number, db, http, ct))
            .WithName($"List{noun}Links")
            .WithSummary($"The {kind.Kind.Noun}'s typed links (caused by, related to, duplicate of, parent/child, fixes, implements, each read from this side), newest first; only links whose other end you can see.");
        links.MapPost("/", (string number, LinkRecordRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct) => Link(kind, number, request, db, http, clock, ct))
            .WithName($"Link{noun}")
            .WithSummary($"Link the {kind.Kind.Noun} to another record by its number (staff). 404 when either is not visible; 409 for a link that exists or a parent/child cycle; 400 naming relation, target or note. Ticket caused by project is recorded by the insight verdict.");
        links.MapDelete("/{linkId:long}", (string number, long linkId, BatonDb db, HttpContext http, CancellationToken ct) => Unlink(kind, number, linkId, db, http, ct))
            .WithName($"Unlink{noun}")
            .WithSummary($"Remove one of the {kind.Kind.Noun}'s links (staff); a link standing for the insight verdict is changed on the verdict (409).");
    }

    public static async Task<Results<Ok<IReadOnlyList<RecordLinkResponse>>, ProblemHttpResult>> List(LinkableKind kind, string number, BatonDb db, HttpContext http, CancellationToken ct)
    {
        var links = await RecordLinksWork.ListAsync(db, CurrentUser.From(http.User), kind, number, ct);
        return links is null ? NotFoundProblem.For(kind.Kind.Noun, number) : TypedResults.Ok(links);
    }

    public static async Task<Results<Created<RecordLinkResponse>, ProblemHttpResult>> Link(
        LinkableKind kind, string number, LinkRecordRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await RecordLinksWork.LinkAsync(db, CurrentUser.From(http.User), kind, number, request, clock, ct);
        return outcome switch
        {
            null => NotFoundProblem.For(kind.Kind.Noun, number),
            { TargetNotFound: { } target } => TypedResults.Problem(
                title: "Not found", detail: $"There is no record {target} that you can see.", statusCode: StatusCodes.Status404NotFound,
                extensions: new Dictionary<string, object?> { ["field"] = "target" }),
            { Link: { } link } => TypedResults.Created($"{http.Request.Path}/{link.Id}", link),
            _ => throw new InvalidOperationException("A link outcome has a link or a missing target."),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Unlink(LinkableKind kind, string number, long linkId, BatonDb db, HttpContext http, CancellationToken ct) =>
        await RecordLinksWork.UnlinkAsync(db, CurrentUser.From(http.User), kind, number, linkId, ct)
            ? TypedResults.NoContent()
            : NotFoundProblem.For($"link {linkId} on {kind.Kind.Noun}", number);
}
