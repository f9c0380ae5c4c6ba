using Baton.Domain.ServiceLevels;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Reports;

/// <summary>
/// The SLA compliance report (issue 3): tickets with clocks created in a period, for one client or all, optionally
/// one contract; their clocks read at one instant and summed up by <see cref="ComplianceReport"/>. The page, its CSV
/// and the API all come through here, so they always agree.
/// </summary>
public static class SlaCompliance
{
    /// <summary>Reads the clocks of every ticket in scope at <paramref name="now"/> and computes the report.</summary>
    public static async Task<ComplianceReport> RunAsync(BatonDb db, ReportScope scope, DateTimeOffset now, CancellationToken ct)
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
}
