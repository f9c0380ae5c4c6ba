using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Shared.Visibility;

/// <summary>
/// The one place that decides which projects a user may see: staff see all, a client contact only their own
/// organisation's. Every project query, feed, handbook and command starts here; to anyone else a project does not
/// exist (404, not 403).
/// </summary>
public static class ProjectAccess
{
    /// <summary>The projects <paramref name="user"/> may see: the shared rule (<see cref="RecordSights.Projects"/>).</summary>
    public static IQueryable<Project> VisibleTo(this IQueryable<Project> projects, CurrentUser user) =>
        projects.Visible(RecordSights.Projects, user);

    /// <summary>The project by its number (PRJ-000012, prj-12), tracked for change; null when unknown or not visible.</summary>
    public static async Task<Project?> FindAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct) =>
        ProjectNumber.TryParse(number, out var normalised)
            ? await db.Projects.VisibleTo(user).SingleOrDefaultAsync(p => p.Number == normalised, ct)
            : null;

    /// <summary>
    /// As <see cref="FindAsync"/>, refusing a stale copy: the caller read <paramref name="expectedVersion"/>, and someone
    /// has changed the project since.
    /// </summary>
    public static async Task<Project?> FindForChangeAsync(BatonDb db, CurrentUser user, string number, int? expectedVersion, CancellationToken ct)
    {
        var project = await FindAsync(db, user, number, ct);
        if (project is not null && expectedVersion is { } expected && project.Version != expected)
        {
            throw new StaleRecordException(project.Number, expected, project.Version);
        }

        return project;
    }
}
