using Baton.Domain;
using Baton.Domain.Informing;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Informing;

public sealed record AskConsultRequest(string? ConsulteeId = null, string? Question = null);

public sealed record AnswerConsultRequest(string? Answer = null);

/// <summary>A consult on a ticket: open (waiting for the consultee), answered, or withdrawn by the asker.</summary>
public sealed record ConsultResponse(
    long Id, string TicketNumber, string AskedById, string AskedByName, string ConsulteeId, string ConsulteeName, string Question, DateTimeOffset AskedAt,
    string State, string? Answer, DateTimeOffset? AnsweredAt, DateTimeOffset? WithdrawnAt, DateTimeOffset? RemindAt, int RemindersSent);

/// <summary>
/// "What do you think?" on a ticket, for the desk (issue 13, the matrix's C): the consultee is told, answers on the record,
/// and is reminded while they have not (<see cref="ConsultReminders"/>). Asking and answering each leave an internal note
/// on the ticket's timeline, so the conversation reads in one place; the notice commits with the request (one save).
/// </summary>
public static class Consults
{
    public static async Task<IReadOnlyList<ConsultResponse>?> ListAsync(BatonDb db, CurrentUser user, string number, CancellationToken ct)
    {
        var ticket = await db.Tickets.AsNoTracking().VisibleTo(user).Where(t => t.Number == number).Select(t => new { t.Id, t.Number }).SingleOrDefaultAsync(ct);
        if (ticket is null)
        {
            return null;
        }

        StaffOnly(user);
        var rows = await db.ConsultRequests.AsNoTracking().Where(c => c.TicketId == ticket.Id).OrderBy(c => c.AskedAt).ThenBy(c => c.Id).ToListAsync(ct);
        var ids = rows.SelectMany(c => new[] { c.AskedById, c.ConsulteeId }).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return [.. rows.Select(c => Respond(c, ticket.Number, names))];
    }

    public static async Task<ConsultResponse?> AskAsync(BatonDb db, INotificationChannel channel, CurrentUser user, string number, AskConsultRequest request, TimeProvider clock, CancellationToken ct)
    {
        var ticket = await TicketAccess.FindForChangeAsync(db, user, number, null, ct);
        if (ticket is null)
        {
            return null;
        }

        StaffOnly(user);
        var now = clock.GetUtcNow();
        var consultee = string.IsNullOrWhiteSpace(request.ConsulteeId)
            ? throw new DomainRuleException("Choose whom to ask.", "consulteeId")
            : (await MentionablePeople.AllAsync(db, now, ct)).FirstOrDefault(p => p.Id == request.ConsulteeId)
              ?? throw new DomainRuleException("Ask a member of the desk who can sign in; a client's contact cannot be consulted here.", "consulteeId");
        if (ticket.Status == TicketStatus.Closed)
        {
            throw new DomainRuleException($"{ticket.Number} is closed; open a new ticket that refers to it.", "question");
        }

        var consult = ConsultRequest.Ask(ticket.Id, user.Id, consultee.Id, request.Question, now);
        db.ConsultRequests.Add(consult);
        ticket.AddMessage($"Asked {consultee.DisplayName}: {consult.Question}", MessageVisibility.Internal, fromRequester: false, user.Actor, now);
        await channel.NotifyAsync(db, [consultee.Id], new Notice(NoticeKind.ConsultRequested, ticket.Id, ticket.Number,
            Notification.Fit($"{ticket.Number} · {user.DisplayName} asks what you think: {Mentions.FirstWords(consult.Question)} · {ticket.Title}"), now), ct);
        await db.SaveChangesAsync(ct);
        return Respond(consult, ticket.Number, new() { [user.Id] = user.DisplayName, [consultee.Id] = consultee.DisplayName });
    }

