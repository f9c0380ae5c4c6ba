using Baton.Domain;
using Baton.Domain.Hypercare;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Features.Tickets;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Hypercare;

/// <summary>A technician tags a ticket as hypercare afterwards; with route (the default) it is routed as a new one would be.</summary>
public sealed record TagHypercareTicketRequest(string TicketNumber, bool Route = true);

/// <summary>
/// Tags from the hypercare page or the API: a ticket the relates-to rule missed (a requester who named nothing, a site
/// the project did not list) is tagged by a technician, and a wrong tag removed. Only while the project is in hypercare,
/// and only tickets of its client opened during the period.
/// </summary>
public static class TagHypercareTicket
{
    public static async Task<HypercareTag?> ExecuteAsync(
        BatonDb db, CurrentUser user, string projectNumber, TagHypercareTicketRequest request, HypercareIntake intake, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var project = await ProjectAccess.FindAsync(db, user, projectNumber, ct);
        if (project is null)
        {
            return null;
        }

        HypercareAccess.StaffOnly(user, "tag hypercare tickets");
        var window = OpenWindow(project, clock);
        var ticket = await TicketAccess.FindForChangeAsync(db, user, request.TicketNumber ?? "", null, ct)
            ?? throw InputInvalidException.For("ticketNumber", $"There is no ticket '{request.TicketNumber}'.");
        if (ticket.ClientId != project.ClientId)
        {
            throw new DomainRuleException($"{ticket.Number} is another client's ticket; {project.Number} is not about it.", "ticketNumber");
        }

        if (!window.Covers(ticket.CreatedAt))
        {
            throw new DomainRuleException($"{ticket.Number} was opened before {project.Number}'s hypercare began; only tickets of the period are hypercare tickets.", "ticketNumber");
        }

        if (await db.HypercareTags.AnyAsync(t => t.TicketId == ticket.Id, ct))
        {
            throw new DomainRuleException($"{ticket.Number} is already a hypercare ticket.", "ticketNumber");
        }

        try
        {
            return await intake.TagAsync(db, ticket, project.Id, project.Number, HypercareMatchReason.TaggedByTechnician, request.Route, user.Actor, ct);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            throw new DomainRuleException($"{ticket.Number} was tagged by someone else a moment ago.", "ticketNumber");
        }
    }

    /// <summary>Removes a wrong tag (the ticket keeps its assignment). False when the ticket carries no tag of this project.</summary>
    public static async Task<bool?> RemoveAsync(BatonDb db, CurrentUser user, string projectNumber, string ticketNumber, TimeProvider clock, CancellationToken ct)
    {
        var project = await ProjectAccess.FindAsync(db, user, projectNumber, ct);
        if (project is null)
        {
            return null;
        }

        HypercareAccess.StaffOnly(user, "untag hypercare tickets");
        OpenWindow(project, clock);
        var ticketId = await TicketAccess.FindIdAsync(db, user, ticketNumber, ct);
        var tag = ticketId is null ? null : await db.HypercareTags.SingleOrDefaultAsync(t => t.TicketId == ticketId && t.ProjectId == project.Id, ct);
        if (tag is null)
        {
            return false;
        }

        db.HypercareTags.Remove(tag);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static HypercareWindow OpenWindow(Project project, TimeProvider clock) =>
        HypercareWindow.Of(project) is { } window && window.Covers(clock.GetUtcNow())
            ? window
            : throw new DomainRuleException($"{project.Number} is not in its hypercare period: tickets are tagged during hypercare only (tags already made stay).", "status");
}
