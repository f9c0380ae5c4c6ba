using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Contacts;

/// <summary>A contact a ticket can be raised for, shown as "Name — Client".</summary>
public sealed record RequesterMatch(int ContactId, string Name, string Email, int ClientId, string ClientName)
{
    public string Label => $"{Name} — {ClientName}";
}

/// <summary>
/// Finds requesters by part of their name, e-mail or client's name (every word must match somewhere), a page of
/// <see cref="Limit"/> at most: the new-ticket picker asks as the agent types, so a desk with 10,000 contacts never
/// renders them all. Staff search every active client; a client contact finds only their own organisation's contacts.
/// </summary>
public static class RequesterSearch
{
    public const int Limit = 20;
    public const int MaxQueryLength = 100;

    public static async Task<List<RequesterMatch>> FindAsync(BatonDb db, CurrentUser user, string? q, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var words = (q ?? "").Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return [];
        }

        var query = Visible(db, user);
        foreach (var word in words.Take(5))
        {
            query = query.Where(m => m.Name.ToLower().Contains(word) || m.Email.Contains(word) || m.ClientName.ToLower().Contains(word));
        }

        return await query.OrderBy(m => m.Name).ThenBy(m => m.ClientName).ThenBy(m => m.ContactId).Take(Limit)
            .Select(m => new RequesterMatch(m.ContactId, m.Name, m.Email, m.ClientId, m.ClientName)).ToListAsync(ct);
    }

    /// <summary>One requester the user may raise a ticket for (null: unknown, another client's, or the client is inactive).</summary>
    public static Task<RequesterMatch?> FindOneAsync(BatonDb db, CurrentUser user, int contactId, CancellationToken ct) =>
        Visible(db, user).Where(m => m.ContactId == contactId)
            .Select(m => new RequesterMatch(m.ContactId, m.Name, m.Email, m.ClientId, m.ClientName)).FirstOrDefaultAsync(ct);

    private sealed class Row
    {
        public int ContactId { get; init; }
        public string Name { get; init; } = "";
        public string Email { get; init; } = "";
        public int ClientId { get; init; }
        public string ClientName { get; init; } = "";
    }

    private static IQueryable<Row> Visible(BatonDb db, CurrentUser user)
    {
        var ownClient = user.IsStaff ? (int?)null : user.ClientId ?? -1;
        return from contact in db.Contacts.AsNoTracking()
               join client in db.Clients.AsNoTracking() on contact.ClientId equals client.Id
               where client.IsActive && (ownClient == null || client.Id == ownClient)
               select new Row { ContactId = contact.Id, Name = contact.Name, Email = contact.Email, ClientId = client.Id, ClientName = client.Name };
    }
}
