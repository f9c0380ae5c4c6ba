using Baton.Domain.Projects;

namespace Baton.Domain.Hypercare;

/// <summary>A project's hypercare period and what it touches: all the relates-to rule needs to know about a project.</summary>
public sealed record HypercareWindow(
    int ProjectId,
    string Number,
    int ClientId,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<int> SiteIds,
    IReadOnlyList<int> ConfigurationItemIds)
{
    /// <summary>The window of a project in hypercare; null for any other project.</summary>
    public static HypercareWindow? Of(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project is { Status: ProjectStatus.Hypercare, HypercareStartedAt: { } start, HypercareEndsAt: { } end }
            ? new HypercareWindow(project.Id, project.Number, project.ClientId, start, end, project.SiteIds, project.ConfigurationItemIds)
            : null;
    }

    /// <summary>Whether an instant falls in the period: from its start, up to (not including) its end.</summary>
    public bool Covers(DateTimeOffset at) => StartsAt <= at && at < EndsAt;

    /// <summary>A project that names no site and no configuration item changes the client as a whole (a Microsoft 365 migration, an onboarding).</summary>
    public bool IsClientWide => SiteIds.Count == 0 && ConfigurationItemIds.Count == 0;
}

/// <summary>Why a ticket counts as a hypercare ticket of a project.</summary>
public enum HypercareMatchReason
{
    /// <summary>The person opening it named the project.</summary>
    NamedByRequester = 1,

    /// <summary>Its configuration item is one the project touches.</summary>
    TouchesConfigurationItem = 2,

    /// <summary>Its site is one the project touches.</summary>
    TouchesSite = 3,

    /// <summary>The project touches no particular site or item: every ticket of the client relates to it.</summary>
    ClientWide = 4,

    /// <summary>A technician tagged it afterwards.</summary>
    TaggedByTechnician = 5,
}

/// <summary>What a new ticket says about itself, for the relates-to rule.</summary>
public sealed record HypercareTicketFacts(int ClientId, int? SiteId, int? ConfigurationItemId, DateTimeOffset CreatedAt, string? NamedProjectNumber = null);

public sealed record HypercareMatch(HypercareWindow Project, HypercareMatchReason Reason);

/// <summary>
/// Decides whether a new ticket relates to a project in hypercare, and to which. Only projects of the ticket's client
/// whose period covers the ticket's creation count. In order:
/// <list type="number">
/// <item>the project the requester named (on the form or the API), if it is one of those;</item>
/// <item>a project touching the ticket's configuration item (the most specific evidence);</item>
/// <item>a project touching the ticket's site;</item>
/// <item>a client-wide project (one naming no site and no item).</item>
/// </list>
/// Among several projects at one step the one whose hypercare began last wins (the latest go-live is the likeliest
/// cause), then the higher id. Anything else is not a hypercare ticket; a technician can still tag it afterwards.
/// </summary>
public static class HypercareRelevance
{
    public static HypercareMatch? Match(HypercareTicketFacts ticket, IEnumerable<HypercareWindow> projects)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(projects);
        var candidates = projects
            .Where(p => p.ClientId == ticket.ClientId && p.Covers(ticket.CreatedAt))
            .OrderByDescending(p => p.StartsAt).ThenByDescending(p => p.ProjectId)
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        if (ticket.NamedProjectNumber is { } named && ProjectNumber.TryParse(named, out var number)
            && candidates.FirstOrDefault(p => p.Number == number) is { } chosen)
        {
            return new HypercareMatch(chosen, HypercareMatchReason.NamedByRequester);
        }

        if (ticket.ConfigurationItemId is { } item && candidates.FirstOrDefault(p => p.ConfigurationItemIds.Contains(item)) is { } byItem)
        {
            return new HypercareMatch(byItem, HypercareMatchReason.TouchesConfigurationItem);
        }

        if (ticket.SiteId is { } site && candidates.FirstOrDefault(p => p.SiteIds.Contains(site)) is { } bySite)
        {
            return new HypercareMatch(bySite, HypercareMatchReason.TouchesSite);
        }

        return candidates.FirstOrDefault(p => p.IsClientWide) is { } clientWide
            ? new HypercareMatch(clientWide, HypercareMatchReason.ClientWide)
            : null;
    }

    public static string Describe(HypercareMatchReason reason) => reason switch
    {
        HypercareMatchReason.NamedByRequester => "named by the requester",
        HypercareMatchReason.TouchesConfigurationItem => "its configuration item is touched by the project",
        HypercareMatchReason.TouchesSite => "its site is touched by the project",
        HypercareMatchReason.ClientWide => "the project touches the whole client",
        HypercareMatchReason.TaggedByTechnician => "tagged by a technician",
    };
}
