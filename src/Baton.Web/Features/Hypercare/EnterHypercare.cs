using Baton.Domain;
using Baton.Domain.Hypercare;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Hypercare;

/// <summary>One role of the hypercare team as sent: a team and/or agents, and the scopes it covers (empty: the role's defaults).</summary>
public sealed record HypercareRoleRequest(HypercareRole Role, int? TeamId = null, IReadOnlyList<string>? AgentIds = null, IReadOnlyList<HypercareScope>? Scopes = null);

/// <summary>Starts hypercare: the period in days (28–92, default 30) and the hypercare team.</summary>
public sealed record EnterHypercareRequest(IReadOnlyList<HypercareRoleRequest> Team, int? Days = null);

public sealed record ChangeHypercareTeamRequest(IReadOnlyList<HypercareRoleRequest> Team);

/// <summary>
/// Puts a project into hypercare once its lead is released (<see cref="Project.EnterHypercare"/> enforces the order and
/// the 28–92 day period) and names its hypercare team, in one transaction. Staff only.
/// </summary>
public static class EnterHypercare
{
    public static async Task<Project?> ExecuteAsync(
        BatonDb db, CurrentUser user, string number, int? expectedVersion, EnterHypercareRequest request, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var project = await ProjectAccess.FindForChangeAsync(db, user, number, user.IsStaff ? expectedVersion : null, ct);
        if (project is null)
        {
            return null;
        }

        HypercareAccess.StaffOnly(user, "start hypercare");
        var now = HypercareAccess.Now(clock);
        project.EnterHypercare(request.Days ?? Project.DefaultHypercareDays, user.Actor, now);
        var roles = await HypercareTeamInput.ValidAsync(db, request.Team, ct);
        var team = await db.HypercareTeams.SingleOrDefaultAsync(t => t.ProjectId == project.Id, ct);
        if (team is null)
        {
            db.HypercareTeams.Add(HypercareTeam.Name(project.Id, roles, user.Actor, now));
        }
        else
        {
            team.Change(roles, user.Actor, now);
        }

        await db.SaveChangesAsync(ct);
        return project;
    }
}

/// <summary>Renames the hypercare team or its scopes during hypercare (or names it, for a project put into hypercare without one).</summary>
public static class ChangeHypercareTeam
{
    public static async Task<HypercareTeam?> ExecuteAsync(
        BatonDb db, CurrentUser user, string number, int? expectedTeamVersion, ChangeHypercareTeamRequest request, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var project = await ProjectAccess.FindAsync(db, user, number, ct);
        if (project is null)
        {
            return null;
        }

        HypercareAccess.StaffOnly(user, "change the hypercare team");
        if (project.Status != ProjectStatus.Hypercare)
        {
            throw new DomainRuleException($"{project.Number} is {Project.Describe(project.Status)}: its hypercare team can be changed during hypercare only.", "status");
        }

        var roles = await HypercareTeamInput.ValidAsync(db, request.Team, ct);
        var now = HypercareAccess.Now(clock);
        var team = await db.HypercareTeams.SingleOrDefaultAsync(t => t.ProjectId == project.Id, ct);
        if (team is null)
        {
            team = HypercareTeam.Name(project.Id, roles, user.Actor, now);
            db.HypercareTeams.Add(team);
        }
        else
        {
            if (expectedTeamVersion is { } expected && team.Version != expected)
            {
                throw new StaleRecordException($"The hypercare team of {project.Number}", expected, team.Version);
            }

            team.Change(roles, user.Actor, now);
        }

        await db.SaveChangesAsync(ct);
        return team;
    }
}

