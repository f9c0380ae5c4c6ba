using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Domain.Visibility;
using Baton.Web.Infrastructure.Auth;

namespace Baton.Web.Features.Shared.Visibility;

/// <summary>
/// The one "visible to this user" rule for every kind of record (docs/adr/0011): where each kind keeps its sight, and
/// the query filter made from it. A client contact never reaches a record their client may not see; to them it does
/// not exist (404, not 403). A new record kind adds its <see cref="SightFilter{T}"/> here.
/// </summary>
public static class RecordSights
{
    public static readonly SightFilter<Ticket> Tickets = SightFilter.OwnedByClient<Ticket>(t => t.ClientId);

    public static readonly SightFilter<Project> Projects = SightFilter.OwnedByClient<Project>(p => p.ClientId);

    /// <summary>The viewer the rule decides for: staff, a contact of their client, or nobody.</summary>
    public static Viewer ViewerOf(CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsStaff ? Viewer.Staff : user.ClientId is { } clientId ? Viewer.ContactOf(clientId) : Viewer.Nobody;
    }

    /// <summary>The records of one kind <paramref name="user"/> may see at least at <paramref name="needed"/>.</summary>
    public static IQueryable<T> Visible<T>(this IQueryable<T> records, SightFilter<T> sight, CurrentUser user, SightLevel needed = SightLevel.Full)
    {
        ArgumentNullException.ThrowIfNull(sight);
        var viewer = ViewerOf(user);
        // Staff: no predicate at all, so their queries keep the plans they had.
        return viewer.IsStaff ? records : records.Where(sight.For(viewer, needed));
    }
}
