using System.Text.Json;
using System.Text.Json.Serialization;
using Baton.Domain.Events;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Shared.Events;

/// <summary>
/// Dispatches record events (docs/adr/0009). Inside the change's transaction: the in-transaction handlers run, and each
/// after-commit handler the event concerns gets a <see cref="RecordEventJob"/> row, written with the change. After the
/// commit: the jobs are run — by the writer itself right away where it waits for them (ticket creation), else by
/// <see cref="RecordEventDrain"/>, signalled at the commit and sweeping every few seconds for what a crash left behind.
/// A job is claimed with a lease (one conditional UPDATE, so two instances never both hold it), its handler's writes
/// and its "processed" mark commit together, and a failure is recorded (attempts, last error) and retried with back-off.
/// </summary>
public sealed class RecordEvents
{
    /// <summary>After this many claims a job is left alone (and visible with its last error in the table).</summary>
    public const int MaxAttempts = 12;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public sealed record AfterCommitStep(
        string Name,
        Type EventType,
        Func<IRecordEvent, BatonDb, CancellationToken, ValueTask<bool>> Concerns,
        Func<IRecordEvent, AfterCommit, CancellationToken, Task> Handle);

    private readonly Dictionary<Type, Func<IRecordEvent, InTransaction, CancellationToken, ValueTask>[]> _inTransaction;
    private readonly Dictionary<Type, AfterCommitStep[]> _afterCommit;
    private readonly Dictionary<string, AfterCommitStep> _byName;
    private readonly Dictionary<string, Type> _eventTypes;
    private readonly TimeProvider _clock;
    private readonly RecordEventOptions _options;
    private readonly ILogger<RecordEvents> _logger;
    private readonly SemaphoreSlim _signal = new(0, 1);

    public RecordEvents(IServiceProvider services, IEnumerable<RecordEventRegistration> registrations, TimeProvider clock, IOptions<RecordEventOptions> options, ILogger<RecordEvents> logger)
    {
        var all = registrations.ToList();
        _inTransaction = all.Where(r => r.InTransaction is not null).GroupBy(r => r.EventType)
            .ToDictionary(g => g.Key, g => g.Select(r => r.InTransaction!(services)).ToArray());
        var steps = all.Where(r => r.AfterCommit is not null).Select(r => r.AfterCommit!(services)).ToList();
        _afterCommit = steps.GroupBy(s => s.EventType).ToDictionary(g => g.Key, g => g.ToArray());
        _byName = steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _eventTypes = steps.Select(s => s.EventType).Distinct().ToDictionary(t => t.Name, StringComparer.Ordinal);
        _clock = clock;
        _options = options.Value;
        _logger = logger;
    }

    public TimeSpan Lease => _options.Lease;

    // ---- Inside the transaction ----------------------------------------------------------------------------------

    /// <summary>
    /// Runs the in-transaction handlers of <paramref name="record"/>'s pending events (in the order raised; a handler may
    /// raise more) and returns the after-commit jobs they call for, without their record id (a new record has none yet).
    /// </summary>
    public async Task<List<RecordEventJob>> PrepareAsync(BatonDb db, IRecordWithEvents record, CancellationToken ct)
    {
        List<RecordEventJob>? jobs = null;
        InTransaction? context = null;
        var pending = record.PendingEvents;
        for (var i = 0; i < pending.Count; i++)
        {
            var e = pending[i];
            var type = e.GetType();
            if (_inTransaction.TryGetValue(type, out var handlers))
            {
                context ??= new InTransaction(db, record);
                foreach (var handle in handlers)
                {
                    await handle(e, context, ct);
                }
            }

            if (_afterCommit.TryGetValue(type, out var steps))
            {
                foreach (var step in steps)
                {
                    if (await step.Concerns(e, db, ct))
                    {
                        (jobs ??= []).Add(new RecordEventJob
                        {
                            Kind = type.Name,
                            Handler = step.Name,
                            RecordKind = record.RecordKind,
                            Payload = PayloadOf(e),
                            OccurredAt = e.OccurredAt,
                        });
                    }
                }
            }
        }

        return jobs ?? [];
    }

