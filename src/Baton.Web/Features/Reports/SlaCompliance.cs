using System.Globalization;
using Baton.Domain.ServiceLevels;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Reports;

/// <summary>What a reader asks for; every part optional (no client: all clients; no dates: the previous calendar month).</summary>
public sealed record SlaReportRequest(int? ClientId, int? ContractId, DateOnly? From, DateOnly? To);

/// <summary>A checked scope: the client (null: all clients), the contract, and the inclusive UTC creation dates.</summary>
public sealed record SlaReportScope(int? ClientId, string? ClientName, int? ContractId, string? ContractName, DateOnly From, DateOnly To)
{
    /// <summary>Start of <see cref="From"/> (UTC), inclusive.</summary>
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Start of the day after <see cref="To"/> (UTC), exclusive.</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>
/// The SLA compliance report (issue 3): tickets with clocks created in a period, for one client or all, optionally
/// one contract; their clocks read at one instant and summed up by <see cref="ComplianceReport"/>. The page, its CSV
/// and the API all come through here, so they always agree.
/// </summary>
public static class SlaCompliance
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
    public static async Task<SlaReportScope> ResolveScopeAsync(BatonDb db, SlaReportRequest request, DateTimeOffset now, CancellationToken ct)
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

        return new SlaReportScope(request.ClientId, clientName, request.ContractId, contractName, from, to);

        (DateOnly, DateOnly) Fail(string field, string message, DateOnly f, DateOnly t)
        {
            errors[field] = [message];
            return (f, t);
        }
    }

    /// <summary>Reads the clocks of every ticket in scope at <paramref name="now"/> and computes the report.</summary>
    public static async Task<ComplianceReport> RunAsync(BatonDb db, SlaReportScope scope, DateTimeOffset now, CancellationToken ct)
    {
        var (start, end) = (scope.Start, scope.End);
        var tickets = db.Tickets.AsNoTracking().Where(t => t.Sla != null && t.CreatedAt >= start && t.CreatedAt < end);
        if (scope.ClientId is { } clientId)
        {
            tickets = tickets.Where(t => t.ClientId == clientId);
        }

        if (scope.ContractId is { } contractId)
        {
            tickets = tickets.Where(t => t.Sla!.ContractId == contractId);
        }

        var rows = await tickets
            .Join(db.Clients, t => t.ClientId, c => c.Id, (t, c) => new { t.Id, t.Number, t.Title, t.ClientId, ClientName = c.Name, t.CreatedAt, Sla = t.Sla! })
            .ToListAsync(ct);
        var contractIds = rows.Where(r => r.Sla.ContractId is not null).Select(r => r.Sla.ContractId!.Value).Distinct().ToList();
        var contractNames = await db.Contracts.AsNoTracking().Where(c => contractIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var serviceLevels = await ServiceLevelCatalogue.ForAsync(db, ct);
        return ComplianceReport.Compute(rows.Select(r =>
        {
            var calendar = serviceLevels.Calendar(r.Sla.CalendarId);
            return new ComplianceTicket(
                r.Id,
                r.Number,
                r.Title,
                r.ClientId,
                r.ClientName,
                r.Sla.ContractId,
                r.Sla.ContractId is { } id ? contractNames.GetValueOrDefault(id) : null,
                r.Sla.Priority,
                r.CreatedAt,
                r.Sla.Read(SlaClockKind.FirstResponse, calendar, now),
                r.Sla.Read(SlaClockKind.Resolution, calendar, now));
        }));
    }

    /// <summary>Business minutes, to two decimals: how the API and the CSV give durations.</summary>
    public static decimal Minutes(TimeSpan span) => Math.Round((decimal)span.Ticks / TimeSpan.TicksPerMinute, 2, MidpointRounding.AwayFromZero);

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
