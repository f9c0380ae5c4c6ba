using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Shared.Visibility;

/// <summary>
/// The one place that decides which tickets a user may see. Every ticket query and command starts here, so a
/// client contact can never reach another client's ticket: to them it does not exist (404, not 403).
/// </summary>
public static class TicketAccess
{
    /// <summary>The tickets <paramref name="user"/> may see: the shared rule (<see cref="RecordSights.Tickets"/>).</summary>
    public static IQueryable<Ticket> VisibleTo(this IQueryable<Ticket> tickets, CurrentUser user) =>
        tickets.Visible(RecordSights.Tickets, user);

    /// <summary>
    /// Loads a ticket for change. Null when the user may not see it. When the caller read a version, a different
    /// current version is refused before anything changes; the concurrency token catches a race after the read.
    /// </summary>
    public static async Task<Ticket?> FindForChangeAsync(BatonDb db, CurrentUser user, string number, int? expectedVersion, CancellationToken ct)
    {
        if (!TicketNumber.TryParse(number, out var normalised))
        {
            return null;
        }

        var ticket = await db.Tickets.VisibleTo(user).SingleOrDefaultAsync(t => t.Number == normalised, ct);
        if (ticket is not null && expectedVersion is { } expected && ticket.Version != expected)
        {
            throw new StaleRecordException(ticket.Number, expected, ticket.Version);
        }

        return ticket;
    }

    public static async Task<long?> FindIdAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct)
    {
        if (!TicketNumber.TryParse(number, out var normalised))
        {
            return null;
        }

        var id = await db.Tickets.VisibleTo(user).Where(t => t.Number == normalised).Select(t => (long?)t.Id).SingleOrDefaultAsync(ct);
        return id;
    }

    /// <summary>Fills in the names of the current team and assignee, so an assignment's audit line reads in names.</summary>
    public static async Task NameCurrentAssignmentAsync(BatonDb db, Ticket ticket, CancellationToken ct)
    {
        if (ticket.TeamId is { } teamId)
        {
            ticket.CurrentTeamName = await db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).SingleOrDefaultAsync(ct);
        }

        if (ticket.AssigneeId is { } assigneeId)
        {
            ticket.CurrentAssigneeName = await db.Users.Where(u => u.Id == assigneeId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        }
    }
}
