using System.Globalization;
using Baton.Domain;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Projects;

/// <summary>What the project pages share beyond the page runner (<see cref="PageUseCase"/>).</summary>
internal static class ProjectForms
{
    /// <summary>One page, several forms: only the posted form's fields are validated.</summary>
    public static void Only(PageModel page, string form)
    {
        foreach (var key in page.ModelState.Keys.Where(k => !k.StartsWith(form + ".", StringComparison.Ordinal) && k != form && k != "Number").ToList())
        {
            page.ModelState.Remove(key);
        }
    }

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The project for a staff-only page: visibility first (404), then the role (403), so a contact never learns
    /// whether another client's project exists. Null project: answer with the refusal.
    /// </summary>
    public static async Task<(ProjectResponse? Project, IActionResult? Refusal)> ForStaffPageAsync(PageModel page, BatonDb db, string number, CancellationToken ct)
    {
        var me = Infrastructure.Auth.CurrentUser.From(page.User);
        var project = await ProjectView.GetAsync(db, me, number, ct);
        return project is null ? (null, new NotFoundResult())
            : !me.IsStaff ? (null, new ForbidResult())
            : (project, null);
    }
}

/// <summary>The project form's fields, shared by the new-project and edit pages.</summary>
public sealed record ProjectInput
{
    public int ClientId { get; set; }
    public string? Name { get; set; }
    public int? ProjectTypeId { get; set; }
    public string? LeadTechId { get; set; }
    public string? ProjectManagerId { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? PlannedGoLiveOn { get; set; }
    public DateOnly? ActualGoLiveOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public string? Description { get; set; }
    public List<int> SiteIds { get; set; } = [];
    public List<int> ConfigurationItemIds { get; set; } = [];
    public int Version { get; set; }

    public static readonly string[] Fields =
    [
        "name", "projectTypeId", "leadTechId", "projectManagerId", "startsOn", "plannedGoLiveOn", "actualGoLiveOn", "endsOn", "description",
        "siteIds", "configurationItemIds", "clientId",
    ];

    public static ProjectInput From(ProjectResponse p) => new()
    {
        ClientId = p.ClientId, Name = p.Name, ProjectTypeId = p.ProjectTypeId, LeadTechId = p.LeadTech?.Id, ProjectManagerId = p.ProjectManager?.Id,
        StartsOn = p.StartsOn, PlannedGoLiveOn = p.PlannedGoLiveOn, ActualGoLiveOn = p.ActualGoLiveOn, EndsOn = p.EndsOn, Description = p.Description,
        SiteIds = p.Sites.Select(s => s.Id).ToList(), ConfigurationItemIds = p.ConfigurationItems.Select(i => i.Id).ToList(), Version = p.Version,
    };

    public CreateProjectRequest ToCreate() => new(
        ClientId, Name ?? "", ProjectTypeId ?? 0, LeadTechId, ProjectManagerId, StartsOn, PlannedGoLiveOn, ActualGoLiveOn, EndsOn, Description, SiteIds, ConfigurationItemIds);

    public UpdateProjectRequest ToUpdate() => new(
        Name ?? "", ProjectTypeId, LeadTechId, ProjectManagerId, StartsOn, PlannedGoLiveOn, ActualGoLiveOn, EndsOn, Description, SiteIds, ConfigurationItemIds);
}

/// <summary>What the project form offers: types, staff, and the chosen client's own sites and configuration items.</summary>
public sealed class ProjectFormOptions
{
    public string ClientName { get; private init; } = "";
    public List<SelectListItem> Types { get; private init; } = [];
    public List<SelectListItem> Staff { get; private init; } = [];
    public List<NamedRef> Sites { get; private init; } = [];
    public List<NamedRef> Items { get; private init; } = [];

    public static async Task<ProjectFormOptions?> LoadAsync(BatonDb db, int clientId, int? currentTypeId, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == clientId).Select(c => c.Name).SingleOrDefaultAsync(ct);
        if (client is null)
        {
            return null;
        }

        return new ProjectFormOptions
        {
            ClientName = client,
            Types = await db.ProjectTypes.AsNoTracking().Where(t => t.IsActive || t.Id == currentTypeId).OrderBy(t => t.Name)
                .Select(t => new SelectListItem(t.Name, t.Id.ToString())).ToListAsync(ct),
            Staff = (await Agents.ListAsync(db, ct)).Select(a => new SelectListItem(a.DisplayName, a.Id)).ToList(),
            Sites = await db.Sites.AsNoTracking().Where(s => s.ClientId == clientId).OrderBy(s => s.Name).Select(s => new NamedRef(s.Id, s.Name)).ToListAsync(ct),
            Items = await db.ConfigurationItems.AsNoTracking().Where(i => i.ClientId == clientId).OrderBy(i => i.Name)
                .Select(i => new NamedRef(i.Id, i.Name + " (" + i.Type + ")")).ToListAsync(ct),
        };
    }
}

/// <summary>Words for the project pages.</summary>
public static class ProjectLabels
{
    public static string Status(ProjectStatus status) => status switch
    {
        ProjectStatus.Planned => "Planned",
        ProjectStatus.Active => "Active",
        ProjectStatus.Hypercare => "Hypercare",
        ProjectStatus.Closed => "Closed",
        ProjectStatus.Cancelled => "Cancelled",
    };

    public static string Acceptance(AcceptanceState state) => state switch
    {
        AcceptanceState.Pending => "Awaiting the client's acceptance",
        AcceptanceState.Accepted => "Accepted",
        AcceptanceState.Rejected => "Rejected",
    };

    public static string Decision(ScopeDecision decision) => decision switch
    {
        ScopeDecision.Pending => "Awaiting a decision",
        ScopeDecision.Approved => "Approved",
        ScopeDecision.Declined => "Declined",
    };

    public static string Escalation(EscalationKind kind) => kind switch
    {
        EscalationKind.ConferWith => "Confer with",
        EscalationKind.EscalateTo => "Escalate to",
    };

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";
}

/// <summary>What the calendar-subscription box shows: the feed, and once a token was issued, the link with it.</summary>
public sealed record CalendarSubscription(string What, string Url, string? UrlWithToken);
