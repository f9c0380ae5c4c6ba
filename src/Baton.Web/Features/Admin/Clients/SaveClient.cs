using Baton.Domain;
using Baton.Domain.Clients;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Baton.Web.Features.Admin.Clients;

/// <summary>
/// Creates a client, or renames, recodes, (de)activates it and sets its time zone. The code is its unique name: the
/// entity stores it upper-cased, so the unique index on it holds regardless of case; a clash, checked first or lost
/// in a race to that index, is refused on "code". Deactivating cuts its contacts off (<see cref="PortalAccess"/>).
/// A mail domain names one client: one another client has is refused on "mailDomains". The account manager is an
/// active member of staff (a deactivated one may stay, but is not newly chosen), else refused on "accountManagerId".
/// The client pages and the API call this.
/// </summary>
public static class SaveClient
{
    /// <summary>The saved client, and how many accounts the change of its active flag cut off or gave back (null: unchanged).</summary>
    public sealed record Saved(Client Client, int? AccountsChanged);

    public static async Task<Client> CreateAsync(BatonDb db, TimeProvider clock, ClientRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = new Client(request.Name, request.Code);
        client.Update(request.Name, request.Code, request.IsActive);
        client.SetTimeZone(request.TimeZoneId ?? client.TimeZoneId);
        client.SetMailDomains(request.MailDomains, request.CreateContactsFromMail ?? false);
        await SetAccountManagerAsync(db, clock, client, request.AccountManagerId, ct);
        db.Clients.Add(client);
        await SaveAsync(db, client, ct);
        return client;
    }

    /// <summary>Null when there is no such client. An omitted time zone is left as it is.</summary>
    public static async Task<Saved?> UpdateAsync(BatonDb db, IMemoryCache cache, TimeProvider clock, int clientId, ClientRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == clientId, ct);
        if (client is null)
        {
            return null;
        }

        var wasActive = client.IsActive;
        client.Update(request.Name, request.Code, request.IsActive);
        client.SetTimeZone(request.TimeZoneId ?? client.TimeZoneId);
        client.SetMailDomains(request.MailDomains ?? client.MailDomainList, request.CreateContactsFromMail ?? client.CreatesContactsFromMail);
        await SetAccountManagerAsync(db, clock, client, request.AccountManagerId, ct);
        await SaveAsync(db, client, ct);
        return new Saved(client, wasActive == client.IsActive
            ? null
            : await PortalAccess.ClientActivationChangedAsync(db, cache, clientId, client.IsActive, ct));
    }

    /// <summary>Sets only the client's mail domains and whether unknown senders there become contacts; null when there is no such client.</summary>
    public static async Task<Client?> SetMailDomainsAsync(BatonDb db, int clientId, IReadOnlyList<string> domains, bool createContacts, CancellationToken ct)
    {
        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == clientId, ct);
        if (client is null)
        {
            return null;
        }

        client.SetMailDomains(domains, createContacts);
        await SaveAsync(db, client, ct);
        return client;
    }

    public static ClientResponse Describe(Client client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new(client.Id, client.Name, client.Code, client.IsActive, client.TimeZoneId, client.MailDomainList, client.CreatesContactsFromMail, client.AccountManagerId);
    }

    /// <summary>
    /// Null leaves the account manager as it is, "" clears it; anyone else must be active staff, unless they are the
    /// account manager already (deactivated since: the client keeps them until someone chooses another).
    /// </summary>
    private static async Task SetAccountManagerAsync(BatonDb db, TimeProvider clock, Client client, string? requested, CancellationToken ct)
    {
        if (requested is null)
        {
            return;
        }

        var id = requested.Trim();
        if (id.Length > 0 && id != client.AccountManagerId && (await Agents.ActiveStaffAsync(db, clock.GetUtcNow(), ct)).All(s => s.Id != id))
        {
            throw new DomainRuleException("The account manager must be an active administrator, manager or agent: choose one from the service desk's staff.", "accountManagerId");
        }

        client.SetAccountManager(id);
    }

    private static async Task SaveAsync(BatonDb db, Client client, CancellationToken ct)
    {
        if (await db.Clients.AnyAsync(c => c.Code == client.Code && c.Id != client.Id, ct))
        {
            throw CodeTaken(client.Code);
        }

        if (client.MailDomainList.Count > 0)
        {
            // Few clients have domains: compared here rather than kept in a table of their own.
            var others = await db.Clients.AsNoTracking().Where(c => c.Id != client.Id && c.MailDomains != "").Select(c => new { c.Name, c.MailDomains }).ToListAsync(ct);
            if (others.SelectMany(o => o.MailDomains.Split(' ').Select(d => (o.Name, Domain: d))).FirstOrDefault(o => client.MailDomainList.Contains(o.Domain)) is { Name: { } owner } taken)
            {
                throw new DomainRuleException($"{taken.Domain} is already the mail domain of {owner}: a domain can name one client only.", "mailDomains");
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            throw CodeTaken(client.Code);
        }
    }

    private static DomainRuleException CodeTaken(string code) => new($"Another client already uses the code {code}.", "code");
}
