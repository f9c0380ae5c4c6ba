using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Closeout;

public sealed record CloseoutItemResponse(
    int Key, int SectionKey, string Section, string Text, bool Required, string Guidance,
    CloseoutItemState State, string Reason, string Note, string? AnsweredBy, DateTimeOffset? AnsweredAt, int Version);

public sealed record CloseoutGapResponse(CloseoutGapKind Kind, string Subject, string Message);

public sealed record CloseoutUpgradeResponse(int FromVersion, int ToVersion, DateTimeOffset At, string By, IReadOnlyList<string> Changes);

/// <summary>
/// A project's close-out as the page and <c>GET /api/v1/projects/{number}/closeout</c> show it: the checklist, exactly
/// what stands in the way of sign-off, the sign-off and the lead's release (who, when), and the template versions
/// published since the checklist's own (what "bring up to the latest version" would bring).
/// </summary>
public sealed record CloseoutResponse(
    string ProjectNumber,
    string ProjectName,
    ProjectStatus ProjectStatus,
    bool Begun,
    int? TemplateVersion,
    int LatestTemplateVersion,
    IReadOnlyList<CloseoutVersionSummary> NewerVersions,
    DateTimeOffset? StartedAt,
    string? StartedBy,
    bool CanSignOff,
    string Summary,
    IReadOnlyList<CloseoutGapResponse> Missing,
    DateTimeOffset? SignedOffAt,
    string? SignedOffBy,
    DateTimeOffset? LeadReleasedAt,
    string? LeadReleasedBy,
    CloseoutUpgradeResponse? LastUpgrade,
    IReadOnlyList<CloseoutItemResponse> Items,
    int? Version);

public static class CloseoutView
{
    /// <summary>Null when the project is not visible to the user; 403 (<see cref="Infrastructure.Errors.ForbiddenException"/>) for the client's own contacts.</summary>
    public static async Task<CloseoutResponse?> GetAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct)
    {
        if (await ReadProjectAsync(db, user, number, ct) is not { } project)
        {
            return null;
        }

        SupportLeads.RequireStaff(user, "see a close-out checklist");
        var checklist = await db.CloseoutChecklists.AsNoTracking().Include(c => c.Items).SingleOrDefaultAsync(c => c.ProjectId == project.Id, ct);
        var (deliverables, cleanup) = await CloseoutWork.CompletionAsync(db, project.Id, ct);
        var gate = CloseoutGate.Evaluate(project, checklist, deliverables, cleanup);
        var latest = await CloseoutTemplates.CurrentNumberAsync(db, ct);
        var newer = checklist is null ? [] : await CloseoutTemplates.SinceAsync(db, checklist.TemplateVersion, ct);
        return new CloseoutResponse(
            project.Number, project.Name, project.Status, checklist is not null, checklist?.TemplateVersion, latest, newer,
            checklist?.StartedAt, checklist?.StartedByName,
            checklist is not null && gate.CanSignOff && project.CloseoutSignedOffAt is null, gate.Summary,
            [.. gate.Gaps.Select(g => new CloseoutGapResponse(g.Kind, g.Subject, g.Message))],
            project.CloseoutSignedOffAt, project.CloseoutSignedOffBy, project.LeadReleasedAt, project.LeadReleasedBy,
            checklist is { UpgradedFromVersion: { } from, UpgradedAt: { } at }
                ? new CloseoutUpgradeResponse(from, checklist.TemplateVersion, at, checklist.UpgradedByName ?? "", checklist.UpgradeChanges)
                : null,
            checklist is null ? [] : [.. checklist.Items.OrderBy(i => i.Position).Select(ToResponse)],
            checklist?.Version);
    }

    /// <summary>The project by number for reading (not tracked), through <see cref="ProjectAccess"/>; null when not visible.</summary>
    internal static async Task<Project?> ReadProjectAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct) =>
        ProjectNumber.TryParse(number, out var normalised)
            ? await db.Projects.AsNoTracking().VisibleTo(user).SingleOrDefaultAsync(p => p.Number == normalised, ct)
            : null;

    public static CloseoutItemResponse ToResponse(CloseoutChecklistItem i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new CloseoutItemResponse(i.Key, i.SectionKey, i.SectionTitle, i.Text, i.Required, i.Guidance, i.State, i.Reason, i.Note, i.AnsweredByName, i.AnsweredAt, i.Version);
    }
}
