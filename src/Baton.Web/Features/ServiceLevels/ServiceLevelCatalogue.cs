using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Caching;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.ServiceLevels;

/// <summary>
/// Calendars (as ready engines), policies and contracts, read together and kept in the catalogue cache: every ticket
/// change needs them, and they change rarely. Any save of a calendar, policy or contract makes this instance read
/// them again at once, and other instances within about a second (<see cref="CatalogueCache"/>).
/// </summary>
public sealed class ServiceLevelCatalogue
{
    private readonly Dictionary<int, BusinessCalendar> _calendars;
    private readonly Dictionary<int, SlaPolicy> _policies;
    private readonly ILookup<int, Contract> _contractsByClient;
    private readonly Dictionary<int, Contract> _contracts;
    private readonly SlaPolicy? _default;

    private ServiceLevelCatalogue(IEnumerable<ServiceCalendar> calendars, IEnumerable<SlaPolicy> policies, IEnumerable<Contract> contracts)
    {
        _calendars = calendars.ToDictionary(c => c.Id, c => c.ToBusinessCalendar());
        _policies = policies.ToDictionary(p => p.Id);
        var all = contracts.ToList();
        _contractsByClient = all.ToLookup(c => c.ClientId);
        _contracts = all.ToDictionary(c => c.Id);
        _default = _policies.Values.FirstOrDefault(p => p.IsDefault);
    }

    public static Task<ServiceLevelCatalogue> ForAsync(BatonDb db, CancellationToken ct) =>
        CatalogueCache.Of(db).GetAsync(db, CatalogueTags.ServiceLevels, async c => new ServiceLevelCatalogue(
            await db.ServiceCalendars.AsNoTracking().ToListAsync(c),
            await db.SlaPolicies.AsNoTracking().ToListAsync(c),
            await db.Contracts.AsNoTracking().ToListAsync(c)), ct);

    public BusinessCalendar Calendar(int id) =>
        _calendars.TryGetValue(id, out var calendar) ? calendar : throw new InvalidOperationException($"Calendar {id} is missing.");

    public SlaPolicy? Policy(int id) => _policies.GetValueOrDefault(id);

    public IEnumerable<Contract> ContractsOf(int clientId) => _contractsByClient[clientId];

    public Contract? Contract(int id) => _contracts.GetValueOrDefault(id);

    /// <summary>
    /// The terms a new ticket runs under: the client's contract in force on the creation date (its policy, and its
    /// coverage calendar when it has one), or else the default policy; and whether the ticket is covered.
    /// </summary>
    public (SlaTerms Terms, BusinessCalendar Calendar)? TermsFor(int clientId, DateOnly createdOn, int? categoryId, string? categoryName, int? itemId, string? itemName)
    {
        var contract = Domain.ServiceLevels.Contract.InForce(ContractsOf(clientId), createdOn);
        var policy = contract is not null ? Policy(contract.SlaPolicyId) : _default;
        if (policy is null)
        {
            return null;
        }

        var calendarId = contract?.CoverageCalendarId ?? policy.CalendarId;
        var coverage = contract?.Decide(categoryId, categoryName, itemId, itemName) ?? Coverage.NoContract;
        return (new SlaTerms(policy, calendarId, contract?.Id, coverage), Calendar(calendarId));
    }

    /// <summary>Brings a ticket's clocks up to date after a change; tickets without clocks are left alone.</summary>
    public void Track(Ticket ticket, Baton.Domain.Actor actor, DateTimeOffset now)
    {
        if (ticket.Sla is { } sla && Policy(sla.PolicyId) is { } policy)
        {
            ticket.TrackSla(policy, Calendar(sla.CalendarId), actor, now);
        }
    }
}
