using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Closeout;

/// <summary>
/// A checklist line. An item <c>ProvenBy</c> a record is never ticked by hand: its <c>State</c> is Done while the record is
/// there and Open otherwise, and <c>Proof</c> says which ("Answered by the hand-off meeting record (held on …)", "Waits for …").
/// </summary>
public sealed record CloseoutItemResponse(
    int Key, int SectionKey, string Section, string Text, bool Required, string Guidance,
    CloseoutItemState State, string Reason, string Note, string? AnsweredBy, DateTimeOffset? AnsweredAt, int Version,
    CloseoutProof ProvenBy = CloseoutProof.None, string? Proof = null);

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
    public static async Task<CloseoutResponse?> GetAsync(BatonDb db, CurrentUser user, string number, DateTimeOffset now, CancellationToken ct)
    {
        if (await ReadProjectAsync(db, user, number, ct) is not { } project)
        {
            return null;
        }

        SupportLeads.RequireStaff(user, "see a close-out checklist");
        var checklist = await db.CloseoutChecklists.AsNoTracking().Include(c => c.Items).SingleOrDefaultAsync(c => c.ProjectId == project.Id, ct);
        var (deliverables, cleanup) = await CloseoutWork.CompletionAsync(db, project.Id, ct);
        var records = await CloseoutWork.RecordsAsync(db, project, deliverables, now, ct);
        var gate = CloseoutGate.Evaluate(project, checklist, deliverables, cleanup, records);
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
            checklist is null ? [] : [.. checklist.Items.OrderBy(i => i.Position).Select(i => ToResponse(i, records))],
            checklist?.Version);
    }

    /// <summary>The project by number for reading (not tracked), through <see cref="ProjectAccess"/>; null when not visible.</summary>
    internal static async Task<Project?> ReadProjectAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct) =>
        ProjectNumber.TryParse(number, out var normalised)
            ? await db.Projects.AsNoTracking().VisibleTo(user).SingleOrDefaultAsync(p => p.Number == normalised, ct)
            : null;

    /// <summary>The line as shown; <paramref name="records"/> answer an item proven by one (unknown: its stored state).</summary>
    public static CloseoutItemResponse ToResponse(CloseoutChecklistItem i, CloseoutRecords? records = null)
    {
        ArgumentNullException.ThrowIfNull(i);
        var proof = i.ProvenBy != CloseoutProof.None && records is not null ? records.Read(i.ProvenBy) : null;
        var state = proof is null ? i.State : proof.Proven ? CloseoutItemState.Done : CloseoutItemState.Open;
        return new CloseoutItemResponse(i.Key, i.SectionKey, i.SectionTitle, i.Text, i.Required, i.Guidance, state, i.Reason, i.Note,
            proof is null ? i.AnsweredByName : null, proof is null ? i.AnsweredAt : null, i.Version, i.ProvenBy, proof?.Text);
    }
}
