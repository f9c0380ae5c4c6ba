using Baton.Domain;
using Baton.Domain.Informing;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Shared;

namespace Baton.Web.Features.Informing;

/// <summary>What the resolution needs of a project: which client, the people it names, and the team its row's "team" means.</summary>
public sealed record ProjectSubject(int Id, string Number, string Name, int ClientId, string? LeadTechId, string? ProjectManagerId, int? TeamId = null)
{
    /// <summary><paramref name="teamId"/>: the team that works the row (the hypercare coordinating team), if any.</summary>
    public static ProjectSubject Of(Project p, int? teamId = null) => new(p.Id, p.Number, p.Name, p.ClientId, p.LeadTechId, p.ProjectManagerId, teamId);
}

/// <summary>Resolves a project's matrix row (project engagement, close-out and hand-off, hypercare) to people, as <see cref="TicketInvolvement"/> does a ticket's.</summary>
public static class ProjectInvolvement
{
    public static async Task<(IReadOnlyList<Involvement> Lines, RecordParties Parties)> ForAsync(BatonDb db, ProjectSubject project, string activityKey, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(project);
        var view = await RasciCatalogue.ReadAsync(db, project.ClientId, ct);
        var activity = view.Activities.FirstOrDefault(a => a.Key == activityKey) ?? Activities.Shipped.First(a => a.Key == activityKey);
        // A project has no requester and no assignee: its people are its lead, its team (if the row has one), the
        // service managers, the client's account manager and the client's contacts by contact role.
        var parties = await TicketInvolvement.RecordPartiesAsync(db, project.ClientId, null, null, project.TeamId, project.LeadTechId, now, ct);
        return (WhoIsInvolved.Resolve(view.Matrix, activity, parties, view.Roles, view.ContactRoleNames), parties);
    }
}

/// <summary>
/// Who hears of a project milestone (issue 13): the people the project names (its lead tech and project manager, and
/// whoever the caller adds) and those the matrix marks R, A or I on the milestone's row. Never the one who acted, never a
/// contact of another client. Queued in the caller's transaction (<see cref="INotificationChannel"/>): deliverables and
/// scope changes raise no record events, so the notice commits with the change or not at all.
/// </summary>
public static class ProjectNotices
{
    /// <summary>
    /// Queues the notice; the caller saves. <paramref name="builtInRoles"/> are told whatever the matrix says (Baton's own
    /// rule for the milestone, e.g. the service managers hear that hypercare ends). Returns how many people it reaches.
    /// </summary>
    public static async Task<int> QueueAsync(
        BatonDb db, INotificationChannel channel, ProjectSubject project, NoticeKind kind, string activityKey, string text,
        Actor? actor, IEnumerable<string?> named, DateTimeOffset at, CancellationToken ct, IReadOnlyCollection<string>? builtInRoles = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(named);
        var (involved, parties) = await ProjectInvolvement.ForAsync(db, project, activityKey, at, ct);
        var people = named.Append(project.LeadTechId).Append(project.ProjectManagerId).OfType<string>()
            .Concat((builtInRoles ?? []).SelectMany(parties.InRole).Select(p => p.UserId).OfType<string>())
            .Concat(WhoIsInvolved.ToTellOfMilestone(involved, actor?.UserId).Select(p => p.UserId).OfType<string>())
            .Where(id => id.Length > 0 && id != actor?.UserId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var recipients = await TicketNoticeSender.Reachable(db, people, project.ClientId, ct);
        if (recipients.Count > 0)
        {
            await channel.NotifyAsync(db, recipients, new Notice(kind, null, null, Notification.Fit($"{project.Number} · {text} · {project.Name}"), at, project.Id), ct);
        }

        return recipients.Count;
    }
}
