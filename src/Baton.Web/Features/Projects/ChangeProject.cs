using Baton.Domain;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Projects;

/// <summary>Plans a project: checks what it names, then takes a PRJ number inside the same transaction as the insert.</summary>
public static class PlanProject
{
    public static async Task<Project> ExecuteAsync(BatonDb db, CurrentUser user, CreateProjectRequest request, TimeProvider clock, CancellationToken ct)
    {
        ProjectRules.StaffOnly(user, "plan projects");
        var check = new ProjectReferenceCheck(db);
        await check.ClientAsync(request.ClientId, ct);
        await check.ProjectTypeAsync(request.ProjectTypeId, null, ct);
        await check.StaffAsync("leadTechId", request.LeadTechId, ct);
        await check.StaffAsync("projectManagerId", request.ProjectManagerId, ct);
        await check.SitesAsync(request.ClientId, request.SiteIds, ct);
        await check.ItemsAsync(request.ClientId, request.ConfigurationItemIds, ct);
        check.ThrowIfAny();

        var details = new ProjectDetails(
            request.Name, request.ProjectTypeId, request.LeadTechId, request.ProjectManagerId, request.StartsOn, request.PlannedGoLiveOn,
            request.ActualGoLiveOn, request.EndsOn, request.Description, request.SiteIds ?? [], request.ConfigurationItemIds ?? []);
        var now = clock.GetUtcNow();

        // A rule broken after the number was taken rolls the number back with the transaction: no gaps, nothing half-written.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var number = await ProjectNumbers.NextAsync(db, ct);
        var project = Project.Plan(request.ClientId, details, number, user.Actor, now);
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return project;
    }
}

/// <summary>Edits, lifecycle moves and escalation contacts of an existing project. Pages and API call the same methods.</summary>
public static class ChangeProject
{
    public static Task<Project?> UpdateAsync(
        BatonDb db, CurrentUser user, string number, int? expectedVersion, UpdateProjectRequest request, TimeProvider clock, CancellationToken ct) =>
        UpdateAsync(db, user, number, expectedVersion, () => request, clock, ct);

    /// <summary><paramref name="readRequest"/> binds the fields only after visibility, role and version are checked (a bad field is no reason to skip them).</summary>
    public static async Task<Project?> UpdateAsync(
        BatonDb db, CurrentUser user, string number, int? expectedVersion, Func<UpdateProjectRequest> readRequest, TimeProvider clock, CancellationToken ct)
    {
        var project = await ProjectRules.FindForStaffAsync(db, user, number, expectedVersion, "edit projects", ct);
        if (project is null)
        {
            return null;
        }

        var request = readRequest();

        var check = new ProjectReferenceCheck(db);
        if (request.Has("name") && request.Name is null)
        {
            check.Fail("name", "A project needs a name.");
        }

        var typeId = request.Has("projectTypeId") ? request.ProjectTypeId : project.ProjectTypeId;
        if (typeId is null)
        {
            check.Fail("projectTypeId", "Choose the project's type.");
        }
        else
        {
            await check.ProjectTypeAsync(typeId.Value, project.ProjectTypeId, ct);
        }

        var lead = request.Has("leadTechId") ? request.LeadTechId : project.LeadTechId;
        var manager = request.Has("projectManagerId") ? request.ProjectManagerId : project.ProjectManagerId;
        if (lead != project.LeadTechId)
        {
            await check.StaffAsync("leadTechId", lead, ct);
        }

        if (manager != project.ProjectManagerId)
        {
            await check.StaffAsync("projectManagerId", manager, ct);
        }

        var sites = request.Has("siteIds") ? request.SiteIds ?? [] : project.SiteIds;
        var items = request.Has("configurationItemIds") ? request.ConfigurationItemIds ?? [] : project.ConfigurationItemIds;
        await check.SitesAsync(project.ClientId, sites, ct);
        await check.ItemsAsync(project.ClientId, items, ct);
        check.ThrowIfAny();

        project.Update(
            new ProjectDetails(
                request.Has("name") ? request.Name! : project.Name,
                typeId!.Value,
                lead,
                manager,
                request.Has("startsOn") ? request.StartsOn : project.StartsOn,
                request.Has("plannedGoLiveOn") ? request.PlannedGoLiveOn : project.PlannedGoLiveOn,
                request.Has("actualGoLiveOn") ? request.ActualGoLiveOn : project.ActualGoLiveOn,
                request.Has("endsOn") ? request.EndsOn : project.EndsOn,
                request.Has("description") ? request.Description : project.Description,
                sites,
                items),
            user.Actor,
            clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return project;
    }

    public static async Task<Project?> MoveAsync(
        BatonDb db, CurrentUser user, string number, int? expectedVersion, ProjectTransitionRequest request, TimeProvider clock, CancellationToken ct)
    {
        var project = await ProjectRules.FindForStaffAsync(db, user, number, expectedVersion, "move projects through their lifecycle", ct);
        if (project is null)
        {
            return null;
        }

        if (!Enum.IsDefined(request.Transition))
        {
            throw InputInvalidException.For("transition", "Choose Start, Cancel or Close.");
        }

        var now = clock.GetUtcNow();
        ProjectRules.InState(() =>
        {
            switch (request.Transition)
            {
                case ProjectTransition.Start:
                    project.Start(user.Actor, now);
                    break;
                case ProjectTransition.Cancel:
                    project.Cancel(request.Reason, user.Actor, now);
                    break;
                case ProjectTransition.Close:
                    project.Close(user.Actor, now);
                    break;
            }
        });
        await db.SaveChangesAsync(ct);
        return project;
    }

    /// <summary>Replaces the escalation contacts; every invalid row is reported at once, by index.</summary>
    public static async Task<Project?> SetEscalationContactsAsync(
        BatonDb db, CurrentUser user, string number, int? expectedVersion, IReadOnlyList<EscalationContactRequest> contacts, TimeProvider clock, CancellationToken ct)
    {
        var project = await ProjectRules.FindForStaffAsync(db, user, number, expectedVersion, "change escalation contacts", ct);
        if (project is null)
        {
            return null;
        }

        var errors = new Dictionary<string, string[]>();
        var valid = new List<EscalationContact>();
        for (var i = 0; i < contacts.Count; i++)
        {
            var c = contacts[i];
            try
            {
                valid.Add(EscalationContact.Valid(c.Name, c.Role, c.Phone, c.Email, c.Kind, i));
            }
            catch (DomainRuleException e)
            {
                errors[e.Field ?? $"escalationContacts[{i}]"] = [e.Message];
            }
        }

        if (errors.Count > 0)
        {
            throw new InputInvalidException(errors);
        }

        project.SetEscalationContacts(valid, user.Actor, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return project;
    }
}

/// <summary>What the project use cases share: who may change a project, and how a rule about its state is answered.</summary>
internal static class ProjectRules
{
    /// <summary>The project for a staff change. Visibility first: to a contact of another client it does not exist (null → 404).</summary>
    public static async Task<Project?> FindForStaffAsync(BatonDb db, CurrentUser user, string number, int? expectedVersion, string what, CancellationToken ct)
    {
        var project = await ProjectAccess.FindForChangeAsync(db, user, number, user.IsStaff ? expectedVersion : null, ct);
        if (project is not null)
        {
            StaffOnly(user, what);
        }

        return project;
    }

    public static void StaffOnly(CurrentUser user, string what)
    {
        if (!user.IsStaff)
        {
            throw new ForbiddenException($"Only the service desk can {what}.");
        }
    }

    public static void ClientOnly(CurrentUser user, string what)
    {
        if (user.IsStaff)
        {
            throw new ForbiddenException($"Only the client's contacts can {what}: the customer defines completion.");
        }
    }

    /// <summary>
    /// Runs a domain change. A rule about the state things are in ("status", "acceptance", "decision"…) is a conflict
    /// with that state, answered 409, not a field to correct; rules about fields keep their field (400).
    /// </summary>
    public static void InState(Action change, params string[] stateFields)
    {
        try
        {
            change();
        }
        catch (DomainRuleException e) when (e.Field is "status" || stateFields.Contains(e.Field))
        {
            throw new DomainRuleException(e.Message);
        }
    }
}

/// <summary>Resolves and checks what a project names (client, type, people, sites, items), collecting every problem at once.</summary>
internal sealed class ProjectReferenceCheck(BatonDb db)
{
    private readonly Dictionary<string, string[]> _errors = [];

    public void Fail(string field, string message) => _errors[field] = [message];

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new InputInvalidException(_errors);
        }
    }

