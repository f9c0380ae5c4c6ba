using Baton.Domain;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.ServiceLevels;

/// <summary>One working interval: a day of the week and wall-clock times in the calendar's zone, "08:00" to "17:30" ("24:00" ends the day).</summary>
public sealed record WorkingHoursDto(DayOfWeek Day, string Start, string End);

/// <summary>A closed day; with recursYearly only its month and day count.</summary>
public sealed record HolidayDto(DateOnly Date, string Name, bool RecursYearly = false);

public sealed record CalendarRequest(string Name, string TimeZoneId, IReadOnlyList<WorkingHoursDto> Hours, IReadOnlyList<HolidayDto>? Holidays = null);
public sealed record CalendarResponse(int Id, string Name, string TimeZoneId, bool IsBuiltIn, int Version, IReadOnlyList<WorkingHoursDto> Hours, IReadOnlyList<HolidayDto> Holidays);

/// <summary>The targets of one priority, in minutes of business time.</summary>
public sealed record SlaTargetDto(Priority Priority, int FirstResponseMinutes, int ResolutionMinutes);

/// <summary>
/// The keep-informed promise of one priority in minutes of business time: a progress update every
/// <c>UpdateEveryMinutes</c> (null: none), stuck after <c>StuckAfterMinutes</c> without public progress (null: twice the interval).
/// </summary>
public sealed record CadenceDto(Priority Priority, int? UpdateEveryMinutes, int? StuckAfterMinutes = null)
{
    public static ProgressCadence ToCadence(IEnumerable<CadenceDto> cadence) => ProgressCadence.Of(cadence.Select(c =>
        new CadenceTarget(c.Priority, c.UpdateEveryMinutes is { } e ? TimeSpan.FromMinutes(e) : null, c.StuckAfterMinutes is { } s ? TimeSpan.FromMinutes(s) : null)));

    public static IReadOnlyList<CadenceDto> Of(ProgressCadence cadence) => [.. cadence.Targets.Select(t =>
        new CadenceDto(t.Priority, t.UpdateEvery is { } e ? (int)e.TotalMinutes : null, t.StuckAfter is { } s ? (int)s.TotalMinutes : null))];
}

/// <summary>An SLA policy; <c>Cadence</c> left out keeps the policy's (a new policy gets the defaults: P1 1 h, P2 4 h, P3 24 h, P4 none).</summary>
public sealed record SlaPolicyRequest(string Name, int CalendarId, int WarningPercent, IReadOnlyList<TicketStatus> PausingStatuses, IReadOnlyList<SlaTargetDto> Targets, bool IsDefault = false, IReadOnlyList<CadenceDto>? Cadence = null);
public sealed record SlaPolicyResponse(int Id, string Name, int CalendarId, int WarningPercent, IReadOnlyList<TicketStatus> PausingStatuses, IReadOnlyList<SlaTargetDto> Targets, bool IsDefault, IReadOnlyList<CadenceDto> Cadence);

public sealed record ContractRequest(
    string Name,
    DateOnly StartsOn,
    int SlaPolicyId,
    DateOnly? EndsOn = null,
    int? CoverageCalendarId = null,
    IReadOnlyList<int>? CoveredCategoryIds = null,
    IReadOnlyList<int>? CoveredItemIds = null,
    IReadOnlyList<string>? Exclusions = null);

public sealed record ContractResponse(
    int Id,
    int ClientId,
    string Name,
    DateOnly StartsOn,
    DateOnly? EndsOn,
    ContractStatus Status,
    int SlaPolicyId,
    int? CoverageCalendarId,
    IReadOnlyList<int> CoveredCategoryIds,
    IReadOnlyList<int> CoveredItemIds,
    IReadOnlyList<string> Exclusions);

