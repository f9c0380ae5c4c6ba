using Baton.Domain.Projects;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Infrastructure;

/// <summary>Intent methods for the project insight tests: zones, engagements, contacts, what a project touches.</summary>
public sealed partial class BatonAppFactory
{
    public Task SetClientTimeZoneAsync(ClientSetup client, string timeZoneId) => WithDbAsync(async db =>
    {
        var c = await db.Clients.SingleAsync(x => x.Id == client.ClientId);
        c.SetTimeZone(timeZoneId);
        await db.SaveChangesAsync();
    });

    /// <summary>An engagement of the project on a local date and times in the client's zone, as the project lead would schedule it.</summary>
    public Task<int> ScheduleEngagementAsync(
        ProjectSetup project, DateOnly date, TimeOnly start, TimeOnly end, EngagementKind kind = EngagementKind.OnSite,
        string? touches = null, IReadOnlyList<string>? technicianIds = null, bool cancelled = false) => WithDbAsync(async db =>
    {
        var zoneId = await db.Clients.Where(c => c.Id == project.ClientId).Select(c => c.TimeZoneId).SingleAsync();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var at = TimeProvider.System.GetUtcNow();
        var engagement = new Engagement(project.Id, new EngagementSlot(date, start, end, kind, technicianIds ?? [], touches, null), zone, Someone.Staff, at);
        if (cancelled)
        {
            engagement.Cancel(Someone.Staff, at);
        }

        db.Engagements.Add(engagement);
        await db.SaveChangesAsync();
        return engagement.Id;
    });

    public Task SetEscalationContactsAsync(ProjectSetup project, params EscalationContact[] contacts) => WithDbAsync(async db =>
    {
        var p = await db.Projects.SingleAsync(x => x.Id == project.Id);
        p.SetEscalationContacts(contacts, Someone.Staff, TimeProvider.System.GetUtcNow());
        await db.SaveChangesAsync();
    });

    /// <summary>Replaces the sites and configuration items the project touches (and optionally its description).</summary>
    public Task SetProjectTouchesAsync(ProjectSetup project, IReadOnlyList<int> siteIds, IReadOnlyList<int> itemIds, string? description = null) => WithDbAsync(async db =>
    {
        var p = await db.Projects.SingleAsync(x => x.Id == project.Id);
        p.Update(DetailsOf(p) with { SiteIds = siteIds, ConfigurationItemIds = itemIds, Description = description ?? p.Description }, Someone.Staff, TimeProvider.System.GetUtcNow());
        await db.SaveChangesAsync();
    });

    private static ProjectDetails DetailsOf(Project p) => new(
        p.Name, p.ProjectTypeId, p.LeadTechId, p.ProjectManagerId, p.StartsOn, p.PlannedGoLiveOn, p.ActualGoLiveOn, p.EndsOn, p.Description, p.SiteIds, p.ConfigurationItemIds);

    public Task SetPhoneAsync(TestUser user, string phone) => WithDbAsync(async db =>
    {
        var u = await db.Users.SingleAsync(x => x.Id == user.Id);
        u.PhoneNumber = phone;
        await db.SaveChangesAsync();
    });

    /// <summary>A second site and configuration item at the client (the first ones come with <see cref="CreateClientAsync"/>).</summary>
    public Task<(int SiteId, int ItemId)> AddSiteAndItemAsync(ClientSetup client, string siteName, string itemName) => WithDbAsync(async db =>
    {
        var site = new Domain.Clients.Site(client.ClientId, siteName, null);
        db.Sites.Add(site);
        await db.SaveChangesAsync();
        var item = new Domain.Clients.ConfigurationItem(client.ClientId, itemName, "Switch", site.Id);
        db.ConfigurationItems.Add(item);
        await db.SaveChangesAsync();
        return (site.Id, item.Id);
    });

    /// <summary>Gives the project one of the seeded types ("Network refresh", "UCaaS migration", …).</summary>
    public Task SetProjectTypeAsync(ProjectSetup project, string typeName) => WithDbAsync(async db =>
    {
        var typeId = await db.ProjectTypes.Where(t => t.Name == typeName).Select(t => t.Id).SingleAsync();
        var p = await db.Projects.SingleAsync(x => x.Id == project.Id);
        p.Update(DetailsOf(p) with { ProjectTypeId = typeId }, Someone.Staff, TimeProvider.System.GetUtcNow());
        await db.SaveChangesAsync();
    });

    /// <summary>Closes a project in hypercare at <paramref name="at"/> (early, when before the period's end).</summary>
    public Task CloseProjectAsync(ProjectSetup project, DateTimeOffset at) => WithDbAsync(async db =>
    {
        var p = await db.Projects.SingleAsync(x => x.Id == project.Id);
        p.Close(Someone.Staff, at);
        await db.SaveChangesAsync();
    });
}
