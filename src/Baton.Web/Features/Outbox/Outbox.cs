using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Outbox;

/// <summary>
/// The seam where mail delivery plugs in: an implementation takes one queued message and hands it to a mail server
/// (it throws to say "not delivered, try later"). Until one is registered, messages wait in the outbox and the
/// pages show them as queued.
/// </summary>
public interface IOutboxSender
{
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>Reads and settles the outbox. Delivery is at least once: a crash after sending and before marking resends.</summary>
public static class OutboxQueue
{
    public const int MaxAttempts = 10;

    public static Task<List<OutboxMessage>> PendingAsync(BatonDb db, int limit, CancellationToken ct) =>
        db.OutboxMessages.Where(m => m.SentAt == null && m.Attempts < MaxAttempts).OrderBy(m => m.Id).Take(limit).ToListAsync(ct);

    /// <summary>Sends what is waiting, oldest first; returns how many went out. A failure is recorded and retried next time.</summary>
    public static async Task<int> DispatchAsync(BatonDb db, IOutboxSender sender, DateTimeOffset now, CancellationToken ct)
    {
        var sent = 0;
        foreach (var message in await PendingAsync(db, 20, ct))
        {
            message.Attempts++;
            try
            {
                await sender.SendAsync(message, ct);
                message.SentAt = now;
                message.LastError = null;
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                message.LastError = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
            }

            await db.SaveChangesAsync(ct);
        }

        return sent;
    }
}

/// <summary>Runs <see cref="OutboxQueue.DispatchAsync"/> every few seconds when an <see cref="IOutboxSender"/> is registered.</summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, IEnumerable<IOutboxSender> senders, TimeProvider clock, ILogger<OutboxDispatcher> logger)
    : Infrastructure.RecurringJobService(scopes, clock, logger)
{
    private readonly IOutboxSender? _sender = senders.LastOrDefault();

    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected override string Description => "Outbox dispatch";

    protected override bool Enabled => _sender is not null; // no mail delivery configured: messages wait in the outbox

    protected override Task RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct) => OutboxQueue.DispatchAsync(db, _sender!, now, ct);
}