/// <summary>
/// Business calendars, SLA policies and client contracts over the API. Staff read them; managers and
/// administrators change them, as on the pages; client contacts get 403. Bad input is a 400 problem naming the field.
/// </summary>
public static class ServiceLevelsApi
{
    public static RouteGroupBuilder MapServiceLevelsApi(this RouteGroupBuilder api)
    {
        var calendars = api.MapGroup("/calendars").WithTags("Calendars").RequireAuthorization(Policies.Staff);
        calendars.MapGet("/", ListCalendars).WithName("ListCalendars").WithSummary("Business calendars: working hours per weekday in one time zone, minus holidays.");
        calendars.MapPost("/", CreateCalendar).WithName("CreateCalendar").RequireAuthorization(Policies.CatalogueAdmin)
            .WithSummary("Create a business calendar. Intervals on one day may touch but not overlap; the zone is an IANA id.");
        calendars.MapGet("/{calendarId:int}", GetCalendar).WithName("GetCalendar");
        calendars.MapPut("/{calendarId:int}", UpdateCalendar).WithName("UpdateCalendar").RequireAuthorization(Policies.CatalogueAdmin)
            .WithSummary("Replace a calendar's name, zone, hours and holidays. Open tickets on it get new due instants. The built-in 24×7 calendar cannot be changed.");

        var policies = api.MapGroup("/sla-policies").WithTags("SLA policies").RequireAuthorization(Policies.Staff);
        policies.MapGet("/", ListPolicies).WithName("ListSlaPolicies").WithSummary("SLA policies with their targets per priority in minutes of business time.");
        policies.MapPost("/", CreatePolicy).WithName("CreateSlaPolicy").RequireAuthorization(Policies.CatalogueAdmin)
            .WithSummary("Create a policy: one target per priority P1–P4, first response no longer than resolution. isDefault takes the default from the current one.");
        policies.MapGet("/{policyId:int}", GetPolicy).WithName("GetSlaPolicy");
        policies.MapPut("/{policyId:int}", UpdatePolicy).WithName("UpdateSlaPolicy").RequireAuthorization(Policies.CatalogueAdmin)
            .WithSummary("Replace a policy. Tickets already open keep the targets they were given.");

        var clientContracts = api.MapGroup("/clients/{clientId:int}/contracts").WithTags("Contracts").RequireAuthorization(Policies.Staff);
        clientContracts.MapGet("/", ListContracts).WithName("ListContracts").WithSummary("A client's contracts, oldest first, with their status today (UTC).");
        clientContracts.MapPost("/", CreateContract).WithName("CreateContract").RequireAuthorization(Policies.CatalogueAdmin)
            .WithSummary("Add a contract. Its period may not overlap another contract of the client; empty covered lists mean everything.");

        var contracts = api.MapGroup("/contracts").WithTags("Contracts").RequireAuthorization(Policies.Staff);
        contracts.MapGet("/{contractId:int}", GetContract).WithName("GetContract");
        contracts.MapPut("/{contractId:int}", UpdateContract).WithName("UpdateContract").RequireAuthorization(Policies.CatalogueAdmin)
            .WithSummary("Replace a contract's terms. Tickets already open keep theirs.");
        return api;
    }

    private static ProblemHttpResult NotFound(string what, int id) =>
        TypedResults.Problem(title: "Not found", detail: $"There is no {what} {id}.", statusCode: 404);

    // ---- Calendars ---------------------------------------------------------------------------------------

