using Baton.Domain.Teams;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>A category; <see cref="IsActive"/> omitted: active on create, unchanged on update.</summary>
public sealed record CategoryRequest(string Name, bool? IsActive = null);

public sealed record CategoryResponse(int Id, string Name, bool IsActive);

/// <summary>
/// Adds a category, or renames and (de)activates one. A category in use is deactivated, never deleted, so old tickets
/// keep it. Names are unique regardless of case (<see cref="UniqueNames"/>). The Categories page and the API call this.
/// </summary>
public static class SaveCategory
{
    /// <summary>Creates (no <paramref name="categoryId"/>) or updates; null when there is no such category.</summary>
    public static async Task<Category?> ExecuteAsync(BatonDb db, int? categoryId, CategoryRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        Category? category;
        if (categoryId is { } id)
        {
            category = await db.Categories.SingleOrDefaultAsync(c => c.Id == id, ct);
            if (category is null)
            {
                return null;
            }

            category.Rename(request.Name);
        }
        else
        {
            category = new Category(request.Name);
            db.Categories.Add(category);
        }

        category.SetActive(request.IsActive ?? category.IsActive);
        await UniqueNames.SaveAsync(db, "category", category.Name,
            key => db.Categories.Where(c => c.NameKey == key && c.Id != category.Id).Select(c => c.Name).FirstOrDefaultAsync(ct), ct);
        return category;
    }

    public static CategoryResponse Describe(Category category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return new(category.Id, category.Name, category.IsActive);
    }
}
