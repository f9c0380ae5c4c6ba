using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Baton.Web.Features.Projects;

/// <summary>A project's engagements: staff schedule (or, with ?edit=, reschedule) and cancel them, in the client's zone.</summary>
public sealed class EngagementsModel(BatonDb db, TimeProvider clock) : PageModel
{
    public sealed record EngagementInput
    {
        public int? Id { get; set; }
        public DateOnly? Date { get; set; }
        public TimeOnly? Start { get; set; }
        public TimeOnly? End { get; set; }
        public EngagementKind Kind { get; set; } = EngagementKind.OnSite;
        public List<string> TechnicianIds { get; set; } = [];
        public string? Touches { get; set; }
        public string? Notes { get; set; }
    }

    private static readonly string[] Fields = ["date", "start", "end", "kind", "technicianIds", "touches", "notes"];

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public EngagementInput Input { get; set; } = new();

    public ProjectResponse Project { get; private set; } = default!;
    public IReadOnlyList<EngagementResponse> Engagements { get; private set; } = [];
    public List<SelectListItem> Staff { get; private set; } = [];
    public CurrentUser Me { get; private set; } = default!;
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? edit, CancellationToken ct)
    {
        var page = await ShowAsync(ct);
        if (page is PageResult && edit is not null)
        {
            var e = Engagements.SingleOrDefault(x => x.Id == edit && !x.IsCancelled);
            if (e is null || !Me.IsStaff)
            {
                return NotFound();
            }

            Input = new EngagementInput
            {
                Id = e.Id, Date = e.Date, Start = e.StartTime, End = e.EndTime, Kind = e.Kind, TechnicianIds = e.Technicians.Select(t => t.Id).ToList(),
                Touches = e.Touches, Notes = e.Notes,
            };
        }

        return page;
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        ProjectForms.Only(this, "Input");
        Me = CurrentUser.From(User);
        if (Input.Date is null)
        {
            ModelState.AddModelError("Input.Date", "Give the date of the engagement.");
        }

        if (Input.Start is null)
        {
            ModelState.AddModelError("Input.Start", "Give the start time (the client's local time).");
        }

        if (Input.End is null)
        {
            ModelState.AddModelError("Input.End", "Give the end time (the client's local time).");
        }

        return await PageUseCase.RunAsync(this, "Input", Fields,
            async () =>
            {
                var request = new EngagementRequest(Input.Date!.Value, Input.Start!.Value, Input.End!.Value, Input.Kind, Input.TechnicianIds, Input.Touches, Input.Notes);
                var done = Input.Id is { } id
                    ? await ScheduleEngagement.RescheduleAsync(db, Me, Number, id, request, clock, ct)
                    : await ScheduleEngagement.ScheduleAsync(db, Me, Number, request, clock, ct);
                return done is { } d ? $"/Projects/{d.Project.Number}/Engagements" : null;
            },
            Input.Id is null ? "Engagement scheduled." : "Engagement rescheduled.",
            async problem =>
            {
                Problem = problem?.Message;
                return await ShowAsync(ct);
            });
    }

    public async Task<IActionResult> OnPostCancelAsync(int engagementId, CancellationToken ct)
    {
        ModelState.Clear();
        Me = CurrentUser.From(User);
        return await PageUseCase.RunAsync(this, "Cancel", [],
            async () => await ScheduleEngagement.CancelAsync(db, Me, Number, engagementId, clock, ct) is { } d ? $"/Projects/{d.Project.Number}/Engagements" : null,
            "Engagement cancelled; subscribed calendars drop it at their next refresh.",
            async problem =>
            {
                Problem = problem?.Message;
                return await ShowAsync(ct);
            });
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        var project = await ProjectView.GetAsync(db, Me, Number, ct);
        if (project is null)
        {
            return NotFound();
        }

        Project = project;
        Number = project.Number;
        Engagements = await ProjectView.EngagementsAsync(db, project.Id, project.Number, ct);
        if (Me.IsStaff)
        {
            Staff = (await Agents.ListAsync(db, ct)).Select(a => new SelectListItem(a.DisplayName, a.Id)).ToList();
        }

        return Page();
    }
}
