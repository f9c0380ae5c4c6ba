using Baton.Domain.Events;
using Baton.Web.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Baton.Web.Features.Shared.Events;

/// <summary>
/// Runs inside the transaction of the change that raised the event, before its rows are written, and may change the
/// record (the SLA clocks follow the ticket). A failure fails the change. Keep it cheap and free of I/O where it can be:
/// ticket creation runs it in the group commit's loop (ADR 4).
/// </summary>
public interface IRecordEventHandler<in TEvent>
    where TEvent : IRecordEvent
{
    ValueTask HandleAsync(TEvent e, InTransaction context, CancellationToken ct);
}

/// <summary>Where an in-transaction handler runs: the change's context and the record that raised the event.</summary>
public sealed record InTransaction(BatonDb Db, IRecordWithEvents Record);

/// <summary>
/// An effect that must not be lost (routing, a notification, a mail): it runs after the change committed, at least
/// once, on whichever instance claims its job in the <c>RecordEvents</c> table (docs/adr/0009). Its database writes and
/// the job's "processed" mark commit together; an effect outside the database (a mail) must be idempotent, keyed on
/// <see cref="AfterCommit.JobId"/>.
/// </summary>
public interface IAfterCommitHandler<in TEvent>
    where TEvent : IRecordEvent
{
    /// <summary>Stored with each job: keep it stable across releases (a renamed handler leaves its jobs unclaimed).</summary>
    string Name { get; }

    /// <summary>
    /// Decided inside the change's transaction, from memory or a cached read: whether this event is work for the
    /// handler. False writes no job, so an event that concerns no one costs nothing on the hot path.
    /// </summary>
    ValueTask<bool> ConcernsAsync(TEvent e, BatonDb db, CancellationToken ct);

    /// <summary>Does the work; throws to have it retried with back-off.</summary>
    Task HandleAsync(TEvent e, AfterCommit context, CancellationToken ct);
}

/// <summary>One job of an after-commit handler: its id (the idempotency key), the record it is about, and which try this is.</summary>
public sealed record AfterCommit(BatonDb Db, long JobId, string RecordKind, long RecordId, int Attempt);

/// <summary>A handler as <see cref="RecordEvents"/> keeps it: typed delegates built once at registration.</summary>
public sealed record RecordEventRegistration(
    Type EventType,
    Func<IServiceProvider, Func<IRecordEvent, InTransaction, CancellationToken, ValueTask>>? InTransaction,
    Func<IServiceProvider, RecordEvents.AfterCommitStep>? AfterCommit);

public static class RecordEventServices
{
    /// <summary>The dispatcher and the drain of after-commit jobs (every instance runs it).</summary>
    public static IServiceCollection AddRecordEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RecordEventOptions>()
            .Bind(configuration.GetSection("RecordEvents"))
            .Validate(o => o.SweepInterval > TimeSpan.Zero && o.Lease > TimeSpan.Zero, "RecordEvents:SweepInterval and RecordEvents:Lease must be positive time spans, e.g. 00:00:10.")
            .ValidateOnStart();
        services.TryAddSingleton<RecordEvents>();
        services.AddHostedService<RecordEventDrain>();
        return services;
    }

    /// <summary>Registers <typeparamref name="THandler"/> (a singleton) to run inside the transaction of every change raising <typeparamref name="TEvent"/>.</summary>
    public static IServiceCollection AddInTransactionHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : IRecordEvent
        where THandler : class, IRecordEventHandler<TEvent>
    {
        services.TryAddSingleton<THandler>();
        services.AddSingleton(new RecordEventRegistration(typeof(TEvent), sp =>
        {
            var handler = sp.GetRequiredService<THandler>();
            return (e, context, ct) => handler.HandleAsync((TEvent)e, context, ct);
        }, null));
        return services;
    }

    /// <summary>Registers <typeparamref name="THandler"/> (a singleton) to run after commit, from the durable queue, for <typeparamref name="TEvent"/>.</summary>
    public static IServiceCollection AddAfterCommitHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : IRecordEvent
        where THandler : class, IAfterCommitHandler<TEvent>
    {
        services.TryAddSingleton<THandler>();
        services.AddSingleton(new RecordEventRegistration(typeof(TEvent), null, sp =>
        {
            var handler = sp.GetRequiredService<THandler>();
            return new RecordEvents.AfterCommitStep(
                handler.Name,
                typeof(TEvent),
                (e, db, ct) => handler.ConcernsAsync((TEvent)e, db, ct),
                (e, context, ct) => handler.HandleAsync((TEvent)e, context, ct));
        }));
        return services;
    }
}

public sealed class RecordEventOptions
{
    /// <summary>How often every instance looks for jobs left behind (a crash, a failure waiting for its retry).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a claimed job is an instance's alone; after that another may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Processed jobs are deleted after this long.</summary>
    public TimeSpan KeepProcessed { get; set; } = TimeSpan.FromDays(7);
}
