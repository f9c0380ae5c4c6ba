using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Closeout;

public sealed record HandbookSite(int Id, string Name, string Address);

public sealed record HandbookConfigurationItem(int Id, string Name, string Type);

public sealed record HandbookHandoff(
    DateOnly HeldOn,
    IReadOnlyList<HandoffAttendee> Attendees,
    IReadOnlyList<ContactMatrixEntry> ContactMatrix,
    IReadOnlyList<DocumentationLink> DocumentationLinks,
    IReadOnlyList<HandoffRisk> OpenRisks,
    string Notes);

public sealed record HandbookNotApplicableItem(string Section, string Text, string Reason, string? By, DateTimeOffset? At);

public sealed record HandbookCloseout(
    bool Begun,
    int? TemplateVersion,
    DateTimeOffset? SignedOffAt,
    string? SignedOffBy,
    DateTimeOffset? LeadReleasedAt,
    string? LeadReleasedBy,
    int ItemsDone,
    int ItemsNotApplicable,
    int ItemsOpen,
    IReadOnlyList<HandbookNotApplicableItem> NotApplicable);

public sealed record HandbookDeliverable(string Title, bool InScope, AcceptanceState Acceptance, string? DecidedBy, DateTimeOffset? DecidedAt, string? RejectionReason);

/// <summary>
/// The one-page summary support keeps for a project: what it changed, when it went live, whom to call (the lead, the
/// PM, the escalation contacts, the contact matrix), where the documentation is, the open risks, the signed close-out
/// and the deliverables as the client accepted them. Null parts (no hand-off yet) are shown as missing.
/// </summary>
public sealed record HandbookResponse(
    string ProjectNumber,
    string Name,
    string ClientName,
    string ProjectType,
    ProjectStatus Status,
    string Description,
    DateOnly? StartsOn,
    DateOnly? PlannedGoLiveOn,
    DateOnly? ActualGoLiveOn,
    DateOnly? EndsOn,
    DateTimeOffset? HypercareStartedAt,
    DateTimeOffset? HypercareEndsAt,
    string? LeadTech,
    string? ProjectManager,
    IReadOnlyList<HandbookSite> Sites,
    IReadOnlyList<HandbookConfigurationItem> ConfigurationItems,
    IReadOnlyList<EscalationContact> EscalationContacts,
    HandbookHandoff? Handoff,
    HandbookCloseout Closeout,
    IReadOnlyList<HandbookDeliverable> Deliverables);

public static class SupportHandbook
{
    /// <summary>
    /// The handbook, for staff and for the project's own client contacts (they need whom to call); null for anyone
    /// else, who must not learn that the project exists.
    /// </summary>
    public static async Task<HandbookResponse?> GetAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct)
    {
        if (await CloseoutView.ReadProjectAsync(db, user, number, ct) is not { } p)
        {
            return null;
        }

        var client = await db.Clients.Where(c => c.Id == p.ClientId).Select(c => c.Name).SingleAsync(ct);
        var type = await db.ProjectTypes.Where(t => t.Id == p.ProjectTypeId).Select(t => t.Name).SingleOrDefaultAsync(ct) ?? "";
        string?[] people = [p.LeadTechId, p.ProjectManagerId];
        var names = await db.Users.Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var siteIds = p.SiteIds.ToList();
        var itemIds = p.ConfigurationItemIds.ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => s.ClientId == p.ClientId && siteIds.Contains(s.Id)).OrderBy(s => s.Name)
            .Select(s => new HandbookSite(s.Id, s.Name, s.Address)).ToListAsync(ct);
        var items = await db.ConfigurationItems.AsNoTracking().Where(i => i.ClientId == p.ClientId && itemIds.Contains(i.Id)).OrderBy(i => i.Name)
            .Select(i => new HandbookConfigurationItem(i.Id, i.Name, i.Type)).ToListAsync(ct);
        var meeting = await db.HandoffMeetings.AsNoTracking().SingleOrDefaultAsync(h => h.ProjectId == p.Id, ct);
        var checklist = await db.CloseoutChecklists.AsNoTracking().Include(c => c.Items).SingleOrDefaultAsync(c => c.ProjectId == p.Id, ct);
        var deliverables = await db.Deliverables.AsNoTracking().Where(d => d.ProjectId == p.Id).OrderByDescending(d => d.InScope).ThenBy(d => d.Title)
            .Select(d => new HandbookDeliverable(d.Title, d.InScope, d.Acceptance, d.DecidedByName, d.DecidedAt, d.RejectionReason)).ToListAsync(ct);

        var answered = checklist?.Items.OrderBy(i => i.Position).ToList() ?? [];
        var closeout = new HandbookCloseout(
            checklist is not null, checklist?.TemplateVersion, p.CloseoutSignedOffAt, p.CloseoutSignedOffBy, p.LeadReleasedAt, p.LeadReleasedBy,
            answered.Count(i => i.State == CloseoutItemState.Done),
            answered.Count(i => i.State == CloseoutItemState.NotApplicable),
            answered.Count(i => i.State == CloseoutItemState.Open),
            [.. answered.Where(i => i.State == CloseoutItemState.NotApplicable).Select(i => new HandbookNotApplicableItem(i.SectionTitle, i.Text, i.Reason, i.AnsweredByName, i.AnsweredAt))]);

        return new HandbookResponse(
            p.Number, p.Name, client, type, p.Status, p.Description, p.StartsOn, p.PlannedGoLiveOn, p.ActualGoLiveOn, p.EndsOn,
            p.HypercareStartedAt, p.HypercareEndsAt, Name(names, p.LeadTechId), Name(names, p.ProjectManagerId),
            sites, items, p.EscalationContacts,
            meeting is null ? null : new HandbookHandoff(meeting.HeldOn, meeting.Attendees, meeting.ContactMatrix, meeting.DocumentationLinks, meeting.OpenRisks, meeting.Notes),
            closeout, deliverables);
    }

    private static string? Name(Dictionary<string, string> names, string? id) => id is null ? null : names.GetValueOrDefault(id, "(no longer a user)");
}
