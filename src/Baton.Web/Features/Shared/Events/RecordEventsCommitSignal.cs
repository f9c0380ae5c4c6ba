using System.Data.Common;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Baton.Web.Features.Shared.Events;

/// <summary>
/// Wakes the drain when a transaction commits in which a save wrote after-commit jobs (a save inside a caller's
/// transaction cannot tell the drain itself: the jobs are not visible to it before the commit). A rollback forgets.
/// </summary>
internal sealed class RecordEventsCommitSignal : DbTransactionInterceptor
{
    public static readonly RecordEventsCommitSignal Instance = new();

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData);
        return Task.CompletedTask;
    }

    private static void Committed(TransactionEndEventData data)
    {
        if (data.Context is BatonDb { SignalRecordEventsOnCommit: true } db)
        {
            db.SignalRecordEventsOnCommit = false;
            db.Events?.Signal();
        }
    }

    private static void Forget(TransactionEndEventData data)
    {
        if (data.Context is BatonDb db)
        {
            db.SignalRecordEventsOnCommit = false;
        }
    }
}
