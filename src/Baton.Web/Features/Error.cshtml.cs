using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "The error was logged. Try again, or tell your administrator the time it happened.";

    /// <summary>The database is away or the disk full (503): shown without the layout, which needs the database.</summary>
    public bool Unavailable { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is { } error && Data.DatabaseFailures.IsUnavailable(error))
        {
            // A full disk or an unreachable database: not a bug, and it passes; say so and when to retry.
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = Data.DatabaseReadinessGate.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Title = "Baton is unavailable for a moment";
            Message = Data.DatabaseFailures.Explain(error) + " Nothing you did caused this.";
            Unavailable = true;
            return;
        }

        switch (code)
        {
            case 404:
                Title = "Not found";
                Message = "There is nothing here that you can see. The link may be wrong, or the item belongs to another organisation.";
                break;
            case 403:
                Title = "Not allowed";
                Message = "Your role does not allow this page.";
                break;
            case 400:
                Title = "Bad request";
                Message = "The request could not be understood. Go back and try again.";
                break;
            case 413:
                Title = "Too large";
                Message = "What you sent is larger than Baton accepts.";
                break;
        }
    }
}
