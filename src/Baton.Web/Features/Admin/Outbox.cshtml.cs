using Baton.Web.Data;
using Baton.Web.Features.Mail;
using Baton.Web.Features.Outbox;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Admin;

/// <summary>The outbox: what waits (and why), what failed with the server's answer, what went; retry now; the message as sent.</summary>
public sealed class OutboxModel(BatonDb db, IOptions<SmtpSettings> smtp, TimeProvider clock, ILogger<OutboxModel> logger) : PageModel
{
    public const int Shown = 100;

    public OutboxReview.State State { get; private set; }

    public Dictionary<OutboxReview.State, int> Counts { get; private set; } = [];

    public List<OutboxReview.Row> Messages { get; private set; } = [];

    /// <summary>Mails sent with the shipped template in the last 7 days because an edited one failed.</summary>
    public (int Count, string? Latest) TemplateFallbacks { get; private set; }

    /// <summary>Where mail goes, or that it goes nowhere yet.</summary>
    public string? SmtpServer => smtp.Value.Configured ? $"{smtp.Value.Host}:{smtp.Value.Port}" : null;

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(string? state, CancellationToken ct)
    {
        if (state is not null && !Enum.TryParse<OutboxReview.State>(state, ignoreCase: true, out _))
        {
            return BadRequest($"Unknown state '{state}': use waiting, failed or sent.");
        }

        State = state is null ? OutboxReview.State.Waiting : Enum.Parse<OutboxReview.State>(state, ignoreCase: true);
        Counts = await OutboxReview.CountsAsync(db, ct);
        if (state is null && Counts[OutboxReview.State.Waiting] == 0 && Counts[OutboxReview.State.Failed] > 0)
        {
            State = OutboxReview.State.Failed; // nothing waits: show what needs a look
        }

        Messages = await OutboxReview.ListAsync(db, State, Shown, ct);
        TemplateFallbacks = await OutboxReview.TemplateFallbacksAsync(db, clock.GetUtcNow(), 7, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct)
    {
        var retried = await OutboxReview.RetryNowAsync(db, id, ct);
        logger.LogInformation("Outbox message {Id} retried now by {User}: {Outcome}.", id, User.Identity?.Name, retried ? "due again" : "already sent");
        Flash = retried ? $"Message {id} will be tried again within seconds." : $"Message {id} was sent already.";
        return RedirectToPage(new { state = "waiting" });
    }

    /// <summary>The message's HTML as it was queued, shown sandboxed (a sign-in link masked).</summary>
    public async Task<IActionResult> OnGetMessageAsync(long id, CancellationToken ct)
    {
        var html = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == id).Select(m => m.HtmlBody).SingleOrDefaultAsync(ct);
        if (html is null)
        {
            return NotFound();
        }

        Infrastructure.Http.MailPreview.Protect(Response, framed: true);
        // An invitation's or reset's link signs its reader in as the account: whoever reads the outbox must not have it.
        return Content(SecretLinks.Masked(html), "text/html; charset=utf-8");
    }
}
