using Baton.Domain.Informing;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Informing;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.ServiceLevels;

/// <summary>
/// Finds keep-informed crossings and acts on each once: a progress update at risk tells the assignee (or, with nobody
/// assigned, the team lead); an overdue one is escalated to the matrix's Accountable for the ticket's row; a stuck
/// ticket prompts its assignee (or team lead) to send feedback or call a meeting. Each crossing is an
/// <see cref="SlaEvent"/> of the <see cref="SlaClockKind.ProgressUpdate"/> clock at the crossing's instant, so "once"
/// is the same unique index the SLA escalation relies on: concurrent runs on several instances insert it with ON
/// CONFLICT DO NOTHING, and only the winner sends the notice, in the same transaction. A reset (a public reply) gives
/// a new instant and so a new crossing; a stuck spell is one <see cref="TicketSla.StuckAt"/> instant until public progress.
/// </summary>
public sealed class KeepInformedEscalation(INotificationChannel channel, ILogger<KeepInformedEscalation> logger)
{
    public const int BatchSize = 500;

    /// <summary>The stuck prompt's two ways forward: the ticket page's reply box and its meeting form.</summary>
    public static readonly IReadOnlyList<NoticeAction> StuckActions = [new("Send feedback", "reply"), new("Call a meeting", "call-meeting")];

    private sealed record Crossing(SlaEventKind Kind, DateTimeOffset DueAt, DateTimeOffset CrossedAt, string Number, string Title, string? LeadUserId, TicketSubject Ticket)
    {
        /// <summary>False for an at-risk found together with its overdue: recorded (so it is not found again), but "due soon" is no longer news.</summary>
        public bool Tell { get; init; } = true;
    }

    public async Task<int> RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var crossings = await UpdateCrossingsAsync(db, now, ct);
        crossings.AddRange(await StuckCrossingsAsync(db, now, ct));
        if (crossings.Count == 0)
        {
            return 0;
        }

        var (matrix, roles) = crossings.Any(c => c.Kind == SlaEventKind.Breached) ? await RasciCatalogue.ReadAllAsync(db, ct) : (null, []);
        var recorded = 0;
        foreach (var crossing in crossings)
        {
            if (await RecordAsync(db, crossing, matrix, roles, now, ct))
            {
                recorded++;
            }
        }

