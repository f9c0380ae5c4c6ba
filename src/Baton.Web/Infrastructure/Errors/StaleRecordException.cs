namespace Baton.Web.Infrastructure.Errors;

/// <summary>
/// The caller's copy is out of date: someone changed the record after they read it. One type for every record (a
/// ticket, a project, a close-out checklist or item, a hand-off record, the template), so the API answers 412 and pages
/// show the current state with the same sentence: what changed, by whom when known, both versions, and what to do.
/// </summary>
public sealed class StaleRecordException(string record, int expected, int current, string? changedBy = null)
    : Exception($"{record} was changed by {changedBy ?? "someone else"} since you opened it (you had version {expected}, it is now {current}). Reload to see their change, then try again.")
{
    /// <summary>What changed, as the user knows it: "INC-000123", "‘Backups verified’", "The close-out checklist of PRJ-000004".</summary>
    public string Record { get; } = record;

    public int ExpectedVersion { get; } = expected;

    public int CurrentVersion { get; } = current;
}
