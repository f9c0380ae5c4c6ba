using Baton.Domain.Teams;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>
/// Creates a team or renames and redescribes one. The name is unique regardless of case (<see cref="UniqueNames"/>):
/// a clash, checked first or lost in a race to the unique index, is refused on "name". The Teams page and the API
/// call this one method, so they refuse the same input with the same words.
/// </summary>
public static class SaveTeam
{
    /// <summary>Creates (no <paramref name="teamId"/>) or updates; null when there is no such team.</summary>
    public static async Task<Team?> ExecuteAsync(BatonDb db, int? teamId, TeamRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        Team? team;
        if (teamId is { } id)
        {
            team = await db.Teams.SingleOrDefaultAsync(t => t.Id == id, ct);
            if (team is null)
            {
                return null;
            }

            team.Update(request.Name, request.Description);
        }
        else
        {
            team = new Team(request.Name, request.Description);
            db.Teams.Add(team);
        }

        await UniqueNames.SaveAsync(db, "team", team.Name,
            key => db.Teams.Where(t => t.NameKey == key && t.Id != team.Id).Select(t => t.Name).FirstOrDefaultAsync(ct), ct);
        return team;
    }
}
