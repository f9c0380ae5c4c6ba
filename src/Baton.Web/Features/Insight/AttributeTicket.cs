using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Links;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Features.Tickets;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Insight;

/// <summary>A technician's verdict on a ticket against one of its client's projects.</summary>
public sealed record AttributeTicketRequest(string ProjectNumber, AttributionVerdict Verdict, string? Note = null);

public sealed record AttributionResponse(
    string TicketNumber, string ProjectNumber, string ProjectName, AttributionVerdict Verdict, string Note, string ByName, DateTimeOffset At);

/// <summary>The verdict as it now stands, whether this call created it (rather than replacing one), and the ticket's version after it.</summary>
public sealed record AttributionOutcome(AttributionResponse Attribution, bool Created, int TicketVersion);

/// <summary>
/// Marks a ticket "caused by" a project or "not related" (a coincidence), with a note: one verdict per ticket and
/// project, a new one replacing the old in place, each recorded on the ticket's audit trail and timeline.
/// </summary>
public static class AttributeTicket
{
    /// <summary>How often a lost race is retried: every retry reads what the winner wrote, so a few always suffice.</summary>
    private const int Attempts = 10;

    /// <summary>
    /// Null when the ticket is not visible to the user (404). Refuses a client contact (403) and a project that is not the
    /// ticket's client's (400 naming <c>projectNumber</c>). Two technicians marking the same ticket and project at once
    /// both succeed, the later one standing: a lost race (the unique index, or the ticket's version) is retried on fresh
    /// rows, never answered with a duplicate or a 500.
    /// </summary>
    public static async Task<AttributionOutcome?> ExecuteAsync(BatonDb db, CurrentUser user, string ticketNumber, AttributeTicketRequest request, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryAsync(db, user, ticketNumber, request, clock, ct);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Someone else wrote the same verdict row or changed the ticket since we read it: read again and re-apply.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<AttributionOutcome?> TryAsync(BatonDb db, CurrentUser user, string ticketNumber, AttributeTicketRequest request, TimeProvider clock, CancellationToken ct)
    {
        // Visibility first: another client's ticket is a 404 to a contact, never a 403 that confirms it exists.
        var ticket = await TicketAccess.FindForChangeAsync(db, user, ticketNumber, null, ct);
        if (ticket is null)
        {
            return null;
        }

        if (!user.IsStaff)
        {
            throw new ForbiddenException("Only the service desk can attribute tickets to projects.");
        }

        var project = await FindProjectAsync(db, ticket, request.ProjectNumber, ct);
        var existing = await db.ProjectAttributions.SingleOrDefaultAsync(a => a.TicketId == ticket.Id && a.ProjectId == project.Id, ct);
        if (existing is not null && existing.Verdict == request.Verdict && existing.Note == (request.Note?.Trim() ?? ""))
        {
            // The verdict that stands, again: nothing changes, not even who said it.
            return new AttributionOutcome(Describe(ticket.Number, project, existing), Created: false, ticket.Version);
        }

        var now = clock.GetUtcNow();
        var previous = existing is null ? null : Ticket.DescribeProjectAttribution(project.Number, existing.Verdict, existing.Note);
        var attribution = existing ?? db.ProjectAttributions.Add(new ProjectAttribution(ticket.Id, project.Id, request.Verdict, request.Note, user.Actor, now)).Entity;
        if (existing is not null)
        {
            existing.Record(request.Verdict, request.Note, user.Actor, now);
        }

        ticket.RecordProjectAttribution(project.Number, attribution.Verdict, attribution.Note, previous, user.Actor, now);
        await VerdictLinks.ApplyAsync(
            db, (ticket.Id, ticket.Number), (project.Id, project.Number), attribution.Verdict == AttributionVerdict.CausedBy, attribution.Note, user.Actor, now, ct);
        await db.SaveChangesAsync(ct);
        return new AttributionOutcome(Describe(ticket.Number, project, attribution), Created: existing is null, ticket.Version);
    }

    private static AttributionResponse Describe(string ticketNumber, (int Id, string Number, string Name) project, ProjectAttribution a) =>
        new(ticketNumber, project.Number, project.Name, a.Verdict, a.Note, a.ByName, a.At);

    private static async Task<(int Id, string Number, string Name)> FindProjectAsync(BatonDb db, Ticket ticket, string? projectNumber, CancellationToken ct)
    {
        if (!ProjectNumber.TryParse(projectNumber, out var number))
        {
            throw InputInvalidException.For("projectNumber", $"'{projectNumber}' is not a project number; give one like PRJ-000012.");
        }

        var project = await db.Projects.AsNoTracking()
            .Where(p => p.Number == number && p.ClientId == ticket.ClientId)
            .Select(p => new { p.Id, p.Number, p.Name })
            .SingleOrDefaultAsync(ct);
        return project is null
            ? throw InputInvalidException.For("projectNumber", $"{number} is not a project of this ticket's client; a ticket is attributed only to its own client's projects.")
            : (project.Id, project.Number, project.Name);
    }
}
