using Microsoft.AspNetCore.Http.HttpResults;

namespace Baton.Web.Infrastructure.Errors;

/// <summary>The API's answer for a record the caller cannot see: to them it does not exist (404 with a problem body).</summary>
public static class NotFoundProblem
{
    /// <summary>"There is no ticket INC-000123 that you can see."</summary>
    public static ProblemHttpResult For(string what, string reference) =>
        TypedResults.Problem(title: "Not found", detail: new NotFoundException(what, reference).Message, statusCode: StatusCodes.Status404NotFound);
}
