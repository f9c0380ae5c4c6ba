using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Projects;

/// <summary>Edits a project's details. The form carries the version it showed; a stale save says so and shows the current project.</summary>
public sealed class EditModel(BatonDb db, TimeProvider clock) : PageModel, IProjectFormPage
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public ProjectInput Input { get; set; } = new();

    public ProjectFormOptions Options { get; private set; } = new();
    public ProjectResponse Project { get; private set; } = default!;
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(fill: true, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        return await PageUseCase.RunAsync(this, "Input", ProjectInput.Fields,
            async () => await ChangeProject.UpdateAsync(db, me, Number, Input.Version, Input.ToUpdate(), clock, ct) is { } p ? "/Projects/" + p.Number : null,
            "Project saved.",
            async problem =>
            {
                Problem = problem?.Message;
                if (problem?.Stale == true)
                {
                    ModelState.Clear();
                }

                return await ShowAsync(fill: problem?.Stale == true, ct);
            });
    }

    private async Task<IActionResult> ShowAsync(bool fill, CancellationToken ct)
    {
        var (project, refusal) = await ProjectForms.ForStaffPageAsync(this, db, Number, ct);
        if (project is null)
        {
            return refusal!;
        }

        Project = project;
        Number = project.Number;
        Options = (await ProjectFormOptions.LoadAsync(db, project.ClientId, project.ProjectTypeId, ct))!;
        Input = fill ? ProjectInput.From(project) : Input with { ClientId = project.ClientId };
        return Page();
    }
}
