namespace Baton.Web.Infrastructure.Http;

/// <summary>
/// How Baton answers with a mail's HTML (an outbox message, the daily report, an incoming mail): as mail clients show
/// it — its own inline style and embedded images, nothing else. No script runs and nothing is fetched, whatever the
/// HTML holds; the sanitiser is the first line, this policy the second.
/// </summary>
public static class MailPreview
{
    /// <summary>For HTML shown in a frame of a Baton page; the frame is a sandbox of its own too.</summary>
    public const string FramedPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

    /// <summary>For HTML opened as a page of its own, never inside another.</summary>
    public const string PagePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Protect(HttpResponse response, bool framed)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = framed ? FramedPolicy : PagePolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
