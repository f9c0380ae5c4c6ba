using Baton.Domain;
using Baton.Domain.Closeout;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Closeout;

/// <summary>A technician's proposed checklist item: the ticket that showed it was missing, and what went wrong.</summary>
public sealed record CloseoutProposalRequest(string TicketNumber, string Text, int SectionKey, bool Required, string Reason);

/// <summary>The support lead's acceptance; anything left out keeps the proposal's wording, section and required flag.</summary>
public sealed record AcceptProposalRequest(string? Text = null, int? SectionKey = null, bool? Required = null, string? Guidance = null);

public sealed record DeclineProposalRequest(string Reason);

public sealed record CloseoutProposalResponse(
    int Id,
    string ProjectNumber,
    string ProjectName,
    string TicketNumber,
    string Text,
    int SectionKey,
    string SectionTitle,
    bool Required,
    string Reason,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    CloseoutProposalStatus Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DeclineReason,
    int? AcceptedInVersion,
    int? ItemKey);

/// <summary>Proposals as lists: the support lead's queue, a proposer's own, a project's.</summary>
public static class CloseoutProposalQueries
{
    public static Task<List<CloseoutProposalResponse>> ListAsync(BatonDb db, CloseoutProposalStatus? status, string? proposedById, int? projectId, int take, CancellationToken ct)
    {
        var proposals = db.CloseoutProposals.AsNoTracking();
        if (status is { } s)
        {
            proposals = proposals.Where(p => p.Status == s);
        }

        if (proposedById is not null)
        {
            proposals = proposals.Where(p => p.ProposedById == proposedById);
        }

        if (projectId is { } id)
        {
            proposals = proposals.Where(p => p.ProjectId == id);
        }

        // The queue is worked oldest first; decided ones are read newest first.
        var ordered = status == CloseoutProposalStatus.Pending ? proposals.OrderBy(p => p.ProposedAt) : proposals.OrderByDescending(p => p.ProposedAt);
        return Project(db, ordered.Take(Math.Clamp(take, 1, 500))).ToListAsync(ct);
    }

    public static Task<CloseoutProposalResponse?> GetAsync(BatonDb db, int id, CancellationToken ct) =>
        Project(db, db.CloseoutProposals.AsNoTracking().Where(p => p.Id == id)).SingleOrDefaultAsync(ct);

    private static IQueryable<CloseoutProposalResponse> Project(BatonDb db, IQueryable<CloseoutProposal> proposals) =>
        from p in proposals
        join project in db.Projects on p.ProjectId equals project.Id
        select new CloseoutProposalResponse(
            p.Id, project.Number, project.Name, p.TicketNumber, p.Text, p.SectionKey, p.SectionTitle, p.Required, p.Reason, p.ProposedByName, p.ProposedAt,
            p.Status, p.DecidedByName, p.DecidedAt, p.DeclineReason, p.AcceptedInVersion, p.ItemKey);
}

/// <summary>
/// "We were hung out to dry because …": a technician proposes a checklist item from a ticket of a project's client,
/// once the project has been handed to support (hypercare or closed). Staff only.
/// </summary>
public static class ProposeCloseoutItem
{
    /// <summary>The saved proposal, or null when the project does not exist for the user.</summary>
    public static async Task<CloseoutProposal?> ExecuteAsync(BatonDb db, CurrentUser user, string projectNumber, CloseoutProposalRequest request, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var project = await ProjectAccess.FindAsync(db, user, projectNumber, ct);
        if (project is null)
        {
            return null;
        }

        SupportLeads.RequireStaff(user, "propose close-out checklist items");
        var ticket = await FindTicketAsync(db, request.TicketNumber, ct);
        var current = await CloseoutTemplates.CurrentAsync(db, ct) ?? throw new InvalidOperationException("The close-out template has not been seeded.");
        var proposal = new CloseoutProposal(
            project, ticket.Id, ticket.Number, ticket.ClientId, current, request.Text, request.SectionKey, request.Required, request.Reason, user.Actor, clock.GetUtcNow());
        db.CloseoutProposals.Add(proposal);
        await db.SaveChangesAsync(ct);
        return proposal;
    }

    internal sealed record TicketRef(long Id, string Number, int ClientId);

    internal static async Task<TicketRef> FindTicketAsync(BatonDb db, string? number, CancellationToken ct)
    {
        if (!TicketNumber.TryParse(number, out var normalised))
        {
            throw new DomainRuleException(string.IsNullOrWhiteSpace(number)
                ? "Give the number of the ticket that showed the item was missing (e.g. INC-000123)."
                : $"‘{number}’ is not a ticket number (e.g. INC-000123).", "ticketNumber");
        }

        return await db.Tickets.AsNoTracking().Where(t => t.Number == normalised).Select(t => new TicketRef(t.Id, t.Number, t.ClientId)).SingleOrDefaultAsync(ct)
            ?? throw new DomainRuleException($"There is no ticket {normalised}.", "ticketNumber");
    }
}

/// <summary>
/// The support lead decides a proposal: accepting publishes the next template version with the item; declining needs
/// a reason. Either way the proposer is told (an in-app notification linking the ticket the proposal came from).
/// </summary>
public static class DecideCloseoutProposal
{
    public static async Task<(CloseoutProposal Proposal, CloseoutTemplateVersion Version)?> AcceptAsync(
        BatonDb db, CurrentUser user, int proposalId, AcceptProposalRequest request, INotificationChannel notifications, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(notifications);
        await SupportLeads.RequireAsync(db, user, "accept checklist proposals", ct);
        var proposal = await db.CloseoutProposals.SingleOrDefaultAsync(p => p.Id == proposalId, ct);
        if (proposal is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var current = await CloseoutTemplates.CurrentAsync(db, ct) ?? throw new InvalidOperationException("The close-out template has not been seeded.");
        var next = proposal.Accept(current, request.Text, request.SectionKey, request.Required, request.Guidance, user.Actor, now);
        db.CloseoutTemplateVersions.Add(next);
        await TellAsync(db, notifications, proposal, $"Your close-out item ‘{proposal.Text}’ was accepted by {user.DisplayName}: it is on checklist version {next.Number}.", now, ct);
        await CloseoutTemplates.SaveNewVersionAsync(db, next, ct);
        return (proposal, next);
    }

    public static async Task<CloseoutProposal?> DeclineAsync(
        BatonDb db, CurrentUser user, int proposalId, DeclineProposalRequest request, INotificationChannel notifications, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(notifications);
        await SupportLeads.RequireAsync(db, user, "decline checklist proposals", ct);
        var proposal = await db.CloseoutProposals.SingleOrDefaultAsync(p => p.Id == proposalId, ct);
        if (proposal is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        proposal.Decline(request.Reason, user.Actor, now);
        await TellAsync(db, notifications, proposal, $"Your close-out item ‘{proposal.Text}’ was declined by {user.DisplayName}: {proposal.DeclineReason}", now, ct);
        await db.SaveChangesAsync(ct);
        return proposal;
    }

    private static Task TellAsync(BatonDb db, INotificationChannel notifications, CloseoutProposal proposal, string text, DateTimeOffset now, CancellationToken ct) =>
        notifications.NotifyAsync(db, [proposal.ProposedById], proposal.TicketId, Notification.Fit(text), now, ct);
}
