using Baton.Domain.Projects;

namespace Baton.Domain.Tests.Projects;

/// <summary>Projects and engagements built through the domain methods, for the project tests.</summary>
public static class ProjectWorld
{
    public static readonly Actor Lead = new("lead-1", "Lee Lead");

    /// <summary>
    /// A project moved to <paramref name="status"/> at <paramref name="at"/> (started then; hypercare entered for the
    /// default 30 days then; closed then), passing sign-off and release as it must.
    /// </summary>
    public static Project InStatus(ProjectStatus status, string number, DateTimeOffset at, IReadOnlyList<int>? siteIds = null, IReadOnlyList<int>? itemIds = null)
    {
        var project = Project.Plan(
            1,
            new ProjectDetails("Project " + number, 1, Lead.UserId, null, null, null, null, null, "What changes", siteIds ?? [], itemIds ?? []),
            number, Someone.Staff,
            at);
        if (status == ProjectStatus.Planned)
        {
            return project;
        }

        project.Start(Someone.Staff, at);
        switch (status)
        {
            case ProjectStatus.Cancelled:
                project.Cancel("Client withdrew", Someone.Staff, at);
                break;
            case ProjectStatus.Hypercare or ProjectStatus.Closed:
                project.RecordCloseoutSignOff(Lead, at);
                project.ReleaseLead(Lead, at);
                project.EnterHypercare(Project.DefaultHypercareDays, Someone.Staff, at);
                if (status == ProjectStatus.Closed)
                {
                    project.Close(Someone.Staff, at);
                }

                break;
        }

        return project;
    }

    /// <summary>An engagement of the project on a local date and times in <paramref name="zone"/>.</summary>
    public static Engagement Engagement(Project project, DateOnly date, TimeOnly start, TimeOnly end, TimeZoneInfo zone, EngagementKind kind = EngagementKind.OnSite) =>
        new(project.Id, new EngagementSlot(date, start, end, kind, [], null, null), zone, Lead, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
}
