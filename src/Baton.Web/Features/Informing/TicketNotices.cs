using Baton.Domain;
using Baton.Domain.Informing;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Shared.Events;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Informing;

/// <summary>
/// Who hears of a ticket event: the people it names (the new assignee, the assignee of a ticket the customer answered)
/// and the staff and portal users the RASCI matrix marks Informed for the ticket's row. Never the one who acted, never a
/// contact of another client. Requesters hear through the requester mails (acknowledgement, replies, resolution), so
/// the requester's role is left out here: nobody gets the same news twice. An informed contact with no portal account
/// hears by mail (IContactMail).
/// </summary>
public sealed class TicketNoticeSender(INotificationChannel channel, IContactMail mail)
{
    public async Task TellAsync(AfterCommit context, NoticeKind kind, string words, Actor actor, DateTimeOffset at, IEnumerable<string?> named, bool informed, CancellationToken ct)
    {
        var db = context.Db;
        var ticket = await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == context.RecordId, ct);
        if (ticket is null)
        {
            return;
        }

        var people = named.OfType<string>().ToList();
        var text = Notification.Fit($"{ticket.Number} · {words} · {ticket.Title}");
        if (informed)
        {
            var involved = await TicketInvolvement.ForAsync(db, TicketSubject.Of(ticket), at, ct);
            var toTell = WhoIsInvolved.ToTell(involved.Lines.Where(l => l.Role != PartyRoles.Requester).ToList(), escalation: false, actor.UserId);
            people.AddRange(toTell.Select(p => p.UserId).OfType<string>());
            var byMail = toTell.Where(p => p.UserId is null && p.ContactId is not null && p.ClientId == ticket.ClientId).Select(p => p.ContactId!.Value).ToList();
            if (byMail.Count > 0 && mail.Mails(at))
            {
                await mail.InformContactsAsync(db, ticket, byMail, $"notice:{context.JobId}", text, at, ct);
            }
        }

        var recipients = await Reachable(db, people.Where(id => id != actor.UserId).Distinct().ToList(), ticket.ClientId, ct);
        if (recipients.Count > 0)
        {
            await channel.NotifyAsync(db, recipients, new Notice(kind, ticket.Id, ticket.Number, text, at), ct);
        }

        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct); // inside the job's transaction: the notices, mails and its "processed" mark commit together
        }
    }

    /// <summary>Staff, and portal users of the record's own client: a user of another client is never told (tenant rule).</summary>
    internal static async Task<IReadOnlyCollection<string>> Reachable(BatonDb db, List<string> ids, int clientId, CancellationToken ct) =>
        ids.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && (u.ClientId == null || u.ClientId == clientId)).Select(u => u.Id).ToListAsync(ct);
}

public sealed class AssignmentNotice(TicketNoticeSender sender) : IAfterCommitHandler<AssignmentChanged>
{
    public string Name => "notice-assignment";

    public ValueTask<bool> ConcernsAsync(AssignmentChanged e, BatonDb db, CancellationToken ct) =>
        ValueTask.FromResult((e.ToAssigneeId is not null && e.ToAssigneeId != e.FromAssigneeId && e.ToAssigneeId != e.Actor.UserId)
            || (e.ToAssigneeId is null && e.ToTeamId is not null && e.ToTeamId != e.FromTeamId));

    public async Task HandleAsync(AssignmentChanged e, AfterCommit context, CancellationToken ct)
    {
        if (e.ToAssigneeId is { } assignee)
        {
            await sender.TellAsync(context, NoticeKind.AssignedToYou, $"assigned to you by {e.Actor.DisplayName}", e.Actor, e.OccurredAt, [assignee], informed: false, ct);
            return;
        }

        var members = await context.Db.TeamMembers.AsNoTracking().Where(m => m.TeamId == e.ToTeamId).Select(m => m.UserId).ToListAsync(ct);
        await sender.TellAsync(context, NoticeKind.AssignedToYourTeam, $"assigned to your team by {e.Actor.DisplayName}, nobody on it yet", e.Actor, e.OccurredAt, members, informed: false, ct);
    }
}

/// <summary>The customer answered (in the portal or the API; a reply by mail is told by the mail filing, with the mail).</summary>
public sealed class CustomerReplyNotice(TicketNoticeSender sender) : IAfterCommitHandler<MessagePosted>
{
    public string Name => "notice-customer-reply";

    public ValueTask<bool> ConcernsAsync(MessagePosted e, BatonDb db, CancellationToken ct) =>
        ValueTask.FromResult(e.Author == MessageAuthor.Requester && e.Visibility == MessageVisibility.Public && e.Actor.UserId != Mail.MailChannel.UserId);

