using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Features.Tickets;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Insight;

/// <summary>A verdict on a ticket, as a project's caused-incidents list shows it.</summary>
public sealed record ProjectTicketVerdictResponse(
    string TicketNumber, string Title, Domain.Tickets.TicketKind Kind, Domain.Tickets.TicketStatus Status, DateTimeOffset CreatedAt,
    AttributionVerdict Verdict, string Note, string ByName, DateTimeOffset At);

/// <summary>The verdicts recorded by <see cref="AttributeTicket"/>, read per ticket and per project.</summary>
public static class ProjectVerdicts
{
    /// <summary>Every verdict on a ticket, newest first (the caller checks the ticket is visible and the user is staff).</summary>
    public static async Task<IReadOnlyList<AttributionResponse>> ForTicketAsync(BatonDb db, long ticketId, string ticketNumber, CancellationToken ct) =>
        await db.ProjectAttributions.AsNoTracking()
            .Where(a => a.TicketId == ticketId)
            .Join(db.Projects, a => a.ProjectId, p => p.Id, (a, p) => new { a, p.Number, p.Name })
            .OrderByDescending(x => x.a.At).ThenByDescending(x => x.a.Id)
            .Select(x => new AttributionResponse(ticketNumber, x.Number, x.Name, x.a.Verdict, x.a.Note, x.a.ByName, x.a.At))
            .ToListAsync(ct);

    /// <summary>The project page's caused-incidents list: every verdict against the project, newest first; null when the project is not visible.</summary>
    public static async Task<IReadOnlyList<ProjectTicketVerdictResponse>?> ForProjectAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct)
    {
        if (!ProjectNumber.TryParse(number, out var normalised))
        {
            return null;
        }

        var projectId = await db.Projects.AsNoTracking().VisibleTo(user).Where(p => p.Number == normalised).Select(p => (int?)p.Id).SingleOrDefaultAsync(ct);
        if (projectId is null)
        {
            return null;
        }

        return await db.ProjectAttributions.AsNoTracking()
            .Where(a => a.ProjectId == projectId)
            .Join(db.Tickets.VisibleTo(user), a => a.TicketId, t => t.Id, (a, t) => new { a, t })
            .OrderByDescending(x => x.a.At).ThenByDescending(x => x.a.Id)
            .Select(x => new ProjectTicketVerdictResponse(x.t.Number, x.t.Title, x.t.Kind, x.t.Status, x.t.CreatedAt, x.a.Verdict, x.a.Note, x.a.ByName, x.a.At))
            .ToListAsync(ct);
    }
}
