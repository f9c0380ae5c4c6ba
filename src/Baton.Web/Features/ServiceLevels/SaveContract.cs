using Baton.Domain;
using Baton.Domain.ServiceLevels;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.ServiceLevels;

/// <summary>Where a contract stands on a given day.</summary>
public enum ContractStatus
{
    Upcoming = 1,
    InForce = 2,
    Ended = 3,
}

/// <summary>
/// Creates or edits a client's contract (page and API): checks that the policy, coverage calendar, categories and
/// configuration items exist (the items must be the client's), and refuses a period that overlaps another contract
/// of the same client. A contract decides the terms of tickets opened while it is in force; tickets already open
/// keep theirs.
/// </summary>
public static class SaveContract
{
    public static ContractStatus StatusOn(DateOnly day, DateOnly startsOn, DateOnly? endsOn) =>
        day < startsOn ? ContractStatus.Upcoming : endsOn is { } end && end < day ? ContractStatus.Ended : ContractStatus.InForce;

    /// <summary>
    /// The saved contract, or null when the client (or, for an edit, the contract of that client) does not exist.
    /// For an edit, <paramref name="clientId"/> may be null: the contract's own client is used.
    /// </summary>
    public static async Task<Contract?> ExecuteAsync(BatonDb db, int? clientId, int? contractId, ContractTerms terms, CancellationToken ct)
    {
        Contract? contract;
        if (contractId is { } id)
        {
            contract = await db.Contracts.AsTracking().SingleOrDefaultAsync(c => c.Id == id && (clientId == null || c.ClientId == clientId), ct);
            if (contract is null)
            {
                return null;
            }

            contract.Update(terms);
        }
        else
        {
            if (clientId is null || !await db.Clients.AnyAsync(c => c.Id == clientId, ct))
            {
                return null;
            }

            contract = new Contract(clientId.Value, terms);
            db.Contracts.Add(contract);
        }

        await CheckReferencesAsync(db, contract, ct);
        var others = await db.Contracts.AsNoTracking().Where(c => c.ClientId == contract.ClientId && c.Id != contract.Id).ToListAsync(ct);
        contract.EnsureNoOverlapWith(others);
        await db.SaveChangesAsync(ct);
        return contract;
    }

    private static async Task CheckReferencesAsync(BatonDb db, Contract contract, CancellationToken ct)
    {
        if (!await db.SlaPolicies.AnyAsync(p => p.Id == contract.SlaPolicyId, ct))
        {
            throw new DomainRuleException("Choose one of the SLA policies.", "slaPolicyId");
        }

        if (contract.CoverageCalendarId is { } calendarId && !await db.ServiceCalendars.AnyAsync(c => c.Id == calendarId, ct))
        {
            throw new DomainRuleException("Choose one of the calendars, or none for the policy's own calendar.", "coverageCalendarId");
        }

        var categoryIds = contract.CoveredCategoryIds.ToList();
        var knownCategories = await db.Categories.Where(c => categoryIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        if (categoryIds.Except(knownCategories).ToList() is [var unknownCategory, ..])
        {
            throw new DomainRuleException($"There is no category {unknownCategory}; choose services from the list.", "coveredCategoryIds");
        }

        var itemIds = contract.CoveredItemIds.ToList();
        var clientItems = await db.ConfigurationItems.Where(i => itemIds.Contains(i.Id) && i.ClientId == contract.ClientId).Select(i => i.Id).ToListAsync(ct);
        if (itemIds.Except(clientItems).ToList() is [var foreignItem, ..])
        {
            throw new DomainRuleException($"Configuration item {foreignItem} is not one of this client's items.", "coveredItemIds");
        }
    }
}