    public async Task HandleAsync(MessagePosted e, AfterCommit context, CancellationToken ct)
    {
        var ticket = await context.Db.Tickets.AsNoTracking().Where(t => t.Id == context.RecordId).Select(t => new { t.AssigneeId, t.TeamId }).SingleOrDefaultAsync(ct);
        var to = ticket?.AssigneeId
            ?? (ticket?.TeamId is { } teamId ? await context.Db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.LeadUserId).SingleOrDefaultAsync(ct) : null);
        await sender.TellAsync(context, NoticeKind.CustomerReplied, $"{e.Actor.DisplayName} replied", e.Actor, e.OccurredAt, [to], informed: false, ct);
    }
}

/// <summary>Progress: the assignee (when someone else moved it) and the Informed hear of every move, resolution and reopening.</summary>
public sealed class StatusNotice(TicketNoticeSender sender) : IAfterCommitHandler<TicketStatusChanged>
{
    public string Name => "notice-status";

    public ValueTask<bool> ConcernsAsync(TicketStatusChanged e, BatonDb db, CancellationToken ct) => ValueTask.FromResult(e.From != e.To);

    public async Task HandleAsync(TicketStatusChanged e, AfterCommit context, CancellationToken ct)
    {
        var (kind, words) = e.To switch
        {
            TicketStatus.Resolved => (NoticeKind.Resolved, $"resolved by {e.Actor.DisplayName}"),
            _ when e.From is TicketStatus.Resolved or TicketStatus.Closed => (NoticeKind.Reopened, $"reopened by {e.Actor.DisplayName}"),
            _ => (NoticeKind.StatusChanged, $"{Words(e.From)} → {Words(e.To)} ({e.Actor.DisplayName})"),
        };
        var assignee = await context.Db.Tickets.AsNoTracking().Where(t => t.Id == context.RecordId).Select(t => t.AssigneeId).SingleOrDefaultAsync(ct);
        await sender.TellAsync(context, kind, words, e.Actor, e.OccurredAt, [assignee], informed: true, ct);
    }

    /// <summary>"AwaitingCustomer" → "awaiting customer".</summary>
    private static string Words(TicketStatus status) =>
        string.Concat(status.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

public sealed class PriorityNotice(TicketNoticeSender sender) : IAfterCommitHandler<PriorityChanged>
{
    public string Name => "notice-priority";

    public ValueTask<bool> ConcernsAsync(PriorityChanged e, BatonDb db, CancellationToken ct) => ValueTask.FromResult(e.From != e.To);

    public async Task HandleAsync(PriorityChanged e, AfterCommit context, CancellationToken ct)
    {
        var assignee = await context.Db.Tickets.AsNoTracking().Where(t => t.Id == context.RecordId).Select(t => t.AssigneeId).SingleOrDefaultAsync(ct);
        await sender.TellAsync(context, NoticeKind.PriorityChanged, $"priority {e.From} → {e.To} ({e.Actor.DisplayName})", e.Actor, e.OccurredAt, [assignee], informed: true, ct);
    }
}

/// <summary>A new ticket, to those the matrix informs of its row (a P1 reaches the service manager and the account manager).</summary>
public sealed class OpenedNotice(TicketNoticeSender sender) : IAfterCommitHandler<TicketOpened>
{
    public string Name => "notice-opened";

    /// <summary>
    /// Only when the row informs someone besides the requester (who has the acknowledgement): in the shipped matrix a
    /// P1 or P2, not the everyday P3, P4 or request, which then cost no job at all. Read from the cached matrix.
    /// </summary>
    public async ValueTask<bool> ConcernsAsync(TicketOpened e, BatonDb db, CancellationToken ct)
    {
        var view = await RasciCatalogue.CachedAsync(db, e.ClientId, ct);
        var row = Activities.ForTicket(e.Kind, e.Priority);
        return view.Matrix.Row(row, e.ClientId, view.Roles).Any(c => c.Letter == RasciLetter.Informed && c.Role != PartyRoles.Requester);
    }

    public Task HandleAsync(TicketOpened e, AfterCommit context, CancellationToken ct) =>
        sender.TellAsync(context, NoticeKind.Opened, $"new {e.Priority} {(e.Kind == TicketKind.Incident ? "incident" : "request")}", e.Actor, e.OccurredAt, [], informed: true, ct);
}

public static class InformingServices
{
    public static IServiceCollection AddTicketNotices(this IServiceCollection services)
    {
        services.AddSingleton<TicketNoticeSender>();
        services.AddAfterCommitHandler<AssignmentChanged, AssignmentNotice>();
        services.AddAfterCommitHandler<MessagePosted, CustomerReplyNotice>();
        services.AddAfterCommitHandler<MessagePosted, MentionNotice>();
        services.AddAfterCommitHandler<TicketStatusChanged, StatusNotice>();
        services.AddAfterCommitHandler<PriorityChanged, PriorityNotice>();
        services.AddAfterCommitHandler<TicketOpened, OpenedNotice>();
        return services;
    }
}
