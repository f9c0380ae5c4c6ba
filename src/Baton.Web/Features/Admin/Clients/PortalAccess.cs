using Baton.Domain;
using Baton.Domain.Clients;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Baton.Web.Features.Admin.Clients;

public sealed record PortalAccessChangeResponse(string Change, string Reason, string ByUserId, string ByName, DateTimeOffset At);

/// <summary>
/// A contact's portal access: whether they have an account, whether it is revoked, whether they were invited and have
/// not chosen a password yet, and every revocation and restoration.
/// </summary>
public sealed record PortalAccessResponse(int ClientId, int ContactId, string? SignIn, bool Revoked, bool ClientActive, bool CanSignIn, IReadOnlyList<PortalAccessChangeResponse> History, bool InvitationPending = false);

/// <summary>Why access is revoked (required) or restored (optional).</summary>
public sealed record PortalAccessRequest(string? Reason = null);

/// <summary>
/// Who of a client may use the portal and the API. Deactivating the client, or revoking one contact's access,
/// cuts off every way in at once — tokens, open sessions, sign-in (<see cref="AccountAccess"/>); reactivating or
/// restoring gives the same account back. Used by the admin pages and the API alike.
/// </summary>
public static class PortalAccess
{
    /// <summary>After a client's active flag changed: cuts its contacts' accounts off, or counts those who are back.</summary>
    public static async Task<int> ClientActivationChangedAsync(BatonDb db, IMemoryCache cache, int clientId, bool isActive, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return isActive
            ? await db.Users.CountAsync(u => u.ClientId == clientId
                && (u.ContactId == null || db.Contacts.Any(c => c.Id == u.ContactId && !c.PortalAccessRevoked)), ct)
            : await AccountAccess.CutOffAsync(db, cache, db.Users.Where(u => u.ClientId == clientId), ct);
    }

    /// <summary>What the admin page says after (de)activating a client.</summary>
    public static string DescribeActivation(string clientName, bool isActive, int accounts) => isActive
        ? $"Client {clientName} is active again: portal and API access restored for {Contacts(accounts)}."
        : $"Client {clientName} is now inactive: portal and API access of {Contacts(accounts)} cut off (sign-in, open sessions and API tokens).";

    private static string Contacts(int n) => Baton.Domain.Text.Count(n, "contact");

    public static async Task<PortalAccessResponse?> RevokeAsync(BatonDb db, IMemoryCache cache, CurrentUser by, int clientId, int contactId, string? reason, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(clock);
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == contactId && c.ClientId == clientId, ct);
        if (contact is null)
        {
            return null;
        }

        if (!await db.Users.AnyAsync(u => u.ContactId == contactId, ct))
        {
            throw new DomainRuleException($"{contact.Name} has no portal account to revoke.");
        }

        db.PortalAccessChanges.Add(contact.RevokePortalAccess(reason, by.Actor, clock.GetUtcNow()));
        // The revocation and its audit line are one save; the cut-off after it only hastens what the access check
        // already refuses (every sign-in, cookie check and token look-up reads the flag saved here).
        await db.SaveChangesAsync(ct);
        await AccountAccess.CutOffAsync(db, cache, db.Users.Where(u => u.ContactId == contactId), ct);
        return await DescribeAsync(db, clientId, contactId, ct);
    }

    public static async Task<PortalAccessResponse?> RestoreAsync(BatonDb db, CurrentUser by, int clientId, int contactId, string? reason, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(clock);
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == contactId && c.ClientId == clientId, ct);
        if (contact is null)
        {
            return null;
        }

        db.PortalAccessChanges.Add(contact.RestorePortalAccess(reason, by.Actor, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return await DescribeAsync(db, clientId, contactId, ct);
    }

    public static async Task<PortalAccessResponse?> DescribeAsync(BatonDb db, int clientId, int contactId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == contactId && c.ClientId == clientId)
            .Select(c => new { c.PortalAccessRevoked, ClientActive = db.Clients.Where(k => k.Id == c.ClientId).Select(k => k.IsActive).Single() })
            .SingleOrDefaultAsync(ct);
        if (contact is null)
        {
            return null;
        }

        var account = await db.Users.AsNoTracking().Where(u => u.ContactId == contactId).Select(u => new { u.Email, Invited = u.PasswordHash == null }).FirstOrDefaultAsync(ct);
        var signIn = account?.Email;
        var history = (await HistoryAsync(db, [contactId], ct)).GetValueOrDefault(contactId, []);
        return new PortalAccessResponse(clientId, contactId, signIn, contact.PortalAccessRevoked, contact.ClientActive,
            signIn is not null && contact.ClientActive && !contact.PortalAccessRevoked, history, account?.Invited == true);
    }

    /// <summary>The revocations and restorations of these contacts, newest first.</summary>
    public static async Task<Dictionary<int, List<PortalAccessChangeResponse>>> HistoryAsync(BatonDb db, IReadOnlyCollection<int> contactIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.PortalAccessChanges.AsNoTracking().Where(p => contactIds.Contains(p.ContactId))
            .OrderByDescending(p => p.Id).ToListAsync(ct);
        return rows.GroupBy(r => r.ContactId).ToDictionary(g => g.Key, g => g
            .Select(r => new PortalAccessChangeResponse(r.Revoked ? "Revoked" : "Restored", r.Reason, r.ActorId, r.ActorName, r.At)).ToList());
    }
}
