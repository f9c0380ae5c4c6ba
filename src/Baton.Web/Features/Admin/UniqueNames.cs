using Baton.Domain;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>
/// Names of teams, categories, calendars and policies are unique, ignoring case. A clash, found first or lost in a
/// race to the unique index, is a rule broken on the "name" field: the API answers it as a 400 naming the field,
/// the pages put it on Input.Name.
/// </summary>
internal static class UniqueNames
{
    /// <summary>Saves the context's changes, or throws <see cref="DomainRuleException"/> on "name" when another entry has the name.</summary>
    public static async Task SaveAsync(BatonDb db, string what, string name, Func<string, Task<string?>> findOtherNamed, CancellationToken ct)
    {
        if (await findOtherNamed(name.ToLowerInvariant()) is { } existing)
        {
            throw new DomainRuleException($"There is already a {what} called {existing}.", "name");
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (FormErrors.IsUniqueViolation(e))
        {
            throw new DomainRuleException($"There is already a {what} called {name}.", "name");
        }
    }
}
