namespace Baton.Domain.Audit;

/// <summary>
/// A record (or a part of one kept in its own table) whose changes go on an audit trail. Its methods record entries
/// as they change it; whoever saves it writes the pending entries in the same transaction and then clears them.
/// </summary>
public interface IAudited
{
    /// <summary>The id of the record whose trail the entries belong to: the record's own, or its parent's for a part.</summary>
    long AuditRecordId { get; }

    /// <summary>Entries recorded on this instance and not yet written.</summary>
    IReadOnlyList<AuditEntry> PendingAuditEntries { get; }

    /// <summary>The entries were written: do not hand them over again.</summary>
    void ClearPendingAuditEntries();
}
