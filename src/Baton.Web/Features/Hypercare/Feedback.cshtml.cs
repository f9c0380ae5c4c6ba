using Baton.Web.Features.Shared.Visibility;
using System.ComponentModel.DataAnnotations;
using Baton.Domain;
using Baton.Domain.Hypercare;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Hypercare;

/// <summary>
/// Feedback on hypercare from the portal: the client's users rate how the support after go-live is going (1–5, a comment),
/// once a week — giving it again in the same week revises it. Staff see everyone's feedback here too (read only). Any
/// other organisation's user gets a 404.
/// </summary>
public sealed class FeedbackModel(BatonDb db, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Range(HypercareFeedback.MinRating, HypercareFeedback.MaxRating, ErrorMessage = "Choose a rating from 1 (poor) to 5 (excellent).")]
        public int Rating { get; set; }

        [StringLength(HypercareFeedback.CommentMaxLength)]
        public string? Comment { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string ProjectName { get; private set; } = "";
    public bool IsOpen { get; private set; }
    public bool IsStaff { get; private set; }
    public string? ClosedBecause { get; private set; }
    public int Week { get; private set; }
    public DateTimeOffset? WeekEndsAt { get; private set; }
    public FeedbackResponse? ThisWeek { get; private set; }
    public IReadOnlyList<FeedbackResponse> Given { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(fill: true, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        await PageUseCase.RunAsync(this, "Input",
            async () => await GiveHypercareFeedback.ExecuteAsync(db, CurrentUser.From(User), Number, new GiveFeedbackRequest(Input.Rating, Input.Comment), clock, ct) is { } result
                ? this.Done(result.Created ? "Thank you: your feedback is recorded." : "Thank you: your feedback for this week is updated.", $"/Projects/{Uri.EscapeDataString(Number)}/Feedback")
                : null,
            async problem =>
            {
                if (problem is not null)
                {
                    ModelState.AddModelError("", problem.Message);
                }

                return await ShowAsync(fill: false, ct);
            },
            // "status": hypercare is not running, which is about the project, not the form.
            field => field == "status" ? null : PageUseCase.Key("Input", field));

    private async Task<IActionResult> ShowAsync(bool fill, CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        var project = await ProjectAccess.FindAsync(db, me, Number, ct);
        if (project is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        Number = project.Number;
        ProjectName = project.Name;
        IsStaff = me.IsStaff;
        IsOpen = project.IsInHypercare(now);
        ClosedBecause = IsOpen ? null
            : project.HypercareStartedAt is null ? $"{project.Number} is not in hypercare yet: feedback opens when its support after go-live begins."
            : $"The hypercare period of {project.Number} is over: thank you to everyone who told us how it went.";
        if (project.HypercareStartedAt is { } start)
        {
            Week = HypercareWeeks.WeekOf(start, now);
            WeekEndsAt = HypercareWeeks.StartOf(start, Week + 1) is var next && next < project.HypercareEndsAt ? next : project.HypercareEndsAt;
        }

        Given = await GiveHypercareFeedback.ListAsync(db, me, project, ct);
        ThisWeek = IsStaff ? null : Given.FirstOrDefault(f => f.Week == Week);
        if (fill && ThisWeek is { } mine)
        {
            Input = new InputModel { Rating = mine.Rating, Comment = mine.Comment };
        }

        return Page();
    }
}
