using Baton.Domain;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>The kinds of project ("UCaaS migration", "Network refresh"). A type in use is deactivated, never deleted.</summary>
public sealed class ProjectTypesModel(BatonDb db) : PageModel
{
    public sealed record TypeInput
    {
        public int? Id { get; set; }
        public string? Name { get; set; }
    }

    public sealed record TypeRow(int Id, string Name, bool IsActive, int Projects);

    [BindProperty]
    public TypeInput Input { get; set; } = new();

    public List<TypeRow> Types { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (edit is not null)
        {
            var type = Types.SingleOrDefault(t => t.Id == edit);
            if (type is null)
            {
                return NotFound();
            }

            Input = new TypeInput { Id = type.Id, Name = type.Name };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Input));
        if (ModelState.HasBindingErrors(nameof(Input)))
        {
            return await RedisplayAsync(ct);
        }

        try
        {
            if (Input.Id is { } id)
            {
                var active = await db.ProjectTypes.Where(t => t.Id == id).Select(t => (bool?)t.IsActive).SingleOrDefaultAsync(ct);
                if (active is null || await SaveProjectType.UpdateAsync(db, id, new ProjectTypeRequest(Input.Name ?? "", active.Value), ct) is null)
                {
                    return NotFound();
                }
            }
            else
            {
                await SaveProjectType.CreateAsync(db, new ProjectTypeRequest(Input.Name ?? ""), ct);
            }
        }
        catch (Exception e) when (this.Refused(nameof(Input), e))
        {
            return await RedisplayAsync(ct);
        }

        TempData["Flash"] = Input.Id is null ? $"Project type {Input.Name?.Trim()} added." : $"Project type renamed to {Input.Name?.Trim()}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostToggleAsync(int id, CancellationToken ct)
    {
        var type = await db.ProjectTypes.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (type is null)
        {
            return NotFound();
        }

        await SaveProjectType.UpdateAsync(db, id, new ProjectTypeRequest(type.Name, !type.IsActive), ct);
        TempData["Flash"] = type.IsActive
            ? $"Project type {type.Name} deactivated; projects that already have it keep it."
            : $"Project type {type.Name} is offered again.";
        return RedirectToPage();
    }

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Types = await db.ProjectTypes.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new TypeRow(t.Id, t.Name, t.IsActive, db.Projects.Count(p => p.ProjectTypeId == t.Id)))
            .ToListAsync(ct);
}
