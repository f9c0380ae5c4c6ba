using System.Collections.Concurrent;
using Baton.Domain;
using Baton.Domain.Audit;
using Baton.Domain.Events;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Baton.Web.Features.Tickets;

/// <summary>
/// Writes concurrent ticket creations in groups: one transaction, one number-sequence update per kind and one insert
/// pass (<see cref="ModelInserter"/>, not SaveChanges) for every creation waiting at that moment. Each new ticket
/// dirties the same handful of table and index pages, so a group writes them (and, on SQLite, their WAL frames) once instead of once per ticket; that is
/// what lets creation keep up under load (bench/README.md). A request is answered only after its group committed.
/// </summary>
/// <remarks>
/// Leader/follower, no background thread: a request queues its creation, then waits for the lane's leader lock.
/// Whoever holds it writes everything queued (its own creation and any others) with its own DbContext; a request
/// whose creation a previous leader already wrote just takes the result. A lone request is a group of one, so an
/// idle desk sees no extra latency. If a group fails (say two retries with the same Idempotency-Key in one group),
/// it is rolled back and each creation is written on its own, so one bad creation fails alone.
/// Record events (docs/adr/0009): each new ticket's in-transaction handlers run in the loop (the SLA clocks start), and
/// the after-commit jobs its events call for are inserted with it, already claimed by the waiting request, which runs
/// them after the commit (a crash leaves them to the drain once the claim runs out).
/// </remarks>
internal static class TicketGroupCommit
{
    /// <summary>More than this waits for the next group: keeps one transaction short for other writers.</summary>
    private const int MaxGroup = 64;

    /// <summary>A creation that passed validation and waits to be written.</summary>
    public sealed record Pending(NewTicket Details, TeamRef? Team, AgentRef? Agent, Actor Actor, DateTimeOffset Now, PriorityMatrix Matrix, string UserId, string? IdempotencyKey, string RequestHash)
    {
        public TaskCompletionSource<Written> Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A saved ticket and the after-commit jobs written with it, claimed under <paramref name="ClaimToken"/> for the request to run.</summary>
    public sealed record Written(Ticket Ticket, IReadOnlyList<RecordEventJob> Jobs, string ClaimToken);

    private sealed class Lane
    {
        public readonly SemaphoreSlim Leader = new(1, 1);
        public readonly ConcurrentQueue<Pending> Queue = new();
    }

    private static readonly ConcurrentDictionary<string, Lane> Lanes = new(StringComparer.Ordinal);

    /// <summary>Writes <paramref name="creation"/> (maybe with others) and returns its saved ticket, or throws what its write threw.</summary>
    public static async Task<Written> WriteAsync(BatonDb db, Pending creation)
    {
        var lane = Lanes.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new Lane());
        lane.Queue.Enqueue(creation);

        // Not cancellable: once queued, a creation will be written by some leader, and the wait is one group's write.
        await lane.Leader.WaitAsync(CancellationToken.None);
        try
        {
            if (!creation.Written.Task.IsCompleted)
            {
                var group = new List<Pending>(Math.Min(lane.Queue.Count, MaxGroup));
                while (group.Count < MaxGroup && lane.Queue.TryDequeue(out var next))
                {
                    group.Add(next);
                }

                await WriteGroupAsync(db, group);
            }
        }
        finally
        {
            lane.Leader.Release();
        }

        return await creation.Written.Task;
    }

    private static async Task WriteGroupAsync(BatonDb db, List<Pending> group)
    {
        try
        {
            var written = await TryWriteAsync(db, group);
            foreach (var (creation, outcome) in written)
            {
                Complete(creation, outcome);
            }
        }
        catch (Exception failure) when (group.Count > 1 && failure is DbUpdateException or InvalidOperationException)
        {
            // Someone in the group broke the write; find out who by writing each creation alone.
            foreach (var creation in group)
            {
                try
                {
                    var written = await TryWriteAsync(db, [creation]);
                    Complete(creation, written[0].Outcome);
                }
                catch (Exception alone)
                {
                    creation.Written.TrySetException(alone);
                }
            }
        }
        catch (Exception failure)
        {
            foreach (var creation in group)
            {
                creation.Written.TrySetException(failure);
            }
        }
    }

    private static void Complete(Pending creation, object outcome)
    {
        if (outcome is Written written)
        {
            creation.Written.TrySetResult(written);
        }
        else
        {
            creation.Written.TrySetException((Exception)outcome);
        }
    }

