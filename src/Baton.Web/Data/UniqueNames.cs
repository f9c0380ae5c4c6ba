using Baton.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Baton.Web.Data;

/// <summary>
/// Names of teams, categories, calendars, policies and project types are unique, ignoring case — in the database
/// itself: each keeps <see cref="Text.NameKey"/> of its name in a <c>NameKey</c> column under a unique index. A clash,
/// found first or lost in a race to that index, is a rule broken on the "name" field: the API answers it as a 400
/// naming the field, the pages put it on Input.Name.
/// </summary>
internal static class UniqueNames
{
    /// <summary>
    /// Saves the context's changes, or throws <see cref="DomainRuleException"/> on "name" when another entry has the
    /// name. <paramref name="findOtherNamed"/> gets the name's key and returns the other entry's name, if any.
    /// </summary>
    public static async Task SaveAsync(BatonDb db, string what, string name, Func<string, Task<string?>> findOtherNamed, CancellationToken ct)
    {
        if (await findOtherNamed(Text.NameKey(name)) is { } existing)
        {
            throw new DomainRuleException($"There is already a {what} called {existing}.", "name");
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsViolation(e))
        {
            throw new DomainRuleException($"There is already a {what} called {name}.", "name");
        }
    }

    /// <summary>
    /// True when a save lost a race against a unique index (two admins creating the same code at once): the page
    /// checked first, so this is rare, but it must still read as "already taken", not as an error page.
    /// </summary>
    public static bool IsViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
