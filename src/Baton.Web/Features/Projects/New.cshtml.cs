using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Projects;

/// <summary>
/// Plans a project in two steps that work without scripts: choose the client, then fill in the project with only
/// that client's sites and configuration items to pick from.
/// </summary>
public sealed class NewModel(BatonDb db, TimeProvider clock) : PageModel, IProjectFormPage
{
    [BindProperty]
    public ProjectInput Input { get; set; } = new();

    public ProjectFormOptions Options { get; private set; } = new();
    public List<SelectListItem> Clients { get; private set; } = [];
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? clientId, CancellationToken ct)
    {
        if (!CurrentUser.From(User).IsStaff)
        {
            return Forbid();
        }

        if (clientId is { } id)
        {
            Input = new ProjectInput { ClientId = id };
            if (await ProjectFormOptions.LoadAsync(db, id, null, ct) is not { } options)
            {
                return NotFound();
            }

            Options = options;
            return Page();
        }

        Clients = await db.Clients.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.Name).Select(c => new SelectListItem(c.Name, c.Id.ToString())).ToListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        return await PageUseCase.RunAsync(this, "Input", ProjectInput.Fields,
            async () => "/Projects/" + (await PlanProject.ExecuteAsync(db, me, Input.ToCreate(), clock, ct)).Number,
            "Project planned.",
            async problem =>
            {
                Problem = problem?.Message;
                if (await ProjectFormOptions.LoadAsync(db, Input.ClientId, null, ct) is not { } options)
                {
                    return NotFound();
                }

                Options = options;
                return Page();
            });
    }
}

/// <summary>A page that shows the project form (new and edit share <c>_ProjectForm</c>).</summary>
public interface IProjectFormPage
{
    ProjectInput Input { get; }
    ProjectFormOptions Options { get; }
}
