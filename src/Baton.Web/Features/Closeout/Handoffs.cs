using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Closeout;

public sealed record HandoffAttendeeRequest(string Name, HandoffSide Side, string? Role = null);

/// <summary>The whole hand-off record, as the API takes it: PUT replaces it.</summary>
public sealed record HandoffRequest(
    DateOnly? HeldOn,
    IReadOnlyList<HandoffAttendeeRequest>? Attendees = null,
    IReadOnlyList<ContactMatrixEntry>? ContactMatrix = null,
    IReadOnlyList<DocumentationLink>? DocumentationLinks = null,
    IReadOnlyList<HandoffRisk>? OpenRisks = null,
    string? Notes = null)
{
    public HandoffDetails ToDetails() => new(
        HeldOn, Attendees?.Select(a => a is null ? null! : new HandoffAttendee(a.Name, a.Side, a.Role ?? "")).ToList(), ContactMatrix, DocumentationLinks, OpenRisks, Notes);
}

public sealed record HandoffResponse(
    string ProjectNumber,
    bool Recorded,
    bool Editable,
    DateOnly? HeldOn,
    IReadOnlyList<HandoffAttendee> Attendees,
    bool HasBothSides,
    IReadOnlyList<ContactMatrixEntry> ContactMatrix,
    IReadOnlyList<DocumentationLink> DocumentationLinks,
    IReadOnlyList<HandoffRisk> OpenRisks,
    string Notes,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy,
    int? Version);

/// <summary>Records or edits a project's hand-off meeting (staff; until the project closes).</summary>
public static class SaveHandoff
{
    /// <summary>
    /// The saved record, or null when the project is not visible. <paramref name="expectedVersion"/> is the version the
    /// editor read (412 when someone saved since); <paramref name="requireVersion"/> makes it mandatory once a record exists.
    /// A meeting held answers its checklist item: when that was the last gap, the close-out is told ready in the same save
    /// (a null <paramref name="channel"/> tells nobody: the demo desk's seeding).
    /// </summary>
    public static async Task<HandoffMeeting?> ExecuteAsync(
        BatonDb db, CurrentUser user, string number, int? expectedVersion, bool requireVersion, HandoffDetails details, INotificationChannel? channel, TimeProvider clock,
        CancellationToken ct)
    {
        var project = await ProjectAccess.FindAsync(db, user, number, ct);
        if (project is null)
        {
            return null;
        }

        SupportLeads.RequireStaff(user, "record a hand-off meeting");
        var now = clock.GetUtcNow();
        var existing = await db.HandoffMeetings.SingleOrDefaultAsync(h => h.ProjectId == project.Id, ct);
        if (existing is not null)
        {
            if (expectedVersion is null && requireVersion)
            {
                throw new Infrastructure.Http.PreconditionRequiredException();
            }

            if (expectedVersion is { } expected && expected != existing.Version)
            {
                throw Stale(existing.UpdatedByName, expected, existing.Version);
            }
        }

        var meeting = await CloseoutReadiness.AroundHandoffChangeAsync(db, channel, project, () =>
        {
            if (existing is null)
            {
                return db.HandoffMeetings.Add(HandoffMeeting.Record(project, details, user.Actor, now)).Entity;
            }

            existing.Update(project, details, user.Actor, now);
            return existing;
        }, user.Actor, now, ct);

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            db.ChangeTracker.Clear();
            throw new StaleRecordException("The hand-off record", 0, 1);
        }

        return meeting;
    }

    private static StaleRecordException Stale(string by, int expected, int current) => new("The hand-off record", expected, current, by);
}

public static class HandoffView
{
    /// <summary>Null when the project is not visible; 403 for the client's own contacts (they read the handbook).</summary>
    public static async Task<HandoffResponse?> GetAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct)
    {
        if (await CloseoutView.ReadProjectAsync(db, user, number, ct) is not { } project)
        {
            return null;
        }

        SupportLeads.RequireStaff(user, "open the hand-off record");
        var meeting = await db.HandoffMeetings.AsNoTracking().SingleOrDefaultAsync(h => h.ProjectId == project.Id, ct);
        return ToResponse(project.Number, project.Status, meeting);
    }

    public static HandoffResponse ToResponse(string projectNumber, ProjectStatus status, HandoffMeeting? m) => new(
        projectNumber, m is not null, status is not (ProjectStatus.Closed or ProjectStatus.Cancelled),
        m?.HeldOn, m?.Attendees ?? [], m?.HasBothSides ?? false, m?.ContactMatrix ?? [], m?.DocumentationLinks ?? [], m?.OpenRisks ?? [],
        m?.Notes ?? "", m?.UpdatedAt, m?.UpdatedByName, m?.Version);
}