    /// <summary>One transaction for the group. Returns, per creation, its <see cref="Written"/> or the domain rule it broke.</summary>
    private static async Task<List<(Pending Creation, object Outcome)>> TryWriteAsync(BatonDb db, IReadOnlyList<Pending> group)
    {
        db.ChangeTracker.Clear();
        using var writing = await SqliteWriteGate.EnterAsync(db, CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);

        var outcomes = new List<(Pending, object)>(group.Count);
        var numbers = new Dictionary<TicketKind, long>();
        var tickets = new List<Ticket>(group.Count);
        var records = new List<(IdempotencyRecord Record, Ticket Ticket)>();
        var events = db.Events;
        var token = Guid.NewGuid().ToString("N");
        var jobs = new List<(RecordEventJob Job, Ticket Ticket)>();
        foreach (var creation in group)
        {
            var kind = creation.Details.Kind;
            if (!numbers.TryGetValue(kind, out var last))
            {
                last = await LockSequenceAsync(db, kind);
            }

            try
            {
                var ticket = Ticket.Open(creation.Details, TicketNumber.Format(kind, last + 1), creation.Matrix, creation.Actor, creation.Now);
                if (creation.Team is not null || creation.Agent is not null)
                {
                    ticket.Assign(creation.Team, creation.Agent, creation.Actor, creation.Now);
                }

                // In the transaction: the in-transaction handlers (the SLA clocks start), and the after-commit jobs.
                var mine = events is null ? [] : await events.PrepareAsync(db, ticket, CancellationToken.None);
                ((IRecordWithEvents)ticket).ClearPendingEvents();
                foreach (var job in mine)
                {
                    job.ClaimedUntil = creation.Now + events!.Lease;
                    job.ClaimToken = token;
                    job.Attempts = 1;
                    jobs.Add((job, ticket));
                }

                tickets.Add(ticket);
                if (creation.IdempotencyKey is { } key)
                {
                    records.Add((new IdempotencyRecord { UserId = creation.UserId, Key = key, RequestHash = creation.RequestHash, CreatedAt = creation.Now }, ticket));
                }

                numbers[kind] = last + 1;
                outcomes.Add((creation, new Written(ticket, mine, token)));
            }
            catch (DomainRuleException rule)
            {
                // Only this creation is wrong; it takes no number.
                numbers[kind] = last;
                outcomes.Add((creation, rule));
            }
        }

        foreach (var (kind, last) in numbers)
        {
            await SequenceCommandAsync(db, """UPDATE "NumberSequences" SET "Last" = @last WHERE "Name" = @name""", kind, last);
        }

        await InsertAsync(db, tickets, records);
        if (jobs.Count > 0)
        {
            foreach (var (job, ticket) in jobs)
            {
                job.RecordId = ticket.Id;
            }

            await ModelInserter.For<RecordEventJob>(db).InsertAsync(db, jobs.ConvertAll(j => j.Job), CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
        return outcomes;
    }

    /// <summary>
    /// The group's rows without SaveChanges (see <see cref="ModelInserter"/> for why): the tickets with their SLA
    /// columns, then their audit entries and idempotency records pointing at the new ids. Nothing is tracked.
    /// </summary>
    private static async Task InsertAsync(BatonDb db, List<Ticket> tickets, List<(IdempotencyRecord Record, Ticket Ticket)> records)
    {
        await ModelInserter.For<Ticket>(db).InsertAsync(db, tickets, CancellationToken.None);

        var audit = ModelInserter.For<AuditEntry>(db);
        var setRecordId = audit.SetterFor(nameof(AuditEntry.RecordId));
        var entries = new List<AuditEntry>(tickets.Count * 2);
        foreach (var ticket in tickets)
        {
            foreach (var entry in ticket.PendingAuditEntries)
            {
                setRecordId(entry, ticket.Id);
                entries.Add(entry);
            }
        }

        await audit.InsertAsync(db, entries, CancellationToken.None);
        foreach (IAudited ticket in tickets)
        {
            ticket.ClearPendingAuditEntries(); // written here, not by SaveChanges: a later save of the ticket must not repeat them
        }

        foreach (var (record, ticket) in records)
        {
            record.TicketId = ticket.Id;
        }

        await ModelInserter.For<IdempotencyRecord>(db).InsertAsync(db, records.ConvertAll(r => r.Record), CancellationToken.None);
    }

    /// <summary>Reads a kind's last number and, by writing the row, holds it until commit (PostgreSQL row lock; SQLite has the write lock already).</summary>
    private static async Task<long> LockSequenceAsync(BatonDb db, TicketKind kind) =>
        await SequenceCommandAsync(db, """UPDATE "NumberSequences" SET "Last" = "Last" WHERE "Name" = @name RETURNING "Last" """, kind, null) is long last
            ? last
            : throw new InvalidOperationException($"Number sequence {TicketNumber.Prefix(kind)} is missing; startup seeds it.");

    /// <summary>Plain ADO.NET in the group's transaction: two tiny statements per group, without EF's query pipeline.</summary>
    private static async Task<object?> SequenceCommandAsync(BatonDb db, string sql, TicketKind kind, long? last)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = sql;
        AddParameter(command, "name", TicketNumber.Prefix(kind));
        if (last is { } value)
        {
            AddParameter(command, "last", value);
        }

        var result = await command.ExecuteScalarAsync(CancellationToken.None);
        return result is null or DBNull ? null : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
