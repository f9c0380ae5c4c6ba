using System.Linq.Expressions;
using Baton.Domain.Mail;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Outbox;

/// <summary>
/// The seam where mail delivery plugs in: an implementation takes one queued message and hands it to a mail server
/// (it throws to say "not delivered, try later"; <see cref="PermanentDeliveryFailureException"/> to say "never"). Until one is
/// registered (Mail:Smtp:Host, README "Mail"), messages wait in the outbox and the pages show them as queued.
/// </summary>
public interface IOutboxSender
{
    /// <summary>The domain of the Message-IDs Baton gives its mail (the From address's).</summary>
    string MessageIdDomain => "baton.invalid";

    /// <summary>How many messages it takes at once (its connections to the server); the dispatcher sends that many side by side.</summary>
    int Connections => 1;

    /// <summary>Safe to call concurrently up to <see cref="Connections"/> times.</summary>
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>The server refused the message for good (a 5xx): trying again would be refused again.</summary>
public sealed class PermanentDeliveryFailureException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads and settles the outbox. Delivery is at least once: a crash after sending and before marking resends, with the
/// same Message-ID. Each message is claimed with a lease first, so two instances never send it at once; a refused one
/// is tried again on <see cref="DeliverySchedule"/> and failed after two days.
/// </summary>
public static class OutboxQueue
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Sends what is due, oldest first; returns how many went out. A failure is recorded with its next try. Up to the
    /// sender's <see cref="IOutboxSender.Connections"/> messages are in flight at once; each wave is settled in one save,
    /// so a crash resends at most one wave (at least once, with the same Message-IDs).
    /// </summary>
    public static async Task<int> DispatchAsync(BatonDb db, IOutboxSender sender, DateTimeOffset now, CancellationToken ct, MailBrake? brake = null)
    {
        var connections = Math.Max(1, sender.Connections);
        var claimed = await ClaimAsync(db, now, limit: Math.Max(20, 4 * connections), ct);
        if (claimed.Count == 0)
        {
            return 0;
        }

        brake ??= MailBrake.Default;
        var installation = await InstallationKey.GetAsync(db, now, ct);
        var recent = new SentLedger(await SentToTheSameAsync(db, claimed, now, ct));
        var sent = 0;
        var pending = new Queue<OutboxMessage>(claimed);
        while (pending.Count > 0)
        {
            var wave = await NextWaveAsync(db, pending, connections, recent, brake, installation, sender.MessageIdDomain, now, ct);
            var outcomes = await Task.WhenAll(wave.Select(m => TrySendAsync(sender, m, ct)));
            for (var i = 0; i < wave.Count; i++)
            {
                var message = wave[i];
                if (outcomes[i] is not { } failure)
                {
                    message.SentAt = now;
                    if (SecretLinks.In(message.HtmlBody))
                    {
                        message.HtmlBody = SecretLinks.Masked(message.HtmlBody); // delivered: the stored copy need not sign anyone in
                    }

                    message.LastError = null;
                    message.NextAttemptAt = null;
                    sent++;
                }
                else
                {
                    recent.TakeBack(message);
                    message.LastError = failure.Message.Length > 2000 ? failure.Message[..2000] : failure.Message;
                    message.NextAttemptAt = failure is PermanentDeliveryFailureException ? null : DeliverySchedule.NextAttempt(message.CreatedAt, message.Attempts, now);
                    message.FailedAt = message.NextAttemptAt is null ? now : null;
                }

                message.LeaseUntil = null;
                message.ClaimToken = null;
            }

            using (await SqliteWriteGate.EnterAsync(db, ct))
            {
                await db.SaveChangesAsync(ct);
            }
        }

        return sent;
    }

