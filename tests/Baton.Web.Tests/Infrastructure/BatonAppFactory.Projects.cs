using Baton.Domain;
using Baton.Domain.Projects;
using Baton.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Infrastructure;

public sealed partial class BatonAppFactory
{
    public sealed record ProjectSetup(int Id, string Number, int ClientId, string LeadTechId);

    /// <summary>
    /// A project at the client, led by <paramref name="leadTech"/>, moved to <paramref name="status"/> through the domain
    /// methods (Hypercare and Closed pass through sign-off and release, as they must).
    /// </summary>
    public Task<ProjectSetup> CreateProjectAsync(
        ClientSetup client, TestUser leadTech, ProjectStatus status = ProjectStatus.Active, string? name = null,
        bool touchesSiteAndItem = false, DateTimeOffset? now = null) => WithDbAsync(async db =>
    {
        var at = now ?? TimeProvider.System.GetUtcNow();
        var typeId = await db.ProjectTypes.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var number = await ProjectNumbers.NextAsync(db, default);
        var details = new ProjectDetails(
            name ?? "Project " + number, typeId, leadTech.Id, null, DateOnly.FromDateTime(at.UtcDateTime), null, null, null, "Test project",
            touchesSiteAndItem ? [client.SiteId] : [], touchesSiteAndItem ? [client.ConfigurationItemId] : []);
        var actor = new Actor(leadTech.Id, leadTech.DisplayName);
        var project = Project.Plan(client.ClientId, details, number, actor, at);
        if (status != ProjectStatus.Planned)
        {
            project.Start(actor, at);
        }

        switch (status)
        {
            case ProjectStatus.Cancelled:
                project.Cancel("Test cancellation", actor, at);
                break;
            case ProjectStatus.Hypercare or ProjectStatus.Closed:
                project.RecordCloseoutSignOff(actor, at);
                project.ReleaseLead(actor, at);
                project.EnterHypercare(Project.DefaultHypercareDays, actor, at);
                if (status == ProjectStatus.Closed)
                {
                    project.Close(actor, at);
                }

                break;
        }

        db.Projects.Add(project);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return new ProjectSetup(project.Id, project.Number, client.ClientId, leadTech.Id);
    });
}