    public static async Task<ConsultResponse?> AnswerAsync(
        BatonDb db, INotificationChannel channel, CurrentUser user, string number, long consultId, AnswerConsultRequest request, TimeProvider clock, CancellationToken ct)
    {
        var (ticket, consult) = await FindAsync(db, user, number, consultId, ct);
        if (ticket is null || consult is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        consult.AnswerWith(user.Id, request.Answer, now);
        if (ticket.Status != TicketStatus.Closed)
        {
            ticket.AddMessage($"{user.DisplayName} answered: {consult.Answer}", MessageVisibility.Internal, fromRequester: false, user.Actor, now);
        }

        await channel.NotifyAsync(db, [consult.AskedById], new Notice(NoticeKind.ConsultAnswered, ticket.Id, ticket.Number,
            Notification.Fit($"{ticket.Number} · {user.DisplayName} answered your question: {Mentions.FirstWords(consult.Answer)} · {ticket.Title}"), now), ct);
        await db.SaveChangesAsync(ct);
        return await OneAsync(db, consult, ticket.Number, ct);
    }

    public static async Task<ConsultResponse?> WithdrawAsync(BatonDb db, CurrentUser user, string number, long consultId, TimeProvider clock, CancellationToken ct)
    {
        var (ticket, consult) = await FindAsync(db, user, number, consultId, ct);
        if (ticket is null || consult is null)
        {
            return null;
        }

        consult.Withdraw(user.Id, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return await OneAsync(db, consult, ticket.Number, ct);
    }

    /// <summary>Open requests first, then the rest, newest first: what the ticket page's "Consulted" part lists.</summary>
    public static IReadOnlyList<ConsultResponse> ForPage(IReadOnlyList<ConsultResponse> consults) =>
        [.. consults.OrderBy(c => c.State == "Open" ? 0 : 1).ThenByDescending(c => c.AskedAt)];

    private static async Task<(Ticket? Ticket, ConsultRequest? Consult)> FindAsync(BatonDb db, CurrentUser user, string number, long consultId, CancellationToken ct)
    {
        var ticket = await TicketAccess.FindForChangeAsync(db, user, number, null, ct);
        if (ticket is null)
        {
            return (null, null);
        }

        StaffOnly(user);
        return (ticket, await db.ConsultRequests.SingleOrDefaultAsync(c => c.Id == consultId && c.TicketId == ticket.Id, ct));
    }

    private static async Task<ConsultResponse> OneAsync(BatonDb db, ConsultRequest consult, string number, CancellationToken ct)
    {
        var names = await db.Users.AsNoTracking().Where(u => u.Id == consult.AskedById || u.Id == consult.ConsulteeId).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return Respond(consult, number, names);
    }

    private static ConsultResponse Respond(ConsultRequest c, string number, Dictionary<string, string> names) => new(
        c.Id, number, c.AskedById, names.GetValueOrDefault(c.AskedById, ""), c.ConsulteeId, names.GetValueOrDefault(c.ConsulteeId, ""), c.Question, c.AskedAt,
        c.AnsweredAt is not null ? "Answered" : c.WithdrawnAt is not null ? "Withdrawn" : "Open", c.Answer, c.AnsweredAt, c.WithdrawnAt, c.RemindAt, c.RemindersSent);

    private static void StaffOnly(CurrentUser user)
    {
        if (!user.IsStaff)
        {
            throw new ForbiddenException("Consults are the service desk's.");
        }
    }
}

/// <summary>A colleague a consult may be put to, and whether the RASCI matrix marks them Consulted on the ticket.</summary>
public sealed record ConsulteeChoice(string Id, string Label, bool ByMatrix);

/// <summary>
/// What the ticket page's "Consulted" part shows (_Consults.cshtml): the consults, whom the viewer may ask, and what a
/// refused form had in it (<paramref name="AnsweringId"/> is the consult whose answer was posted).
/// </summary>
public sealed record ConsultsSection(
    string Number, bool Closed, string ViewerId, IReadOnlyList<ConsultResponse> Consults, IReadOnlyList<ConsulteeChoice> Staff, IReadOnlyList<string> MatrixConsulted,
    string? ChosenConsulteeId, string? Question, long AnsweringId, string? Answer)
{
    public const string AskForm = "Consult";
    public const string AnswerForm = "ConsultAnswer";
}
