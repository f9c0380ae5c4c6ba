using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Baton.Web.Features.Reports;

public sealed record SlaReportResponse(SlaReportScopeResponse Scope, SlaReportSummary Summary, IReadOnlyList<SlaBreachResponse> Breaches, IReadOnlyList<SlaReportTicket> Tickets);

/// <summary>What the report covers: client (null: all clients), contract, inclusive UTC creation dates, and the instant the clocks were read.</summary>
public sealed record SlaReportScopeResponse(int? ClientId, string? ClientName, int? ContractId, string? ContractName, DateOnly From, DateOnly To, DateTimeOffset AsOf);

public sealed record SlaReportSummary(int TicketsInScope, SlaClockSummary FirstResponse, SlaClockSummary Resolution);

/// <summary>
/// One clock over the tickets in scope. met + missed + breached + pending = ticketsInScope; metPercent = met / counted
/// (counted = met + missed + breached: stopped clocks, and running ones already past their target), one decimal,
/// null when counted is 0. Mean and 90th percentile (nearest rank) of the business minutes of the stopped clocks.
/// </summary>
public sealed record SlaClockSummary(
    int Met, int Missed, int Breached, int Pending, int Counted, decimal? MetPercent, int Stopped, decimal? MeanElapsedMinutes, decimal? P90ElapsedMinutes);

public sealed record SlaBreachResponse(string Number, string Title, SlaClockKind Clock, SlaOutcome Outcome, decimal TargetMinutes, decimal ElapsedMinutes, decimal OverByMinutes);

public sealed record SlaReportTicket(
    string Number, string Title, int ClientId, string ClientName, int? ContractId, string? ContractName, Priority Priority, DateTimeOffset CreatedAt,
    SlaClockResult FirstResponse, SlaClockResult Resolution);

/// <summary>One clock of one ticket: target and elapsed in business minutes (paused time excluded), the outcome, when it stopped.</summary>
public sealed record SlaClockResult(decimal TargetMinutes, decimal ElapsedMinutes, SlaOutcome Outcome, DateTimeOffset? StoppedAt);

public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policies.Staff);
        reports.MapGet("/sla", Sla).WithName("GetSlaComplianceReport")
            .WithSummary("SLA compliance for tickets created in a period (inclusive UTC dates; default the previous calendar month), for one client or all, optionally one contract.")
            .WithDescription("A clock counts towards metPercent once decided: stopped (met or missed) or running past its target (breached). Clocks running or paused within their target are pending and not counted. Every ticket in scope is listed, so the figures can be recounted.");
        reports.MapGet("/daily", Daily).WithName("GetDailyProjectReport")
            .WithSummary("The daily project report for a date (default today in DailyReport:TimeZone): active projects, engagements that day, hypercare, recently closed, incidents attributed in the last 24 hours.")
            .WithDescription("A past date is read at the end of that day; today and later dates are read now. Project statuses are current; the reports produced each morning are kept in the outbox.");
        return api;
    }

    public static async Task<Ok<Baton.Domain.Projects.DailyProjectReport>> Daily(DateOnly? date, BatonDb db, DailyReportJob job, TimeProvider clock, CancellationToken ct)
    {
        var (day, asOf) = DailyModel.ReportMoment(date, clock.GetUtcNow(), job);
        return TypedResults.Ok(await DailyReportQuery.LoadAsync(db, day, asOf, job.RecentlyClosedDays, ct));
    }

    public static async Task<Ok<SlaReportResponse>> Sla(
        int? clientId, int? contractId, DateOnly? from, DateOnly? to, BatonDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var scope = await ReportPeriods.ResolveAsync(db, new ReportRequest(clientId, contractId, from, to), now, ct);
        var report = await SlaCompliance.RunAsync(db, scope, now, ct);
        return TypedResults.Ok(Describe(scope, report, now));
    }

    public static SlaReportResponse Describe(ReportScope scope, ComplianceReport report, DateTimeOffset asOf) => new(
        new SlaReportScopeResponse(scope.ClientId, scope.ClientName, scope.ContractId, scope.ContractName, scope.From, scope.To, asOf),
        new SlaReportSummary(report.TicketsInScope, Summary(report.FirstResponse), Summary(report.Resolution)),
        [.. report.Breaches.Select(b => new SlaBreachResponse(
            b.Number, b.Title, b.Clock, b.Outcome, SlaCompliance.Minutes(b.Target), SlaCompliance.Minutes(b.Elapsed), SlaCompliance.Minutes(b.OverBy)))],
        [.. report.Tickets.Select(t => new SlaReportTicket(
            t.Number, t.Title, t.ClientId, t.ClientName, t.ContractId, t.ContractName, t.Priority, t.CreatedAt,
            Clock(t.FirstResponse, t.FirstResponseOutcome), Clock(t.Resolution, t.ResolutionOutcome)))]);

    private static SlaClockSummary Summary(ClockCompliance c) => new(
        c.Met, c.Missed, c.Breached, c.Pending, c.Counted, c.MetPercent, c.Stopped,
        c.MeanElapsed is { } mean ? SlaCompliance.Minutes(mean) : null,
        c.P90Elapsed is { } p90 ? SlaCompliance.Minutes(p90) : null);

    private static SlaClockResult Clock(SlaClockReading reading, SlaOutcome outcome) =>
        new(SlaCompliance.Minutes(reading.Target), SlaCompliance.Minutes(reading.Elapsed), outcome, reading.StoppedAt);
}