    public async Task ClientAsync(int clientId, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == clientId).Select(c => new { c.IsActive }).SingleOrDefaultAsync(ct);
        if (client is null)
        {
            Fail("clientId", $"There is no client {clientId}.");
        }
        else if (!client.IsActive)
        {
            Fail("clientId", "This client is inactive; reactivate it before planning work for it.");
        }
    }

    /// <summary>The type must exist and be active, unless it is the one the project already has.</summary>
    public async Task ProjectTypeAsync(int typeId, int? currentTypeId, CancellationToken ct)
    {
        var type = await db.ProjectTypes.AsNoTracking().Where(t => t.Id == typeId).Select(t => new { t.IsActive }).SingleOrDefaultAsync(ct);
        if (type is null)
        {
            Fail("projectTypeId", $"There is no project type {typeId}.");
        }
        else if (!type.IsActive && typeId != currentTypeId)
        {
            Fail("projectTypeId", "This project type is no longer offered; choose another.");
        }
    }

    public async Task StaffAsync(string field, string? userId, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(userId) && (await StaffIdsAsync(db, [userId], ct)).Count == 0)
        {
            Fail(field, $"'{userId}' is not a member of staff.");
        }
    }

    public async Task SitesAsync(int clientId, IReadOnlyList<int>? siteIds, CancellationToken ct)
    {
        var wanted = (siteIds ?? []).Distinct().ToList();
        var found = await db.Sites.AsNoTracking().Where(s => s.ClientId == clientId && wanted.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        if (wanted.Except(found).ToList() is { Count: > 0 } foreign)
        {
            Fail("siteIds", $"Not a site of this client: {string.Join(", ", foreign)}.");
        }
    }

    public async Task ItemsAsync(int clientId, IReadOnlyList<int>? itemIds, CancellationToken ct)
    {
        var wanted = (itemIds ?? []).Distinct().ToList();
        var found = await db.ConfigurationItems.AsNoTracking().Where(i => i.ClientId == clientId && wanted.Contains(i.Id)).Select(i => i.Id).ToListAsync(ct);
        if (wanted.Except(found).ToList() is { Count: > 0 } foreign)
        {
            Fail("configurationItemIds", $"Not a configuration item of this client: {string.Join(", ", foreign)}.");
        }
    }

    /// <summary>Which of the ids are agents, managers or administrators.</summary>
    public static async Task<HashSet<string>> StaffIdsAsync(BatonDb db, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var staffRoleIds = db.Roles.Where(r => Roles.Staff.Contains(r.Name!)).Select(r => r.Id);
        var found = await db.UserRoles.AsNoTracking()
            .Where(ur => ids.Contains(ur.UserId) && staffRoleIds.Contains(ur.RoleId))
            .Select(ur => ur.UserId).Distinct().ToListAsync(ct);
        return found.ToHashSet(StringComparer.Ordinal);
    }
}
