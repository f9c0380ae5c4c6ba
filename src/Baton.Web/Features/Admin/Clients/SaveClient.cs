using Baton.Domain;
using Baton.Domain.Clients;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Baton.Web.Features.Admin.Clients;

/// <summary>
/// Creates a client, or renames, recodes, (de)activates it and sets its time zone. The code is its unique name: the
/// entity stores it upper-cased, so the unique index on it holds regardless of case; a clash, checked first or lost
/// in a race to that index, is refused on "code". Deactivating cuts its contacts off (<see cref="PortalAccess"/>).
/// The client pages and the API call this.
/// </summary>
public static class SaveClient
{
    /// <summary>The saved client, and how many accounts the change of its active flag cut off or gave back (null: unchanged).</summary>
    public sealed record Saved(Client Client, int? AccountsChanged);

    public static async Task<Client> CreateAsync(BatonDb db, ClientRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = new Client(request.Name, request.Code);
        client.Update(request.Name, request.Code, request.IsActive);
        client.SetTimeZone(request.TimeZoneId ?? client.TimeZoneId);
        db.Clients.Add(client);
        await SaveAsync(db, client, ct);
        return client;
    }

    /// <summary>Null when there is no such client. An omitted time zone is left as it is.</summary>
    public static async Task<Saved?> UpdateAsync(BatonDb db, IMemoryCache cache, int clientId, ClientRequest request, CancellationToken ct)
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
        await SaveAsync(db, client, ct);
        return new Saved(client, wasActive == client.IsActive
            ? null
            : await PortalAccess.ClientActivationChangedAsync(db, cache, clientId, client.IsActive, ct));
    }

    public static ClientResponse Describe(Client client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new(client.Id, client.Name, client.Code, client.IsActive, client.TimeZoneId);
    }

    private static async Task SaveAsync(BatonDb db, Client client, CancellationToken ct)
    {
        if (await db.Clients.AnyAsync(c => c.Code == client.Code && c.Id != client.Id, ct))
        {
            throw CodeTaken(client.Code);
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
