using System.Globalization;
using Baton.Web.Infrastructure.Errors;

namespace Baton.Web.Infrastructure.Http;

/// <summary>ETag / If-Match for optimistic concurrency: the ETag is the aggregate's version number.</summary>
public static class Versions
{
    public static string ETag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Reads If-Match. Missing: null (or a 428 when required). Unreadable: a 400 naming the header.</summary>
    public static int? IfMatch(HttpRequest request, bool required)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return required
                ? throw new PreconditionRequiredException()
                : null;
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        value = value.Trim('"');
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw InputInvalidException.For("If-Match", "If-Match must be the ETag you read from GET, e.g. \"3\".");
    }
}

/// <summary>An update that does not say which version it read would overwrite blindly; we refuse it (428).</summary>
public sealed class PreconditionRequiredException()
    : Exception("Send If-Match with the ETag from your GET, so a change someone made meanwhile is not overwritten.");
