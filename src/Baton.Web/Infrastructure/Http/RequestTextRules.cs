using System.Text.Encodings.Web;
using Microsoft.Extensions.Primitives;

namespace Baton.Web.Infrastructure.Http;

/// <summary>
/// The input rules for what does not arrive as JSON: route values, the query string, headers and form posts (pages
/// and uploads). A NUL character anywhere is a 400 naming the field; a form that cannot be read (no multipart
/// boundary, a truncated body) is a 400 too, before any endpoint or page handler sees it.
/// </summary>
public static class RequestTextRules
{
    public static IApplicationBuilder UseRequestTextRules(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var field = FirstWithNul(request.RouteValues.Select(r => (r.Key, new StringValues(r.Value as string))))
            ?? FirstWithNul(request.Query.Select(q => (q.Key, q.Value)))
            ?? FirstWithNul(request.Headers.Select(h => (h.Key, h.Value)));
        if (field is not null)
        {
            await RefuseAsync(context, field, InputRules.NulMessage);
            return;
        }

        if (request.HasFormContentType && context.GetEndpoint() is not null)
        {
            IFormCollection form;
            var urlEncoded = request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
            if (urlEncoded)
            {
                request.EnableBuffering(); // small (the form reader's limits apply); kept to find the field the reader refuses
            }

            try
            {
                form = await request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
            {
                // "Multipart body length limit … exceeded", "Form value count limit … exceeded": too large, not malformed.
                await RefuseAsync(context, "body", e.Message, StatusCodes.Status413PayloadTooLarge);
                return;
            }
            catch (InvalidDataException e)
            {
                // The form reader itself refuses control characters, without saying which field held them.
                if (urlEncoded && await UrlEncodedFieldWithNulAsync(request) is { } refused)
                {
                    await RefuseAsync(context, refused, InputRules.NulMessage);
                    return;
                }

                await RefuseAsync(context, "body", $"The form data cannot be read ({e.Message}). Send multipart/form-data with a boundary, or application/x-www-form-urlencoded.");
                return;
            }
            catch (IOException e) when (e is not BadHttpRequestException && e.Message.StartsWith("Unexpected end of Stream", StringComparison.Ordinal))
            {
                await RefuseAsync(context, "body", "The form data ends before its closing boundary: the upload was cut short. Send it again.");
                return;
            }

            field = FirstWithNul(form.Select(f => (f.Key, f.Value)))
                ?? FirstWithNul(form.Files.Select(f => (f.Name, new StringValues(f.ContentType))));
            if (field is not null)
            {
                await RefuseAsync(context, field, InputRules.NulMessage);
                return;
            }
        }

        await next();
    });

    private static async Task<string?> UrlEncodedFieldWithNulAsync(HttpRequest request)
    {
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var pairs = (await reader.ReadToEndAsync(request.HttpContext.RequestAborted)).Split('&')
            .Select(pair => pair.Split('=', 2))
            .Select(kv => (Decode(kv[0]), new StringValues(kv.Length > 1 ? Decode(kv[1]) : "")));
        return FirstWithNul(pairs);

        static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
    }

    private static string? FirstWithNul(IEnumerable<(string Name, StringValues Values)> fields)
    {
        foreach (var (name, values) in fields)
        {
            if (name.Contains('\0', StringComparison.Ordinal))
            {
                return name.Replace("\0", "\\0", StringComparison.Ordinal);
            }

            foreach (var value in values)
            {
                if (value is not null && value.Contains('\0', StringComparison.Ordinal))
                {
                    return name;
                }
            }
        }

        return null;
    }

    /// <summary>The API answers problem details; a page answers a short page naming the field (there is no form model yet to put it on).</summary>
    private static async Task RefuseAsync(HttpContext context, string field, string message, int status = StatusCodes.Status400BadRequest)
    {
        var title = status == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Bad request";
        context.Response.StatusCode = status;
        if (BatonHost.IsApi(context.Request.Path))
        {
            await (status == StatusCodes.Status413PayloadTooLarge
                    ? Results.Problem(title: title, detail: message, statusCode: status)
                    : Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "One or more fields are invalid"))
                .ExecuteAsync(context);
            return;
        }

        var html = HtmlEncoder.Default;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main><h1>{title}</h1>" +
            $"<p>{html.Encode(field)}: {html.Encode(message)}</p><p>Go back, correct it and try again.</p></main></body></html>");
    }
}