    public static async Task<Ok<List<CalendarResponse>>> ListCalendars(BatonDb db, CancellationToken ct) =>
        TypedResults.Ok((await db.ServiceCalendars.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct)).Select(ToResponse).ToList());

    public static async Task<Results<Ok<CalendarResponse>, ProblemHttpResult>> GetCalendar(int calendarId, BatonDb db, CancellationToken ct) =>
        await db.ServiceCalendars.AsNoTracking().SingleOrDefaultAsync(c => c.Id == calendarId, ct) is { } calendar
            ? TypedResults.Ok(ToResponse(calendar))
            : NotFound("calendar", calendarId);

    public static async Task<Created<CalendarResponse>> CreateCalendar(CalendarRequest request, BatonDb db, TimeProvider clock, CancellationToken ct)
    {
        var calendar = await SaveCalendar.ExecuteAsync(db, null, ToChange(request), clock.GetUtcNow(), ct);
        return TypedResults.Created($"/api/v1/calendars/{calendar!.Id}", ToResponse(calendar));
    }

    public static async Task<Results<Ok<CalendarResponse>, ProblemHttpResult>> UpdateCalendar(int calendarId, CalendarRequest request, BatonDb db, TimeProvider clock, CancellationToken ct) =>
        await SaveCalendar.ExecuteAsync(db, calendarId, ToChange(request), clock.GetUtcNow(), ct) is { } calendar
            ? TypedResults.Ok(ToResponse(calendar))
            : NotFound("calendar", calendarId);

    private static CalendarChange ToChange(CalendarRequest request)
    {
        var hours = request.Hours.Select((h, i) => new WorkingInterval(h.Day, Minute(h.Start, $"hours[{i}].start"), Minute(h.End, $"hours[{i}].end"))).ToList();
        var holidays = (request.Holidays ?? []).Select(h => new Holiday(h.Date, h.RecursYearly, h.Name)).ToList();
        return new CalendarChange(request.Name, request.TimeZoneId, hours, holidays);
    }

    private static int Minute(string text, string field) =>
        ServiceCalendar.ParseClock(text.Trim()) ?? throw new DomainRuleException($"'{text}' is not a time of day; write e.g. 08:00 or 17:30 (24:00 ends the day).", field);

    private static CalendarResponse ToResponse(ServiceCalendar c) => new(
        c.Id, c.Name, c.TimeZoneId, c.IsBuiltIn, c.Version,
        ServiceCalendar.ParseHours(c.HoursText).Select(h => new WorkingHoursDto(h.Day, ServiceCalendar.Clock(h.StartMinute), ServiceCalendar.Clock(h.EndMinute))).ToList(),
        ServiceCalendar.ParseHolidays(c.HolidaysText).Select(h => new HolidayDto(h.Date, h.Name, h.RecursYearly)).ToList());

    // ---- SLA policies ------------------------------------------------------------------------------------

    public static async Task<Ok<List<SlaPolicyResponse>>> ListPolicies(BatonDb db, CancellationToken ct) =>
        TypedResults.Ok((await db.SlaPolicies.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct)).Select(ToResponse).ToList());

    public static async Task<Results<Ok<SlaPolicyResponse>, ProblemHttpResult>> GetPolicy(int policyId, BatonDb db, CancellationToken ct) =>
        await db.SlaPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == policyId, ct) is { } policy
            ? TypedResults.Ok(ToResponse(policy))
            : NotFound("SLA policy", policyId);

    public static async Task<Created<SlaPolicyResponse>> CreatePolicy(SlaPolicyRequest request, BatonDb db, CancellationToken ct)
    {
        var policy = await SaveSlaPolicy.ExecuteAsync(db, null, ToChange(request), ct);
        return TypedResults.Created($"/api/v1/sla-policies/{policy!.Id}", ToResponse(policy));
    }

    public static async Task<Results<Ok<SlaPolicyResponse>, ProblemHttpResult>> UpdatePolicy(int policyId, SlaPolicyRequest request, BatonDb db, CancellationToken ct) =>
        await SaveSlaPolicy.ExecuteAsync(db, policyId, ToChange(request), ct) is { } policy
            ? TypedResults.Ok(ToResponse(policy))
            : NotFound("SLA policy", policyId);

    private static SlaPolicyChange ToChange(SlaPolicyRequest r) => new(
        r.Name, r.CalendarId, r.WarningPercent, r.PausingStatuses,
        r.Targets.Select(t => new SlaTarget(t.Priority, TimeSpan.FromMinutes(t.FirstResponseMinutes), TimeSpan.FromMinutes(t.ResolutionMinutes))).ToList(),
        r.IsDefault,
        r.Cadence is { } cadence ? CadenceDto.ToCadence(cadence) : null);

    private static SlaPolicyResponse ToResponse(SlaPolicy p) => new(
        p.Id, p.Name, p.CalendarId, p.WarningPercent, p.PausingStatuses,
        p.Targets.Select(t => new SlaTargetDto(t.Priority, (int)t.FirstResponse.TotalMinutes, (int)t.Resolution.TotalMinutes)).ToList(),
        p.IsDefault,
        CadenceDto.Of(p.Cadence));

    // ---- Contracts ---------------------------------------------------------------------------------------

    public static async Task<Results<Ok<List<ContractResponse>>, ProblemHttpResult>> ListContracts(int clientId, BatonDb db, TimeProvider clock, CancellationToken ct)
    {
        if (!await db.Clients.AnyAsync(c => c.Id == clientId, ct))
        {
            return NotFound("client", clientId);
        }

        var today = Today(clock);
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.ClientId == clientId).OrderBy(c => c.StartsOn).ToListAsync(ct);
        return TypedResults.Ok(contracts.Select(c => ToResponse(c, today)).ToList());
    }

    public static async Task<Results<Ok<ContractResponse>, ProblemHttpResult>> GetContract(int contractId, BatonDb db, TimeProvider clock, CancellationToken ct) =>
        await db.Contracts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contractId, ct) is { } contract
            ? TypedResults.Ok(ToResponse(contract, Today(clock)))
            : NotFound("contract", contractId);

    public static async Task<Results<Created<ContractResponse>, ProblemHttpResult>> CreateContract(int clientId, ContractRequest request, BatonDb db, TimeProvider clock, CancellationToken ct) =>
        await SaveContract.ExecuteAsync(db, clientId, null, ToTerms(request), ct) is { } contract
            ? TypedResults.Created($"/api/v1/contracts/{contract.Id}", ToResponse(contract, Today(clock)))
            : NotFound("client", clientId);

    public static async Task<Results<Ok<ContractResponse>, ProblemHttpResult>> UpdateContract(int contractId, ContractRequest request, BatonDb db, TimeProvider clock, CancellationToken ct) =>
        await SaveContract.ExecuteAsync(db, null, contractId, ToTerms(request), ct) is { } contract
            ? TypedResults.Ok(ToResponse(contract, Today(clock)))
            : NotFound("contract", contractId);

    /// <summary>Contracts run by calendar date; like ticket creation, "today" is the UTC date.</summary>
    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static ContractTerms ToTerms(ContractRequest r) => new(
        r.Name, r.StartsOn, r.EndsOn, r.SlaPolicyId, r.CoverageCalendarId, r.CoveredCategoryIds ?? [], r.CoveredItemIds ?? [],
        r.Exclusions is null ? null : string.Join('\n', r.Exclusions));

    private static ContractResponse ToResponse(Contract c, DateOnly today) => new(
        c.Id, c.ClientId, c.Name, c.StartsOn, c.EndsOn, SaveContract.StatusOn(today, c.StartsOn, c.EndsOn), c.SlaPolicyId, c.CoverageCalendarId,
        c.CoveredCategoryIds, c.CoveredItemIds, c.ExclusionList);
}
