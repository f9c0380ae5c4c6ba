using System.Text.Json;
using Baton.Web.Infrastructure.Errors;

namespace Baton.Web.Infrastructure.Http;

/// <summary>
/// Reading a JSON merge-patch body (RFC 7396) in two steps: <see cref="ReadAsync"/> checks the media type and the
/// JSON syntax; <see cref="Fields{T}"/> binds the fields, and runs inside the use case after visibility,
/// authorisation and the If-Match version were checked, so a bad field never answers before them.
/// </summary>
public static class MergePatch
{
    public static async Task<JsonDocument> ReadAsync(HttpContext http, CancellationToken ct)
    {
        // Like POST and PUT: no JSON media type is a 415, not a body read as JSON anyway.
        if (!IsJson(http.Request.ContentType))
        {
            throw new BadHttpRequestException(
                $"Send the changes as application/merge-patch+json or application/json (got {(string.IsNullOrEmpty(http.Request.ContentType) ? "no Content-Type" : $"\"{http.Request.ContentType}\"")}).",
                StatusCodes.Status415UnsupportedMediaType);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The request body is not valid JSON.", StatusCodes.Status400BadRequest, e);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw InputInvalidException.For("body", "Send a JSON object with the fields to change.");
        }

        return document;
    }

    /// <summary>The request with the fields the caller sent (an unknown member is a 400 naming it) and their names.</summary>
    public static (T Request, IReadOnlySet<string> Present) Fields<T>(JsonDocument document, JsonSerializerOptions options)
        where T : class
    {
        // Members the serializer ignores (the record's own bookkeeping) are not fields either: name them like any typo.
        var fields = options.GetTypeInfo(typeof(T)).Properties
            .Where(p => p.AttributeProvider?.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), inherit: true) != true)
            .Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var present = document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (present.FirstOrDefault(name => !fields.Contains(name)) is { } unknown)
        {
            throw InputInvalidException.For(unknown, "This field is not part of the request; check its spelling against the OpenAPI document.");
        }

        return (document.Deserialize<T>(options) ?? throw InputInvalidException.For("body", "Send a JSON object with the fields to change."), present);
    }

    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Value is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
