using Baton.Domain;
using Baton.Domain.Clients;
using Baton.Domain.Projects;
using Baton.Domain.Teams;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Infrastructure;

public sealed partial class BatonAppFactory
{
    /// <summary>
    /// An active project whose close-out is signed off and whose lead is released (what the close-out area does),
    /// ready to enter hypercare.
    /// </summary>
    public async Task<ProjectSetup> CreateReleasedProjectAsync(ClientSetup client, TestUser leadTech, bool touchesSiteAndItem = false, DateTimeOffset? now = null)
    {
        var project = await CreateProjectAsync(client, leadTech, ProjectStatus.Active, touchesSiteAndItem: touchesSiteAndItem, now: now);
        await WithDbAsync(async db =>
        {
            var p = await db.Projects.SingleAsync(x => x.Id == project.Id);
            var actor = new Actor(leadTech.Id, leadTech.DisplayName);
            var at = now ?? TimeProvider.System.GetUtcNow();
            p.RecordCloseoutSignOff(actor, at);
            p.ReleaseLead(actor, at);
            await db.SaveChangesAsync();
        });
        return project;
    }

    public Task<int> CreateCategoryAsync(string stem) => WithDbAsync(async db =>
    {
        var category = new Category(Unique(stem + " "));
        db.Categories.Add(category);
        await db.SaveChangesAsync();
        return category.Id;
    });

    public Task<int> CreateConfigurationItemAsync(ClientSetup client, string type) => WithDbAsync(async db =>
    {
        var item = new ConfigurationItem(client.ClientId, Unique(client.Code + "-" + type + "-"), type, client.SiteId);
        db.ConfigurationItems.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    });

    /// <summary>Makes the users members of the team (the first one its lead when <paramref name="leadFirst"/>).</summary>
    public Task AddTeamMembersAsync(int teamId, bool leadFirst, params TestUser[] members) => WithDbAsync(async db =>
    {
        foreach (var member in members)
        {
            db.TeamMembers.Add(new TeamMember(teamId, member.Id));
        }

        if (leadFirst && members.Length > 0)
        {
            (await db.Teams.SingleAsync(t => t.Id == teamId)).SetLead(members[0].Id);
        }

        await db.SaveChangesAsync();
    });
}