/// <summary>
/// Ends hypercare: early, by a staff member (this class), or at the end of the period (<see cref="CloseEndedHypercare"/>).
/// Either way the project closes (<see cref="Project.Close"/>), routing stops, the tags stay, and the coordinating team
/// and the lead tech are told.
/// </summary>
public static class EndHypercare
{
    public static async Task<Project?> EarlyAsync(
        BatonDb db, CurrentUser user, string number, int? expectedVersion, INotificationChannel channel, TimeProvider clock, CancellationToken ct)
    {
        var project = await ProjectAccess.FindForChangeAsync(db, user, number, user.IsStaff ? expectedVersion : null, ct);
        if (project is null)
        {
            return null;
        }

        HypercareAccess.StaffOnly(user, "end hypercare");
        if (project.Status != ProjectStatus.Hypercare)
        {
            throw new DomainRuleException($"{project.Number} is {Project.Describe(project.Status)}, not in hypercare.", "status");
        }

        var now = HypercareAccess.Now(clock);
        project.Close(user.Actor, now);
        await NotifyAsync(db, channel, project, $"{project.Number} · hypercare ended early ({user.DisplayName}): the project is closed and its tickets continue as normal support.", user.Id, now, ct);
        await db.SaveChangesAsync(ct);
        return project;
    }

    /// <summary>Tells the coordinating team and the lead tech, in the caller's transaction.</summary>
    internal static async Task NotifyAsync(BatonDb db, INotificationChannel channel, Project project, string text, string? except, DateTimeOffset now, CancellationToken ct)
    {
        var team = await db.HypercareTeams.AsNoTracking().SingleOrDefaultAsync(t => t.ProjectId == project.Id, ct);
        var people = team is null ? [] : await HypercareIntake.CoordinatorsAsync(db, team, ct);
        if (project.LeadTechId is { } lead)
        {
            people.Add(lead);
        }

        var recipients = people.Where(p => p != except).Distinct(StringComparer.Ordinal).ToList();
        if (recipients.Count > 0)
        {
            await channel.NotifyAsync(db, recipients, null, Notification.Fit(text), now, ct);
        }
    }
}

/// <summary>The hypercare team as sent, checked: each role's shape (domain), then that its team and agents exist.</summary>
internal static class HypercareTeamInput
{
    public static async Task<List<HypercareRoleAssignment>> ValidAsync(BatonDb db, IReadOnlyList<HypercareRoleRequest>? team, CancellationToken ct)
    {
        if (team is null || team.Count == 0)
        {
            throw InputInvalidException.For("team", "Name the hypercare team: subject-matter experts, development and/or infrastructure, and the coordinating team.");
        }

        var roles = team.Select((r, i) => HypercareRoleAssignment.Valid(r.Role, r.TeamId, r.AgentIds, r.Scopes, i)).ToList();
        var teamIds = roles.Where(r => r.TeamId is not null).Select(r => r.TeamId!.Value).Distinct().ToList();
        var knownTeams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        var agentIds = roles.SelectMany(r => r.AgentIds).Distinct().ToList();
        var staffRoleIds = db.Roles.Where(r => Roles.Staff.Contains(r.Name!)).Select(r => r.Id);
        var knownAgents = await db.Users.AsNoTracking()
            .Where(u => agentIds.Contains(u.Id) && db.UserRoles.Any(ur => ur.UserId == u.Id && staffRoleIds.Contains(ur.RoleId)))
            .Select(u => u.Id).ToListAsync(ct);

        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < roles.Count; i++)
        {
            if (roles[i].TeamId is { } id && !knownTeams.Contains(id))
            {
                errors[$"team[{i}].teamId"] = [$"There is no team {id}."];
            }

            if (roles[i].AgentIds.FirstOrDefault(a => !knownAgents.Contains(a)) is { } unknown)
            {
                errors[$"team[{i}].agentIds"] = [$"'{unknown}' is not an agent."];
            }
        }

        return errors.Count > 0 ? throw new InputInvalidException(errors) : roles;
    }
}

internal static class HypercareAccess
{
    /// <summary>Visibility comes first (a project a contact may not see is a 404); this is the role check after it.</summary>
    public static void StaffOnly(CurrentUser user, string what)
    {
        if (!user.IsStaff)
        {
            throw new ForbiddenException($"Only the service desk can {what}.");
        }
    }

    /// <summary>Now, to the microsecond PostgreSQL keeps, so what a use case returns equals what a later read gives.</summary>
    public static DateTimeOffset Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