    /// <summary>
    /// The day's sends the brake weighs for these messages: to one of their addresses, or about one of their tickets
    /// within the hour. Filtered in the database, so a busy day's thousands of sends are not read for every batch; the
    /// ledger then matches addresses exactly (the filter's substring match may bring a few extra).
    /// </summary>
    private static async Task<List<SentMail>> SentToTheSameAsync(BatonDb db, List<OutboxMessage> claimed, DateTimeOffset now, CancellationToken ct)
    {
        var addresses = claimed.SelectMany(m => Addresses(m.Recipients)).Select(a => a.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var tickets = claimed.Where(m => m.TicketId != null).Select(m => m.TicketId!.Value).Distinct().ToList();
        var m = Expression.Parameter(typeof(OutboxMessage), "m");
        var recipients = Expression.Call(
            Expression.Property(m, nameof(OutboxMessage.Recipients)), typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!);
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        var toAny = addresses.Select(a => (Expression)Expression.Call(recipients, contains, Expression.Constant(a)))
            .DefaultIfEmpty(Expression.Constant(false))
            .Aggregate(Expression.OrElse);
        var sentSince = now - MailBrake.Day;
        var ticketSince = now - MailBrake.Hour;
        var byAddress = await db.OutboxMessages.AsNoTracking().Where(x => x.SentAt != null && x.SentAt > sentSince)
            .Where(Expression.Lambda<Func<OutboxMessage, bool>>(toAny, m))
            .Select(x => new SentMail(x.Id, x.Recipients, x.TicketId, x.SentAt!.Value)).ToListAsync(ct);
        var byTicket = tickets.Count == 0 ? [] : await db.OutboxMessages.AsNoTracking()
            .Where(x => x.SentAt != null && x.SentAt > ticketSince && x.TicketId != null && tickets.Contains(x.TicketId.Value))
            .Select(x => new SentMail(x.Id, x.Recipients, x.TicketId, x.SentAt!.Value)).ToListAsync(ct);
        return [.. byAddress.UnionBy(byTicket, x => x.Id)];
    }

    /// <summary>
    /// The next messages to send side by side: at most <paramref name="size"/>, and at most one per ticket, so a ticket's
    /// mail still arrives in the order it was written. Those the brake holds back are settled on the way (saved with the
    /// wave). What goes counts for the brake at once; a failure takes it back.
    /// </summary>
    private static async Task<List<OutboxMessage>> NextWaveAsync(
        BatonDb db, Queue<OutboxMessage> pending, int size, SentLedger recent, MailBrake brake, string installation, string domain, DateTimeOffset now, CancellationToken ct)
    {
        var wave = new List<OutboxMessage>(size);
        while (wave.Count < size && pending.TryPeek(out var message)
               && (message.TicketId is null || wave.TrueForAll(w => w.TicketId != message.TicketId)))
        {
            pending.Dequeue();
            if (HeldBack(message, recent, brake, now) is { } hold)
            {
                message.NextAttemptAt = hold.Until;
                message.LastError = hold.Reason;
                message.LeaseUntil = null;
                message.ClaimToken = null;
                continue;
            }

            if (message.MessageId is null)
            {
                message.MessageId = OwnMessageIds.For(installation, message.Id, domain);
                message.References = await ThreadAsync(db, message, installation, domain, ct);
            }

            message.Attempts++;
            recent.Add(new SentMail(message.Id, message.Recipients, message.TicketId, now));
            wave.Add(message);
        }

        return wave;
    }

    /// <summary>Null when the server took it; else why not.</summary>
    private static async Task<Exception?> TrySendAsync(IOutboxSender sender, OutboxMessage message, CancellationToken ct)
    {
        try
        {
            await sender.SendAsync(message, ct);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return e;
        }
    }

    private sealed record SentMail(long Id, string Recipients, long? TicketId, DateTimeOffset SentAt);

    /// <summary>The last day's sends, indexed by address and by ticket: the brake asks it once per message of a burst.</summary>
    private sealed class SentLedger
    {
        private readonly Dictionary<string, List<SentMail>> _byAddress = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<long, List<SentMail>> _byTicket = [];

        public SentLedger(IEnumerable<SentMail> sent)
        {
            foreach (var mail in sent)
            {
                Add(mail);
            }
        }

        public void Add(SentMail mail)
        {
            foreach (var address in Addresses(mail.Recipients).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                Index(_byAddress, address, mail);
            }

            if (mail.TicketId is { } ticketId)
            {
                Index(_byTicket, ticketId, mail);
            }
        }

        /// <summary>A message counted as it went, which the server did not take after all.</summary>
        public void TakeBack(OutboxMessage message)
        {
            foreach (var address in Addresses(message.Recipients))
            {
                _byAddress.GetValueOrDefault(address)?.RemoveAll(m => m.Id == message.Id);
            }

            if (message.TicketId is { } ticketId)
            {
                _byTicket.GetValueOrDefault(ticketId)?.RemoveAll(m => m.Id == message.Id);
            }
        }

        public IEnumerable<DateTimeOffset> ToAddress(string address) => _byAddress.TryGetValue(address, out var sent) ? sent.Select(m => m.SentAt) : [];

        public IEnumerable<DateTimeOffset> AboutTicket(long ticketId) => _byTicket.TryGetValue(ticketId, out var sent) ? sent.Select(m => m.SentAt) : [];

        private static void Index<TKey>(Dictionary<TKey, List<SentMail>> index, TKey key, SentMail mail)
            where TKey : notnull
        {
            if (!index.TryGetValue(key, out var list))
            {
                index[key] = list = [];
            }

            list.Add(mail);
        }
    }

    /// <summary>The brake's verdict: when the message may go and why it waits, or null when it may go now.</summary>
    private static (DateTimeOffset Until, string Reason)? HeldBack(OutboxMessage message, SentLedger recent, MailBrake brake, DateTimeOffset now)
    {
        foreach (var address in Addresses(message.Recipients))
        {
            if (MailBrake.HeldUntil(recent.ToAddress(address), brake.PerRecipientPerDay, MailBrake.Day, now) is { } until)
            {
                return (until, $"Held back by the brake: {brake.PerRecipientPerDay} messages to {address} in 24 hours (Mail:Brake:PerRecipientPerDay).");
            }
        }

        if (message.TicketId is { } ticketId
            && MailBrake.HeldUntil(recent.AboutTicket(ticketId), brake.PerTicketPerHour, MailBrake.Hour, now) is { } ticketUntil)
        {
            return (ticketUntil, $"Held back by the brake: {brake.PerTicketPerHour} messages about this ticket in an hour (Mail:Brake:PerTicketPerHour).");
        }

        return null;
    }

    private static IEnumerable<string> Addresses(string recipients) =>
        recipients.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The ticket's earlier mail (the last ten), whose thread this message continues.</summary>
    private static async Task<string?> ThreadAsync(BatonDb db, OutboxMessage message, string installation, string domain, CancellationToken ct)
    {
        if (message.TicketId is not { } ticketId)
        {
            return null;
        }

        var earlier = await db.OutboxMessages.AsNoTracking().Where(m => m.TicketId == ticketId && m.Id < message.Id)
            .OrderByDescending(m => m.Id).Take(10).Select(m => new { m.Id, m.MessageId }).ToListAsync(ct);
        return earlier.Count == 0 ? null : string.Join(' ', earlier.AsEnumerable().Reverse().Select(m => m.MessageId ?? OwnMessageIds.For(installation, m.Id, domain)));
    }

    /// <summary>
    /// Takes the due messages nobody holds: one UPDATE guarded by "still free", so of two instances racing, each
    /// message goes to one (PostgreSQL re-checks the row it waited for; SQLite has one writer).
    /// </summary>
    private static async Task<List<OutboxMessage>> ClaimAsync(BatonDb db, DateTimeOffset now, int limit, CancellationToken ct)
    {
        var due = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.SentAt == null && m.FailedAt == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now) && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(limit).ToListAsync(ct);
        if (due.Count == 0)
        {
            return [];
        }

        var token = Guid.NewGuid().ToString("N");
        var until = now + Lease;
        using (await SqliteWriteGate.EnterAsync(db, ct))
        {
            await db.OutboxMessages.Where(m => due.Contains(m.Id) && m.SentAt == null && (m.LeaseUntil == null || m.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, until).SetProperty(m => m.ClaimToken, token), ct);
        }

        return await db.OutboxMessages.Where(m => m.ClaimToken == token).OrderBy(m => m.Id).ToListAsync(ct);
    }
}

