using Baton.Domain;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Tickets;

public sealed record ParticipantResponse(long Id, string Email, string Name, DateTimeOffset AddedAt, string AddedByName);

/// <summary>Someone to keep on a ticket's mail thread: an address, and how to greet them (optional).</summary>
public sealed record ParticipantRequest(string Email, string? Name = null);

/// <summary>
/// The people on a ticket's mail thread besides its requester: the To and Cc of the mail that opened it, and whoever
/// staff add. They receive the desk's public replies and the resolution, and may reply by mail. Staff list, add and
/// remove them (the page and the API call this); the desk's own addresses never become one (Features/Mail).
/// </summary>
public static class TicketParticipants
{
    public const int MaxPerTicket = 50;

    public static async Task<IReadOnlyList<ParticipantResponse>?> ListAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct)
    {
        var ticketId = await StaffTicketAsync(db, user, number, ct);
        return ticketId is null ? null : await db.TicketParticipants.AsNoTracking().Where(p => p.TicketId == ticketId).OrderBy(p => p.Id)
            .Select(p => new ParticipantResponse(p.Id, p.Email, p.Name, p.AddedAt, p.AddedByName)).ToListAsync(ct);
    }

    /// <summary>Adds the address (lower-cased); null when there is no such ticket. Refused on "email" for a bad address, the requester's, or one already on it.</summary>
    public static async Task<ParticipantResponse?> AddAsync(BatonDb db, CurrentUser user, string number, ParticipantRequest request, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ticketId = await StaffTicketAsync(db, user, number, ct);
        if (ticketId is null)
        {
            return null;
        }

        var email = (request.Email ?? "").Trim().ToLowerInvariant();
        if (!Text.LooksLikeEmail(email) || email.Length > 320)
        {
            throw InputInvalidException.For("email", "Give an e-mail address, e.g. mia@northwind.example.");
        }

        var name = Text.Optional(request.Name, "name", 200);
        var requester = await db.Tickets.Where(t => t.Id == ticketId).Select(t => db.Contacts.Where(c => c.Id == t.RequesterId).Select(c => c.Email).FirstOrDefault()).SingleAsync(ct);
        if (email == requester)
        {
            throw new DomainRuleException($"{email} is the requester's address: they hear of the ticket already.", "email");
        }

        var existing = await db.TicketParticipants.Where(p => p.TicketId == ticketId).Select(p => p.Email).ToListAsync(ct);
        if (existing.Contains(email))
        {
            throw new DomainRuleException($"{email} is on the ticket already.", "email");
        }

        if (existing.Count >= MaxPerTicket)
        {
            throw new DomainRuleException($"A ticket can have at most {MaxPerTicket} participants.", "email");
        }

        var participant = new TicketParticipant { TicketId = ticketId.Value, Email = email, Name = name, AddedAt = clock.GetUtcNow(), AddedByName = user.DisplayName };
        db.TicketParticipants.Add(participant);
        await db.SaveChangesAsync(ct);
        return new ParticipantResponse(participant.Id, participant.Email, participant.Name, participant.AddedAt, participant.AddedByName);
    }

    /// <summary>Takes the participant off the ticket; false when there is no such ticket or participant.</summary>
    public static async Task<bool> RemoveAsync(BatonDb db, CurrentUser user, string number, long participantId, CancellationToken ct)
    {
        var ticketId = await StaffTicketAsync(db, user, number, ct);
        return ticketId is not null && await db.TicketParticipants.Where(p => p.Id == participantId && p.TicketId == ticketId).ExecuteDeleteAsync(ct) == 1;
    }

    private static async Task<long?> StaffTicketAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.IsStaff)
        {
            throw new ForbiddenException("Only the service desk manages who is on a ticket's mail thread.");
        }

        return await TicketAccess.FindIdAsync(db, user, number, ct);
    }
}
