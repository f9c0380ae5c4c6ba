using Baton.Domain.Informing;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Informing;

/// <summary>The <c>Informing</c> configuration section.</summary>
public sealed class InformingOptions
{
    /// <summary>Informing:ConsultReminderInterval — how often the sweep looks for consults whose reminder is due (default 5 min).</summary>
    public TimeSpan ConsultReminderInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Reminds consultees who have not answered (<see cref="ConsultRequest.ReminderDue"/>): the reminder is recorded
/// (<see cref="ConsultRequest.Reminded"/>) and the notice queued in one transaction per request. Safe on several instances:
/// the record is claimed by a conditional UPDATE on the reminder count it was read with (and on being still open), so
/// when two runners meet the same request the second's UPDATE matches no row and it sends nothing.
/// </summary>
public sealed class ConsultReminders(INotificationChannel channel, ILogger<ConsultReminders> logger)
{
    /// <summary>Requests reminded per run; the next run takes the rest.</summary>
    public const int BatchSize = 200;

    /// <summary>Sends the reminders due by <paramref name="now"/>; returns how many this run sent.</summary>
    public async Task<int> RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        var due = await db.ConsultRequests.AsNoTracking()
            .Where(c => c.RemindAt != null && c.RemindAt <= now && c.AnsweredAt == null && c.WithdrawnAt == null)
            .OrderBy(c => c.RemindAt).ThenBy(c => c.Id).Select(c => c.Id).Take(BatchSize).ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            if (await RemindAsync(db, id, now, ct))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<bool> RemindAsync(BatonDb db, long id, DateTimeOffset now, CancellationToken ct)
    {
        using var writing = await SqliteWriteGate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var consult = await db.ConsultRequests.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
            if (consult is null || !consult.ReminderDue(now))
            {
                return false; // answered, withdrawn or reminded elsewhere since we looked
            }

            var readCount = consult.RemindersSent;
            consult.Reminded(now);
            var claimed = await db.ConsultRequests
                .Where(c => c.Id == id && c.RemindersSent == readCount && c.AnsweredAt == null && c.WithdrawnAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.RemindersSent, consult.RemindersSent).SetProperty(c => c.RemindAt, consult.RemindAt), ct);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                logger.LogDebug("Consult {Id}: reminded or closed elsewhere.", id);
                return false;
            }

            var ticket = await db.Tickets.AsNoTracking().Where(t => t.Id == consult.TicketId).Select(t => new { t.Number, t.Title }).SingleAsync(ct);
            var asker = await db.Users.AsNoTracking().Where(u => u.Id == consult.AskedById).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? "A colleague";
            await channel.NotifyAsync(db, [consult.ConsulteeId], new Notice(NoticeKind.ConsultRequested, consult.TicketId, ticket.Number,
                Notification.Fit($"{ticket.Number} · Reminder: {asker} asked what you think: {Mentions.FirstWords(consult.Question)} · {ticket.Title}"), now), ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>Runs <see cref="ConsultReminders"/> at start and then every <see cref="InformingOptions.ConsultReminderInterval"/>, on every instance.</summary>
public sealed class ConsultReminderService(
    IServiceScopeFactory scopes, ConsultReminders reminders, TimeProvider clock, IOptions<InformingOptions> options, ILogger<ConsultReminderService> logger)
    : RecurringJobService(scopes, clock, logger)
{
    protected override TimeSpan Interval => options.Value.ConsultReminderInterval;

    protected override string Description => "Reminding consultees";

    protected override Task RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct) => reminders.RunOnceAsync(db, now, ct);
}