    /// <summary>
    /// SaveChanges with events (called by <see cref="BatonDb"/>): in-transaction handlers, then the change and its jobs in
    /// one transaction, then the drain is told. Records saved for the first time get their ids first (a second save in
    /// the same transaction writes their jobs).
    /// </summary>
    internal async Task<int> SaveAsync(BatonDb db, List<IRecordWithEvents> records, Func<Task<int>> save, CancellationToken ct)
    {
        var jobs = new List<(IRecordWithEvents Record, RecordEventJob Job)>();
        foreach (var record in records)
        {
            foreach (var job in await PrepareAsync(db, record, ct))
            {
                jobs.Add((record, job));
            }
        }

        if (jobs.Count == 0)
        {
            var saved = await save();
            Clear(records);
            return saved;
        }

        var ambient = db.Database.CurrentTransaction;
        var unsaved = jobs.Any(j => db.Entry(j.Record).State == EntityState.Added);
        await using var own = ambient is null && unsaved ? await db.Database.BeginTransactionAsync(ct) : null;
        var count = unsaved ? await save() : 0;
        foreach (var (record, job) in jobs)
        {
            job.RecordId = record.RecordId;
            db.Set<RecordEventJob>().Add(job);
        }

        count += await save();
        if (own is not null)
        {
            await own.CommitAsync(ct);
        }

        Clear(records);
        if (ambient is null)
        {
            Signal();
        }
        else
        {
            db.SignalRecordEventsOnCommit = true; // RecordEventsCommitSignal tells the drain once the caller commits
        }

        return count;
    }

    private static void Clear(List<IRecordWithEvents> records)
    {
        foreach (var record in records)
        {
            record.ClearPendingEvents();
        }
    }

    // ---- After the commit ----------------------------------------------------------------------------------------

