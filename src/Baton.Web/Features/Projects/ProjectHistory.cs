using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Audit;
using Baton.Web.Features.Shared.Timeline;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Projects;

/// <summary>
/// A project's audit trail (its own fields, deliverables, engagements, clean-up and scope changes), for the History
/// section and <c>GET /api/v1/projects/{number}/audit</c>. A client contact gets what their project page shows them:
/// everything but the escalation contacts, which are for the service desk.
/// </summary>
public static class ProjectHistory
{
    /// <summary>Fields only staff see, because only staff see them on the project page.</summary>
    public static readonly IReadOnlySet<string> StaffOnlyFields = new HashSet<string>(StringComparer.Ordinal) { Project.AuditFields.EscalationContacts };

    /// <summary>The trail, oldest first, with people, types, sites and items by name; null when the project is not visible.</summary>
    public static async Task<IReadOnlyList<AuditEntryResponse>?> ReadAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct)
    {
        if (!ProjectNumber.TryParse(number, out var normalised))
        {
            return null;
        }

        var id = await db.Projects.AsNoTracking().VisibleTo(user).Where(p => p.Number == normalised).Select(p => (int?)p.Id).SingleOrDefaultAsync(ct);
        return id is null ? null : await ReadAsync(db, user, id.Value, ct);
    }

    public static async Task<IReadOnlyList<AuditEntryResponse>> ReadAsync(BatonDb db, CurrentUser user, int projectId, CancellationToken ct)
    {
        var entries = await AuditTrail.ReadAsync(db, Project.RecordKind, projectId, ct);
        if (!user.IsStaff)
        {
            entries = entries.Where(e => !StaffOnlyFields.Contains(e.Field)).ToList();
        }

        return await NamedAsync(db, entries, ct);
    }

    /// <summary>The History section: every entry, phrased for a reader.</summary>
    public static IReadOnlyList<TimelineItem> Timeline(IReadOnlyList<AuditEntryResponse> entries) =>
        new TimelineBuilder().Audit(entries, Describe).Build();

    private static string Describe(AuditEntryResponse a) => a switch
    {
        { Field: Project.AuditFields.Created } => $"planned {a.NewValue}",
        { OldValue: null, NewValue: not null } => $"{a.Field}: {a.NewValue}",
        { OldValue: not null, NewValue: null } when a.Field is Project.AuditFields.Deliverable => $"{a.Field} removed: {a.OldValue}",
        _ => AuditLabels.Change(a),
    };

    /// <summary>The trail stores ids for people, the type, sites and items (names change); a reader wants names.</summary>
    private static async Task<IReadOnlyList<AuditEntryResponse>> NamedAsync(BatonDb db, IReadOnlyList<AuditEntryResponse> entries, CancellationToken ct)
    {
        string[] people = [Project.AuditFields.LeadTech, Project.AuditFields.ProjectManager];
        var values = (string field) => entries.Where(e => e.Field == field).SelectMany(e => new[] { e.OldValue, e.NewValue }).OfType<string>();
        var userIds = people.SelectMany(values).Distinct().ToList();
        var typeIds = values(Project.AuditFields.ProjectType).Select(int.Parse).Distinct().ToList();
        var siteIds = values(Project.AuditFields.Sites).SelectMany(Ids).Distinct().ToList();
        var itemIds = values(Project.AuditFields.ConfigurationItems).SelectMany(Ids).Distinct().ToList();
        if (userIds.Count + typeIds.Count + siteIds.Count + itemIds.Count == 0)
        {
            return entries;
        }

        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var types = await db.ProjectTypes.AsNoTracking().Where(t => typeIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), t => t.Name, ct);
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var items = await db.ConfigurationItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        string? Name(string field, string? value) => value is null ? null : field switch
        {
            Project.AuditFields.LeadTech or Project.AuditFields.ProjectManager => users.GetValueOrDefault(value, value),
            Project.AuditFields.ProjectType => types.GetValueOrDefault(value, value),
            Project.AuditFields.Sites => string.Join(", ", Ids(value).Select(i => sites.GetValueOrDefault(i, $"site {i}"))),
            Project.AuditFields.ConfigurationItems => string.Join(", ", Ids(value).Select(i => items.GetValueOrDefault(i, $"item {i}"))),
            _ => value,
        };
        return entries.Select(e => e with { OldValue = Name(e.Field, e.OldValue), NewValue = Name(e.Field, e.NewValue) }).ToList();
    }

    private static IEnumerable<int> Ids(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse);
}