/// <summary>Runs <see cref="OutboxQueue.DispatchAsync"/> every few seconds when an <see cref="IOutboxSender"/> is registered.</summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, IEnumerable<IOutboxSender> senders, IConfiguration configuration, TimeProvider clock, ILogger<OutboxDispatcher> logger)
    : Infrastructure.RecurringJobService(scopes, clock, logger)
{
    private readonly MailBrake _brake = new(
        AtLeastOne(configuration, "Mail:Brake:PerRecipientPerDay", MailBrake.Default.PerRecipientPerDay),
        AtLeastOne(configuration, "Mail:Brake:PerTicketPerHour", MailBrake.Default.PerTicketPerHour));

    private static int AtLeastOne(IConfiguration configuration, string key, int fallback) =>
        configuration.GetValue(key, fallback) is var value and >= 1 ? value
            : throw new InvalidOperationException($"{key} must be a whole number of at least 1 (messages), not '{configuration[key]}'.");

    private readonly IOutboxSender? _sender = senders.LastOrDefault();
    private readonly TimeProvider _clock = clock;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected override string Description => "Outbox dispatch";

    protected override bool Enabled => _sender is not null; // no mail delivery configured: messages wait in the outbox

    /// <summary>
    /// Batch after batch until one sends nothing (all sent, held back by the brake, or the server refusing): a burst —
    /// the acknowledgements of a mailbox's backlog — goes out at the server's pace, not one batch per tick.
    /// </summary>
    protected override async Task RunOnceAsync(BatonDb db, DateTimeOffset now, CancellationToken ct)
    {
        while (await OutboxQueue.DispatchAsync(db, _sender!, now, ct, _brake) > 0)
        {
            db.ChangeTracker.Clear(); // the sent batch is settled; tracking it would slow every later save
            now = _clock.GetUtcNow();
        }
    }
}