        return recorded;
    }

    // Walks the UpdateWarnAt index (warning ≤ due, so an overdue update is past its warning too); a crossing already
    // recorded at its instant is excluded in SQL, so recorded ones never fill the batch.
    private static async Task<List<Crossing>> UpdateCrossingsAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await db.Tickets.AsNoTracking()
            .Where(t => t.Sla!.UpdateWarnAt <= now && t.Sla.NextUpdateDueAt != null)
            .Select(t => new
            {
                t.Id, t.Number, t.Title, t.AssigneeId, t.TeamId, t.Kind, t.Priority, t.ClientId, t.RequesterId,
                LeadUserId = db.Teams.Where(x => x.Id == t.TeamId).Select(x => x.LeadUserId).FirstOrDefault(),
                WarnAt = t.Sla!.UpdateWarnAt!.Value,
                DueAt = t.Sla.NextUpdateDueAt!.Value,
                AtRisk = !db.SlaEvents.Any(e => e.TicketId == t.Id && e.Clock == SlaClockKind.ProgressUpdate && e.Kind == SlaEventKind.AtRisk && e.CrossedAt == t.Sla.UpdateWarnAt),
                Overdue = t.Sla.NextUpdateDueAt <= now
                    && !db.SlaEvents.Any(e => e.TicketId == t.Id && e.Clock == SlaClockKind.ProgressUpdate && e.Kind == SlaEventKind.Breached && e.CrossedAt == t.Sla.NextUpdateDueAt),
            })
            .Where(x => x.AtRisk || x.Overdue)
            .OrderBy(x => x.DueAt).ThenBy(x => x.Id)
            .Take(BatchSize)
            .ToListAsync(ct);

        var list = new List<Crossing>();
        foreach (var r in rows)
        {
            var ticket = new TicketSubject(r.Id, r.Kind, r.Priority, r.ClientId, r.RequesterId, r.TeamId, r.AssigneeId);
            // Found already overdue (Baton was down, or both instants fell between two runs): the at-risk crossing is
            // recorded at its own instant, so it is not found again, but only the overdue one is told.
            if (r.AtRisk)
            {
                list.Add(new Crossing(SlaEventKind.AtRisk, r.DueAt, r.WarnAt, r.Number, r.Title, r.LeadUserId, ticket) { Tell = !r.Overdue });
            }

            if (r.Overdue)
            {
                list.Add(new Crossing(SlaEventKind.Breached, r.DueAt, r.DueAt, r.Number, r.Title, r.LeadUserId, ticket));
            }
        }

        return list;
    }

    private static async Task<List<Crossing>> StuckCrossingsAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await db.Tickets.AsNoTracking()
            .Where(t => t.Sla!.StuckAt <= now
                && !db.SlaEvents.Any(e => e.TicketId == t.Id && e.Clock == SlaClockKind.ProgressUpdate && e.Kind == SlaEventKind.Stuck && e.CrossedAt == t.Sla.StuckAt))
            .OrderBy(t => t.Sla!.StuckAt).ThenBy(t => t.Id)
            .Select(t => new
            {
                t.Id, t.Number, t.Title, t.AssigneeId, t.TeamId, t.Kind, t.Priority, t.ClientId, t.RequesterId,
                LeadUserId = db.Teams.Where(x => x.Id == t.TeamId).Select(x => x.LeadUserId).FirstOrDefault(),
                StuckAt = t.Sla!.StuckAt!.Value,
            })
            .Take(BatchSize)
            .ToListAsync(ct);
        return [.. rows.Select(r => new Crossing(SlaEventKind.Stuck, r.StuckAt, r.StuckAt, r.Number, r.Title, r.LeadUserId,
            new TicketSubject(r.Id, r.Kind, r.Priority, r.ClientId, r.RequesterId, r.TeamId, r.AssigneeId)))];
    }

    private async Task<bool> RecordAsync(BatonDb db, Crossing crossing, RasciMatrix? matrix, IReadOnlyList<string> roles, DateTimeOffset now, CancellationToken ct)
    {
        using var writing = await SqliteWriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var recorded = new SlaEvent(crossing.Ticket.Id, SlaClockKind.ProgressUpdate, crossing.Kind, crossing.DueAt, crossing.CrossedAt, now);
            if (!await ModelInserter.For<SlaEvent>(db).TryInsertAsync(db, recorded, ct))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                logger.LogDebug("{Number}: keep-informed {Kind} already recorded elsewhere.", crossing.Number, crossing.Kind);
                return false;
            }

            var owner = crossing.Ticket.AssigneeId ?? crossing.LeadUserId;
            IReadOnlyCollection<string> recipients = !crossing.Tell ? []
                : crossing.Kind == SlaEventKind.Breached
                ? await SlaEscalation.AccountableAsync(db, crossing.Ticket, matrix!, roles, now, exceptAssigneeAndLead: false, ct) is { Count: > 0 } accountable ? accountable : Listed(crossing.LeadUserId)
                : Listed(owner);
            if (recipients.Count > 0)
            {
                var (kind, words) = crossing.Kind switch
                {
                    SlaEventKind.AtRisk => (NoticeKind.ProgressUpdateAtRisk, $"{crossing.Number} · Progress update to the requester due soon · {crossing.Title}"),
                    SlaEventKind.Breached => (NoticeKind.ProgressUpdateOverdue, $"{crossing.Number} · Progress update overdue: the requester is owed news · {crossing.Title}"),
                    _ => (NoticeKind.TicketStuck, StuckText(crossing.Number, crossing.Title)),
                };
                var notice = new Notice(kind, crossing.Ticket.Id, crossing.Number, Notification.Fit(words), now)
                {
                    Actions = crossing.Kind == SlaEventKind.Stuck ? StuckActions : [],
                };
                await channel.NotifyAsync(db, recipients, notice, ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        static IReadOnlyCollection<string> Listed(string? id) => string.IsNullOrEmpty(id) ? [] : [id];
    }

    /// <summary>"INC-000123 is stuck: send feedback or call a meeting · Printer on fire".</summary>
    public static string StuckText(string number, string title) => $"{number} is stuck: send feedback or call a meeting · {title}";
}

/// <summary>
/// Runs <see cref="KeepInformedEscalation"/> at start and then every <see cref="ServiceLevelOptions.EscalationInterval"/>
/// (the SLA escalation's interval: both watch clocks of the same tickets), on every instance.
/// </summary>
public sealed class KeepInformedEscalationService(
    IServiceScopeFactory scopes, KeepInformedEscalation escalation, TimeProvider clock, IOptions<ServiceLevelOptions> options, ILogger<KeepInformedEscalationService> logger)
    : RecurringJobService(scopes, clock, logger)
{
    protected override TimeSpan Interval => options.Value.EscalationInterval;

    protected override string Description => "keep-informed escalation";

    protected override async Task RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var recorded = await escalation.RunOnceAsync(db, now, ct);
        if (recorded > 0)
        {
            logger.LogInformation("Keep-informed escalation recorded {Count} crossing(s).", recorded);
        }
    }
}
