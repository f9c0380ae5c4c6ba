using System.Text.Json;
using Baton.Domain;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Infrastructure.Http;

/// <summary>
/// Turns what a client can get wrong into RFC 9457 problem details that name the field, so nothing a client
/// sends ends as a 500: malformed JSON, unknown enum values or fields, oversized bodies, broken rules, stale versions.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already swapped in the error page's path; decide on the path that failed.
        // The log names that path too (the middleware's own log line is suppressed in BatonHost: it names none).
        var failedPath = context.Features.Get<IExceptionHandlerFeature>()?.Path ?? context.Request.Path;
        if (!BatonHost.IsApi(failedPath))
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, failedPath);
            return false; // pages show the error page instead
        }

        var (status, title, detail, errors) = Describe(exception);
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, failedPath);
        }

        context.Response.StatusCode = status;
        if (status == 503)
        {
            context.Response.Headers.RetryAfter = Data.DatabaseReadinessGate.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var problem = errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail }
            : new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    public static (int Status, string Title, string? Detail, Dictionary<string, string[]>? Errors) Describe(Exception exception) => exception switch
    {
        InputInvalidException e => (400, "One or more fields are invalid", null, e.Errors),
        StaleRecordException e => (412, "Changed by someone else", e.Message, null),
        NotFoundException e => (404, "Not found", e.Message, null),
        PreconditionRequiredException e => (428, "If-Match required", e.Message, null),
        ForbiddenException e => (403, "Forbidden", e.Message, null),
        IdempotencyKeyReusedException e => (422, "Idempotency-Key reused", e.Message, null),
        DomainRuleException { Field: "transition" } e => (409, "The ticket cannot move that way", e.Message, null),
        DomainRuleException { Field: { } field } e => (400, "One or more fields are invalid", null, new() { [field] = [e.Message] }),
        DomainRuleException e => (409, "Not allowed", e.Message, null),
        DbUpdateConcurrencyException => (409, "Changed by someone else", "Someone changed this since you read it. Reload, check their change, and try again.", null),
        BadHttpRequestException { InnerException: JsonException json } => JsonProblem(json),
        BadHttpRequestException { StatusCode: 413 } => (413, "Request too large", "The request body is larger than this endpoint accepts.", null),
        BadHttpRequestException e when e.Message.Contains("no body was provided", StringComparison.Ordinal) =>
            (400, "The request body is not valid", null, new() { ["body"] = ["Send a JSON object in the request body."] }),
        BadHttpRequestException e when InputRules.UnboundParameter(e) is { } field =>
            (400, "One or more fields are invalid", null, new() { [field] = ["This value cannot be read as the parameter's type; see the OpenAPI document for what it accepts."] }),
        BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message, null),
        JsonException json => JsonProblem(json),
        _ when Data.DatabaseFailures.IsUnavailable(exception) => (503, "Temporarily unavailable", Data.DatabaseFailures.Explain(exception), null),
        _ => (500, "Something went wrong on our side", "The error was logged. Try again, or tell your administrator the time it happened.", null),
    };

    private static (int, string, string?, Dictionary<string, string[]>?) JsonProblem(JsonException json)
    {
        if (json is JsonFieldException refused)
        {
            return (400, "The request body is not valid", null, new() { [refused.FieldAt(json.Path ?? "")] = [refused.Message] });
        }

        var field = JsonPathToField(json.Path);
        var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "This field is not part of the request; check its spelling against the OpenAPI document."
            : json.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? "This value has the wrong type or is not one of the allowed values (see the OpenAPI document)."
                : "The JSON is malformed here.";
        // "…missing required properties including: 'title', 'clientId'." names the fields for us.
        var missing = System.Text.RegularExpressions.Regex.Matches(json.Message, "'([A-Za-z0-9_]+)'").Select(m => m.Groups[1].Value).ToList();
        if (json.Message.Contains("missing required properties", StringComparison.Ordinal) && missing.Count > 0)
        {
            return (400, "The request body is not valid", null, missing.ToDictionary(f => f, f => new[] { $"{f} is required." }));
        }

        return (400, "The request body is not valid", null, new() { [field.Length == 0 ? "body" : field] = [message] });
    }

    /// <summary>"$.impact" → "impact"; "$.items[0].name" → "items[0].name"; the property named in an unmapped-member message otherwise.</summary>
    internal static string JsonPathToField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