/// <summary>What the Outbox page shows and does (Admin/Outbox): the messages by state, a retry, the message as sent.</summary>
public static class OutboxReview
{
    public enum State
    {
        Waiting,
        Failed,
        Sent,
    }

    /// <summary>A message as the list shows it; HasSecretLink: it carries a sign-in link (<see cref="SecretLinks"/>), or did until sent.</summary>
    public sealed record Row(long Id, string Kind, string Recipients, string Subject, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? FailedAt, DateTimeOffset? NextAttemptAt, int Attempts, string? LastError, string? TicketNumber, bool HasSecretLink, string? TemplateNote = null);

    public static IQueryable<OutboxMessage> In(this IQueryable<OutboxMessage> messages, State state) => state switch
    {
        State.Sent => messages.Where(m => m.SentAt != null),
        State.Failed => messages.Where(m => m.SentAt == null && m.FailedAt != null),
        _ => messages.Where(m => m.SentAt == null && m.FailedAt == null),
    };

    public static async Task<Dictionary<State, int>> CountsAsync(BatonDb db, CancellationToken ct) => new()
    {
        [State.Waiting] = await db.OutboxMessages.In(State.Waiting).CountAsync(ct),
        [State.Failed] = await db.OutboxMessages.In(State.Failed).CountAsync(ct),
        [State.Sent] = await db.OutboxMessages.In(State.Sent).CountAsync(ct),
    };

    /// <summary>The latest messages in the state, newest first, with the ticket each is about.</summary>
    public static Task<List<Row>> ListAsync(BatonDb db, State state, int limit, CancellationToken ct) =>
        (from m in db.OutboxMessages.AsNoTracking().In(state)
         join t in db.Tickets on m.TicketId equals t.Id into tickets
         from t in tickets.DefaultIfEmpty()
         orderby m.Id descending
         select new Row(m.Id, m.Kind, m.Recipients, m.Subject, m.CreatedAt, m.SentAt, m.FailedAt, m.NextAttemptAt, m.Attempts, m.LastError, t == null ? null : t.Number,
             m.HtmlBody.Contains(SecretLinks.Attribute) || m.HtmlBody.Contains(SecretLinks.Mask), m.TemplateNote))
        .Take(limit).ToListAsync(ct);

    /// <summary>Mails of the last <paramref name="days"/> days sent with the shipped template because the administrator's failed, and the newest reason.</summary>
    public static async Task<(int Count, string? Latest)> TemplateFallbacksAsync(BatonDb db, DateTimeOffset now, int days, CancellationToken ct)
    {
        var since = now.AddDays(-days);
        var fallbacks = db.OutboxMessages.AsNoTracking().Where(m => m.TemplateNote != null && m.CreatedAt >= since);
        var count = await fallbacks.CountAsync(ct);
        return (count, count == 0 ? null : await fallbacks.OrderByDescending(m => m.Id).Select(m => m.TemplateNote).FirstAsync(ct));
    }

    /// <summary>
    /// "Retry now": a message not sent yet is due at once again, failed or waiting on its back-off. A failed one gets one
    /// more try (its two days are over, so a refusal fails it again). False when it was sent meanwhile.
    /// </summary>
    public static async Task<bool> RetryNowAsync(BatonDb db, long id, CancellationToken ct)
    {
        using (await SqliteWriteGate.EnterAsync(db, ct))
        {
            return await db.OutboxMessages.Where(m => m.Id == id && m.SentAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.FailedAt, (DateTimeOffset?)null).SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null), ct) == 1;
        }
    }
}