    /// <summary>Wakes the drain on this instance: jobs were just committed.</summary>
    public void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one pass takes everything waiting.
        }
    }

    internal Task<bool> WaitForSignalAsync(CancellationToken ct) => _signal.WaitAsync(_options.SweepInterval, ct);

    /// <summary>
    /// Runs jobs this writer claimed when it wrote them (<paramref name="token"/>); returns whether any ran to the end.
    /// Never throws for a handler's failure: it is recorded and the drain retries it.
    /// </summary>
    public async Task<bool> RunClaimedAsync(BatonDb db, IReadOnlyList<RecordEventJob> jobs, string token, CancellationToken ct)
    {
        var any = false;
        foreach (var job in jobs)
        {
            any |= await RunAsync(db, job, token, ct);
        }

        return any;
    }

    /// <summary>Claims and runs everything waiting, in batches, oldest first; returns how many jobs ran to the end.</summary>
    public async Task<int> DrainAsync(BatonDb db, CancellationToken ct)
    {
        var done = 0;
        while (true)
        {
            var (claimed, token) = await ClaimAsync(db, 32, ct);
            if (claimed.Count == 0)
            {
                return done;
            }

            foreach (var job in claimed)
            {
                if (await RunAsync(db, job, token, ct))
                {
                    done++;
                }
            }
        }
    }

    /// <summary>Deletes jobs processed longer ago than <see cref="RecordEventOptions.KeepProcessed"/>.</summary>
    public Task<int> ForgetProcessedAsync(BatonDb db, CancellationToken ct)
    {
        var before = _clock.GetUtcNow() - _options.KeepProcessed;
        return db.Set<RecordEventJob>().Where(j => j.ProcessedAt != null && j.ProcessedAt < before).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// Takes up to <paramref name="limit"/> free jobs for this caller. The UPDATE repeats the "free" condition on each
    /// row, so of two instances racing for a job the second finds it taken (PostgreSQL re-checks the row it waited for;
    /// SQLite has one writer) — each job has one holder.
    /// </summary>
    private async Task<(List<RecordEventJob> Jobs, string Token)> ClaimAsync(BatonDb db, int limit, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var jobs = db.Set<RecordEventJob>();
        var free = await jobs.AsNoTracking()
            .Where(j => j.ProcessedAt == null && j.Attempts < MaxAttempts && (j.ClaimedUntil == null || j.ClaimedUntil < now))
            .OrderBy(j => j.Id).Select(j => j.Id).Take(limit).ToListAsync(ct);
        var token = Guid.NewGuid().ToString("N");
        if (free.Count == 0)
        {
            return ([], token);
        }

        var until = now + _options.Lease;
        using (await SqliteWriteGate.EnterAsync(db, ct))
        {
            await jobs.Where(j => free.Contains(j.Id) && j.ProcessedAt == null && (j.ClaimedUntil == null || j.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.ClaimedUntil, until).SetProperty(j => j.ClaimToken, token).SetProperty(j => j.Attempts, j => j.Attempts + 1), ct);
        }

        return (await jobs.AsNoTracking().Where(j => j.ClaimToken == token).OrderBy(j => j.Id).ToListAsync(ct), token);
    }

    /// <summary>
    /// One job in one transaction: the handler's writes and the processed mark commit together, and only while the claim
    /// is still this caller's (a lease that ran out and was taken over rolls the work back). A failure is written down
    /// with a back-off before the next try.
    /// </summary>
    private async Task<bool> RunAsync(BatonDb db, RecordEventJob job, string token, CancellationToken ct)
    {
        var jobs = db.Set<RecordEventJob>();
        try
        {
            if (!_byName.TryGetValue(job.Handler, out var step) || !_eventTypes.TryGetValue(job.Kind, out var type))
            {
                throw new InvalidOperationException($"No after-commit handler '{job.Handler}' for {job.Kind} is registered on this instance.");
            }

            var e = (IRecordEvent)(JsonSerializer.Deserialize(job.Payload, type, Json)
                ?? throw new InvalidOperationException($"Job {job.Id} has an empty payload."));
            db.ChangeTracker.Clear();
            using var writing = await SqliteWriteGate.EnterAsync(db, ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await step.Handle(e, new AfterCommit(db, job.Id, job.RecordKind, job.RecordId, job.Attempts), ct);
            var now = _clock.GetUtcNow();
            var mine = await jobs.Where(j => j.Id == job.Id && j.ClaimToken == token && j.ProcessedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.ProcessedAt, now).SetProperty(j => j.ClaimedUntil, (DateTimeOffset?)null).SetProperty(j => j.LastError, (string?)null), ct);
            if (mine == 0)
            {
                await transaction.RollbackAsync(ct);
                _logger.LogWarning("Record event job {Job} ({Handler}, {Kind} of {RecordKind} {RecordId}) was taken over after its lease ran out; its work here is rolled back.", job.Id, job.Handler, job.Kind, job.RecordKind, job.RecordId);
                return false;
            }

            await transaction.CommitAsync(ct);
            return true;
        }
        catch (Exception failure) when (!ct.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            var wait = BackOff(job.Attempts);
            var retryAt = _clock.GetUtcNow() + wait;
            var error = failure.Message.Length > 2000 ? failure.Message[..2000] : failure.Message;
            try
            {
                using var writing = await SqliteWriteGate.EnterAsync(db, ct);
                await jobs.Where(j => j.Id == job.Id && j.ClaimToken == token)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.LastError, error).SetProperty(j => j.ClaimedUntil, retryAt).SetProperty(j => j.ClaimToken, (string?)null), ct);
            }
            catch (Exception recording) when (!ct.IsCancellationRequested)
            {
                // The lease runs out by itself; the job is retried then.
                _logger.LogError(recording, "Could not record the failure of record event job {Job}.", job.Id);
            }

            if (job.Attempts >= MaxAttempts)
            {
                _logger.LogError(failure, "Record event job {Job} ({Handler}, {Kind} of {RecordKind} {RecordId}) failed {Attempts} times; it is given up and kept with its last error.", job.Id, job.Handler, job.Kind, job.RecordKind, job.RecordId, job.Attempts);
            }
            else
            {
                _logger.LogWarning(failure, "Record event job {Job} ({Handler}, {Kind} of {RecordKind} {RecordId}) failed (attempt {Attempts}); retrying in {Wait}.", job.Id, job.Handler, job.Kind, job.RecordKind, job.RecordId, job.Attempts, wait);
            }

            return false;
        }
    }

    /// <summary>The event as its job stores it.</summary>
    public static string PayloadOf(IRecordEvent e) => JsonSerializer.Serialize(e, e.GetType(), Json);

    /// <summary>2 s, 4 s, 8 s … up to 15 min between tries.</summary>
    public static TimeSpan BackOff(int attempts) => TimeSpan.FromSeconds(Math.Min(900, Math.Pow(2, Math.Clamp(attempts, 1, 10))));
}
