using Baton.Domain;
using Baton.Domain.Teams;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>What tickets are about. A category in use is deactivated, never deleted, so old tickets keep it.</summary>
public sealed class CategoriesModel(BatonDb db) : PageModel
{
    public sealed record CategoryInput
    {
        public int? Id { get; set; }
        public string? Name { get; set; }
    }

    public sealed record CategoryRow(int Id, string Name, bool IsActive, int Tickets);

    /// <summary>The add form, or the rename form of the category chosen with ?edit=.</summary>
    [BindProperty]
    public CategoryInput Input { get; set; } = new();

    public List<CategoryRow> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (edit is not null)
        {
            var category = Categories.SingleOrDefault(c => c.Id == edit);
            if (category is null)
            {
                return NotFound();
            }

            Input = new CategoryInput { Id = category.Id, Name = category.Name };
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

        Category? category;
        try
        {
            category = await SaveCategory.ExecuteAsync(db, Input.Id, new CategoryRequest(Input.Name ?? ""), ct);
        }
        catch (Exception e) when (this.Refused(nameof(Input), e))
        {
            return await RedisplayAsync(ct);
        }

        if (category is null)
        {
            return NotFound();
        }

        TempData["Flash"] = Input.Id is null ? $"Category {category.Name} added." : $"Category renamed to {category.Name}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostToggleAsync(int id, CancellationToken ct)
    {
        var current = await db.Categories.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.Name, c.IsActive }).SingleOrDefaultAsync(ct);
        if (current is null || await SaveCategory.ExecuteAsync(db, id, new CategoryRequest(current.Name, !current.IsActive), ct) is not { } category)
        {
            return NotFound();
        }

        TempData["Flash"] = category.IsActive
            ? $"Category {category.Name} is active again."
            : $"Category {category.Name} deactivated; tickets that already use it keep it.";
        return RedirectToPage();
    }

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new CategoryRow(c.Id, c.Name, c.IsActive, db.Tickets.Count(t => t.CategoryId == c.Id)))
            .ToListAsync(ct);
}
