using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.ServiceLevels;

public sealed record SlaClockResponse(
    SlaClockKind Clock,
    SlaClockState State,
    int TargetMinutes,
    int ElapsedMinutes,
    int RemainingMinutes,
    int PausedMinutes,
    DateTimeOffset? DueAt,
    DateTimeOffset? StoppedAt,
    string Summary);

/// <summary>A recorded crossing: <c>At</c> is when the clock crossed, <c>NoticedAt</c> when Baton noticed it (and told people).</summary>
public sealed record SlaEventResponse(DateTimeOffset At, SlaClockKind Clock, SlaEventKind Kind, string Text, DateTimeOffset NoticedAt);

/// <summary>
/// The keep-informed clock as of now: when the next progress update to the requester is due (business time), its state
/// and the state in words (Summary; Brief for a cell under a "Next update" heading). A clock of its own: it never moves first response or resolution.
/// </summary>
public sealed record ProgressUpdateResponse(DateTimeOffset? DueAt, ProgressUpdateState State, string Summary, string Brief, int? EveryMinutes, DateTimeOffset LastProgressAt)
{
    public static ProgressUpdateResponse Of(ProgressUpdateReading r) =>
        new(r.DueAt, r.State, r.Summary, r.Brief, r.Every is { } every ? (int)Math.Round(every.TotalMinutes) : null, r.LastProgressAt);
}

/// <summary>A stuck ticket: since when and why (no public progress for too long, or back to Awaiting customer again).</summary>
public sealed record StuckResponse(DateTimeOffset Since, StuckReason Reason, string Text)
{
    public static StuckResponse? Of(StuckFlag? flag) => flag is null ? null : new(flag.Since, flag.Reason, flag.Describe());
}

/// <summary>The keep-informed clock and the stuck flag of one ticket, read from its stored clocks.</summary>
public static class KeepInformedView
{
    public static async Task<(ProgressUpdateResponse? ProgressUpdate, StuckResponse? Stuck)> GetAsync(BatonDb db, long ticketId, DateTimeOffset now, CancellationToken ct)
    {
        var sla = await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId).Select(t => t.Sla).SingleOrDefaultAsync(ct);
        if (sla is null)
        {
            return (null, null);
        }

        var calendar = (await ServiceLevelCatalogue.ForAsync(db, ct)).Calendar(sla.CalendarId);
        return (ProgressUpdateResponse.Of(sla.ReadProgress(calendar, now)), StuckResponse.Of(sla.StuckAsOf(now)));
    }
}

/// <summary>A ticket's service level: the terms it runs under, whether it is covered, and both clocks now.</summary>
public sealed record SlaResponse(
    string Policy,
    string? Contract,
    CoverageStatus Coverage,
    string CoverageNote,
    IReadOnlyList<string> Exclusions,
    Priority Priority,
    string Calendar,
    SlaClockResponse FirstResponse,
    SlaClockResponse Resolution,
    IReadOnlyList<SlaEventResponse> Events)
{
    /// <summary>The keep-informed clock, beside the two SLA clocks and separate from them.</summary>
    public ProgressUpdateResponse? ProgressUpdate { get; init; }

    public StuckResponse? Stuck { get; init; }
}

public static class SlaView
{
    /// <summary>The ticket's SLA as of <paramref name="now"/>; null when the ticket has no clocks (opened before SLAs existed).</summary>
    public static async Task<SlaResponse?> GetAsync(BatonDb db, long ticketId, DateTimeOffset now, CancellationToken ct)
    {
        var sla = await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId).Select(t => t.Sla).SingleOrDefaultAsync(ct);
        if (sla is null)
        {
            return null;
        }

        var catalogue = await ServiceLevelCatalogue.ForAsync(db, ct);
        var calendar = catalogue.Calendar(sla.CalendarId);
        var contract = sla.ContractId is { } contractId ? catalogue.Contract(contractId) : null;
        var events = await db.SlaEvents.AsNoTracking().Where(e => e.TicketId == ticketId).OrderBy(e => e.CrossedAt).ThenBy(e => e.Id).ToListAsync(ct);
        return new SlaResponse(
            catalogue.Policy(sla.PolicyId)?.Name ?? $"Policy {sla.PolicyId}",
            contract?.Name,
            sla.Coverage,
            sla.CoverageNote,
            contract?.ExclusionList ?? [],
            sla.Priority,
            calendar.Name,
            Clock(sla.Read(SlaClockKind.FirstResponse, calendar, now)),
            Clock(sla.Read(SlaClockKind.Resolution, calendar, now)),
            [.. events.Select(e => new SlaEventResponse(e.CrossedAt, e.Clock, e.Kind, e.Describe(), e.NoticedAt))])
        {
            ProgressUpdate = ProgressUpdateResponse.Of(sla.ReadProgress(calendar, now)),
            Stuck = StuckResponse.Of(sla.StuckAsOf(now)),
        };
    }

    private static SlaClockResponse Clock(SlaClockReading r) => new(
        r.Kind, r.State, Minutes(r.Target), Minutes(r.Elapsed), Minutes(r.Remaining), Minutes(r.PausedFor), r.DueAt, r.StoppedAt, r.Summary);

    private static int Minutes(TimeSpan span) => (int)Math.Round(span.TotalMinutes);
}
