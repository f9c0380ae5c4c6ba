using Baton.Domain.Projects;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Projects;

/// <summary>
/// The administrator-defined project types. Names are unique ignoring case; a type in use is deactivated, never
/// deleted, so its projects keep it. The administration page and the API call the same methods.
/// </summary>
public static class SaveProjectType
{
    public static async Task<IReadOnlyList<ProjectTypeResponse>> ListAsync(BatonDb db, bool activeOnly, CancellationToken ct) =>
        await db.ProjectTypes.AsNoTracking().Where(t => !activeOnly || t.IsActive).OrderBy(t => t.Name)
            .Select(t => new ProjectTypeResponse(t.Id, t.Name, t.IsActive)).ToListAsync(ct);

    public static async Task<ProjectType> CreateAsync(BatonDb db, ProjectTypeRequest request, CancellationToken ct)
    {
        var type = new ProjectType(request.Name);
        type.SetActive(request.IsActive);
        db.ProjectTypes.Add(type);
        await SaveAsync(db, type, ct);
        return type;
    }

    /// <summary>Renames and (de)activates; null when there is no such type.</summary>
    public static async Task<ProjectType?> UpdateAsync(BatonDb db, int id, ProjectTypeRequest request, CancellationToken ct)
    {
        var type = await db.ProjectTypes.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (type is null)
        {
            return null;
        }

        type.Rename(request.Name);
        type.SetActive(request.IsActive);
        await SaveAsync(db, type, ct);
        return type;
    }

    private static Task SaveAsync(BatonDb db, ProjectType type, CancellationToken ct) =>
        UniqueNames.SaveAsync(db, "project type", type.Name,
            key => db.ProjectTypes.Where(t => t.NameKey == key && t.Id != type.Id).Select(t => t.Name).FirstOrDefaultAsync(ct), ct);
}
