using Baton.Domain.Informing;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Informing;

public sealed record RasciCellResponse(string Activity, string Role, RasciLetter? Letter, bool Overridden);

public sealed record RasciNamed(string Key, string Name);

public sealed record RasciResponse(int? ClientId, int Revision, IReadOnlyList<RasciNamed> Activities, IReadOnlyList<RasciNamed> Roles, IReadOnlyList<RasciCellResponse> Cells);

public sealed record RasciCellRequest(string? Activity, string? Role, string? Letter = null);

/// <summary>A whole scope's cells (the default's, or a client's overrides, where a null letter means "none here"), from the revision the caller read.</summary>
public sealed record RasciRequest(int? Revision, IReadOnlyList<RasciCellRequest>? Cells, string? Note = null);

public sealed record InvolvementResponse(string Name, string Role, string RoleName, RasciLetter Letter, string Why, string? UserId, int? ContactId);

public sealed record TicketInvolvedResponse(string Number, string Activity, string ActivityName, IReadOnlyList<InvolvementResponse> People, IReadOnlyList<string> BuiltInRules);

public static class RasciApi
{
    public static RouteGroupBuilder MapRasciApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/rasci").WithTags("RASCI");
        group.MapGet("/", Get).WithName("GetRasciMatrix").RequireAuthorization(Policies.Staff)
            .WithSummary("The RASCI matrix: the default, or with clientId that client's view (cells it overrides are marked). revision is what a PUT must send back.");
        group.MapPut("/", Put).WithName("SaveRasciMatrix").RequireAuthorization(Policies.Administrator)
            .WithSummary("Save the default matrix (no clientId) or a client's overrides as a new revision: every cell of the scope, and the revision you read. 409 when someone saved since; 400 naming the activity when it would not have exactly one Accountable.");
        return api;
    }

    public static async Task<Results<Ok<RasciResponse>, ProblemHttpResult>> Get(int? clientId, BatonDb db, CancellationToken ct)
    {
        if (clientId is { } id && !await db.Clients.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no client {id}.", statusCode: 404);
        }

        return TypedResults.Ok(Respond(await RasciCatalogue.ReadAsync(db, clientId, ct)));
    }

    public static async Task<Results<Ok<RasciResponse>, ValidationProblem, ProblemHttpResult>> Put(int? clientId, RasciRequest request, BatonDb db, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Revision is null)
        {
            errors["revision"] = ["Send the revision you read (GET /api/v1/rasci), so a save made since is not overwritten."];
        }

        var cells = new List<RasciCell>();
        foreach (var (cell, i) in (request.Cells ?? []).Select((c, i) => (c, i)))
        {
            try
            {
                var letter = RasciLetters.Parse(cell.Letter, $"cells[{i}].letter");
                if (string.IsNullOrWhiteSpace(cell.Activity) || string.IsNullOrWhiteSpace(cell.Role))
                {
                    errors[$"cells[{i}]"] = ["Each cell names an activity and a role."];
                }
                else if (letter is not null || clientId is not null)
                {
                    cells.Add(new RasciCell(cell.Activity.Trim(), cell.Role.Trim(), letter));
                }
            }
            catch (Baton.Domain.DomainRuleException e)
            {
                errors[e.Field ?? $"cells[{i}]"] = [e.Message];
            }
        }

        if (cells.GroupBy(c => (c.Activity, c.Role)).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            errors["cells"] = [$"{twice.Key.Activity} × {twice.Key.Role} is sent twice; send each cell once."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The matrix was not saved");
        }

        var result = await SaveRasci.SaveAsync(db, clientId, request.Revision!.Value, cells, request.Note, CurrentUser.From(http.User).Actor, clock.GetUtcNow(), ct);
        if (result.Saved is not null)
        {
            return TypedResults.Ok(Respond(await RasciCatalogue.ReadAsync(db, clientId, ct)));
        }

        if (result.Problems.FirstOrDefault(p => p.Field == "revision") is { } stale)
        {
            return TypedResults.Problem(title: "Saved by someone else meanwhile", detail: stale.Message, statusCode: 409);
        }

        if (result.Problems.FirstOrDefault(p => p.Field == "clientId") is { } missing)
        {
            return TypedResults.Problem(title: "Not found", detail: missing.Message, statusCode: 404);
        }

        return TypedResults.ValidationProblem(
            result.Problems.GroupBy(p => p.Field ?? "cells").ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
            title: "The matrix was not saved");
    }

    private static RasciResponse Respond(RasciView view) => new(
        view.ClientId,
        view.Revision,
        [.. view.Activities.Select(a => new RasciNamed(a.Key, a.Name))],
        [.. view.Roles.Select(r => new RasciNamed(r, view.RoleName(r)))],
        [.. view.Activities.SelectMany(a => view.Roles.Select(r => (a, r, cell: view.Matrix.Cell(a.Key, r, view.ClientId))))
            .Where(x => x.cell.Letter is not null || x.cell.Overridden)
            .Select(x => new RasciCellResponse(x.a.Key, x.r, x.cell.Letter, x.cell.Overridden))]);
}
