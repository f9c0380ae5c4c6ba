using System.Globalization;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Shared;

/// <summary>What a reader asks for; every part optional (no client: all clients; no dates: the previous calendar month).</summary>
public sealed record ReportRequest(int? ClientId, int? ContractId, DateOnly? From, DateOnly? To);

/// <summary>A checked scope: the client (null: all clients), the contract, and the inclusive UTC creation dates.</summary>
public sealed record ReportScope(int? ClientId, string? ClientName, int? ContractId, string? ContractName, DateOnly From, DateOnly To)
{
    /// <summary>Start of <see cref="From"/> (UTC), inclusive.</summary>
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Start of the day after <see cref="To"/> (UTC), exclusive.</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>
/// The period and scope every report is asked for and checked the same way: inclusive UTC creation dates (default the
/// previous calendar month, at most <see cref="MaxDays"/> days), an optional client and, for the SLA report, contract.
/// </summary>
public static class ReportPeriods
{
    /// <summary>The longest period one report covers: a leap year.</summary>
    public const int MaxDays = 366;

    /// <summary>The default period: the calendar month before <paramref name="now"/>'s (UTC).</summary>
    public static (DateOnly From, DateOnly To) PreviousMonth(DateTimeOffset now)
    {
        var firstOfThisMonth = new DateOnly(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);
        return (firstOfThisMonth.AddMonths(-1), firstOfThisMonth.AddDays(-1));
    }

    /// <summary>Checks a request against the catalogue; every problem is reported at once, each naming its field.</summary>
    public static async Task<ReportScope> ResolveAsync(BatonDb db, ReportRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (from, to) = (request.From, request.To) switch
        {
            (null, null) => PreviousMonth(now),
            ({ } f, { } t) => (f, t),
            (null, { } t) => Fail("from", "Give both from and to (yyyy-MM-dd), or neither for the previous calendar month.", t, t),
            ({ } f, null) => Fail("to", "Give both from and to (yyyy-MM-dd), or neither for the previous calendar month.", f, f),
        };
        if (from > to)
        {
            errors["from"] = [$"The period starts ({Iso(from)}) after it ends ({Iso(to)}); from must be on or before to."];
        }
        else if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            errors["to"] = [$"The period is {to.DayNumber - from.DayNumber + 1} days long; a report covers at most {MaxDays} days."];
        }

        string? clientName = null;
        if (request.ClientId is { } clientId)
        {
            clientName = await db.Clients.AsNoTracking().Where(c => c.Id == clientId).Select(c => c.Name).FirstOrDefaultAsync(ct);
            if (clientName is null)
            {
                errors["clientId"] = [$"There is no client {clientId}."];
            }
        }

        string? contractName = null;
        if (request.ContractId is { } contractId)
        {
            var contract = await db.Contracts.AsNoTracking().Where(c => c.Id == contractId).Select(c => new { c.ClientId, c.Name }).FirstOrDefaultAsync(ct);
            if (contract is null)
            {
                errors["contractId"] = [$"There is no contract {contractId}."];
            }
            else if (request.ClientId is null)
            {
                errors["contractId"] = [$"Choose the client of contract '{contract.Name}' too: a contract belongs to one client."];
            }
            else if (contract.ClientId != request.ClientId)
            {
                errors["contractId"] = [$"Contract '{contract.Name}' belongs to another client, not client {request.ClientId}."];
            }
            else
            {
                contractName = contract.Name;
            }
        }

        if (errors.Count > 0)
        {
            throw new InputInvalidException(errors);
        }

        return new ReportScope(request.ClientId, clientName, request.ContractId, contractName, from, to);

        (DateOnly, DateOnly) Fail(string field, string message, DateOnly f, DateOnly t)
        {
            errors[field] = [message];
            return (f, t);
        }
    }

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
