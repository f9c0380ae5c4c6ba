using Baton.Domain;
using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Closeout;

/// <summary>
/// /Projects/{number}/Closeout: begin the close-out, fill each item, bring the checklist up to date, and — for the
/// support lead — sign it off (the page says exactly what is missing) and release the project lead.
/// </summary>
public sealed class CloseoutModel(BatonDb db, INotificationChannel channel, TimeProvider clock) : PageModel
{
    public sealed record AnswerInput
    {
        public int Key { get; set; }
        public CloseoutItemState State { get; set; }
        public string? Reason { get; set; }
        public string? Note { get; set; }
        public int Version { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public AnswerInput Answer { get; set; } = new();

    public CloseoutResponse View { get; private set; } = default!;
    public bool IsSupportLead { get; private set; }

    /// <summary>The item whose form failed: it shows the typed values and the messages.</summary>
    public int? FailedKey { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public Task<IActionResult> OnPostBeginAsync(CancellationToken ct) =>
        RunAsync(async () => await CloseoutWork.BeginAsync(db, Me, Number, clock, ct) is not null, "Close-out begun.", ct);

    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            FailedKey = Answer.Key;
            if (ModelState[$"{nameof(Answer)}.{nameof(AnswerInput.State)}"]?.Errors.Count > 0)
            {
                ModelState.Remove($"{nameof(Answer)}.{nameof(AnswerInput.State)}");
                ModelState.AddModelError($"{nameof(Answer)}.{nameof(AnswerInput.State)}", "Choose done or not applicable.");
            }

            return await ShowAsync(ct);
        }

        return await RunAsync(
            async () => await CloseoutWork.AnswerAsync(db, Me, Number, Answer.Key, Answer.Version, new AnswerItemRequest(Answer.State, Answer.Reason, Answer.Note), channel, clock, ct) is not null,
            "Item saved.", ct, itemKey: Answer.Key);
    }

    public Task<IActionResult> OnPostReopenAsync(int key, int version, CancellationToken ct) =>
        RunAsync(async () => await CloseoutWork.ReopenAsync(db, Me, Number, key, version, clock, ct) is not null, "Item re-opened.", ct, itemKey: key, clear: true);

    public async Task<IActionResult> OnPostUpgradeAsync(int version, CancellationToken ct)
    {
        ModelState.Clear();
        CloseoutUpgrade? upgrade = null;
        return await RunAsync(async () => (upgrade = await CloseoutWork.UpgradeAsync(db, Me, Number, version, channel, clock, ct)) is not null,
            () => $"Brought up from version {upgrade!.FromVersion} to {upgrade.ToVersion}: {string.Join(" ", upgrade.Changes)}", ct);
    }

    public async Task<IActionResult> OnPostSignOffAsync(int version, CancellationToken ct)
    {
        ModelState.Clear();
        return await PageUseCase.RunAsync(this, "", async () =>
        {
            var outcome = await CloseoutWork.SignOffAsync(db, Me, Number, version, clock, ct);
            if (outcome is null || outcome.Signed)
            {
                return outcome is null ? null : this.Done("Close-out signed off. The project lead can be released now.", Here);
            }

            Problem = "Not signed off: " + outcome.Gate.Summary;
            db.ChangeTracker.Clear();
            return await ShowAsync(ct);
        }, RedisplayAsync(ct), _ => null);
    }

    public Task<IActionResult> OnPostWithdrawAsync(int version, CancellationToken ct) =>
        RunAsync(async () => await CloseoutWork.WithdrawSignOffAsync(db, Me, Number, version, clock, ct) is not null, "Sign-off withdrawn: the checklist can be changed again.", ct, clear: true);

    public Task<IActionResult> OnPostReleaseAsync(CancellationToken ct) =>
        RunAsync(async () => await CloseoutWork.ReleaseLeadAsync(db, Me, Number, clock, ct) is not null, "Project lead released. Hypercare can begin.", ct, clear: true);

    private CurrentUser Me => CurrentUser.From(User);

    private string Here => $"/Projects/{Uri.EscapeDataString(View?.ProjectNumber ?? Number)}/Closeout";

    private Task<IActionResult> RunAsync(Func<Task<bool>> action, string done, CancellationToken ct, int? itemKey = null, bool clear = false) =>
        RunAsync(action, () => done, ct, itemKey, clear);

    private async Task<IActionResult> RunAsync(Func<Task<bool>> action, Func<string> done, CancellationToken ct, int? itemKey = null, bool clear = false)
    {
        if (clear)
        {
            ModelState.Clear();
        }

        return await PageUseCase.RunAsync(this, nameof(Answer),
            // Saving one of many items comes back to that item, not to the top of the checklist.
            async () => await action()
                ? this.Done(done(), $"/Projects/{Uri.EscapeDataString(Number.Trim().ToUpperInvariant())}/Closeout" + (itemKey is { } key ? $"#item-{key}" : ""))
                : null,
            async problem =>
            {
                // The item whose answer was refused stays open, showing the message next to its field.
                FailedKey = itemKey is not null && !ModelState.IsValid ? itemKey : null;
                return await RedisplayAsync(ct)(problem);
            },
            field => itemKey is not null && field is "reason" or "note" or "state" ? PageUseCase.Key(nameof(Answer), field) : null);
    }

    private Func<PageProblem?, Task<IActionResult>> RedisplayAsync(CancellationToken ct) => async problem =>
    {
        Problem = problem?.Message ?? Problem;
        return await ShowAsync(ct);
    };

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        CloseoutResponse? view;
        try
        {
            view = await CloseoutView.GetAsync(db, Me, Number, clock.GetUtcNow(), ct);
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }

        if (view is null)
        {
            return NotFound();
        }

        View = view;
        IsSupportLead = await SupportLeads.IsSupportLeadAsync(db, Me, ct);
        return Page();
    }
}
