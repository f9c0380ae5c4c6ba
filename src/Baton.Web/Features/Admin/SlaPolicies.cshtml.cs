using Baton.Web.Infrastructure.Errors;
using System.Globalization;
using System.Text.RegularExpressions;
using Baton.Domain;
using Baton.Domain.ServiceLevels;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.ServiceLevels;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>
/// SLA policies: first-response and resolution targets per priority in one calendar's business time, the warning
/// share, the pausing statuses, and which policy is the default. Tickets keep the targets they were opened with.
/// </summary>
public sealed partial class SlaPoliciesModel(BatonDb db) : PageModel
{
    public sealed record TargetInput
    {
        public string? FirstResponse { get; set; }
        public string? Resolution { get; set; }

        /// <summary>The progress-update interval (keep-informed); empty: no updates promised.</summary>
        public string? UpdateEvery { get; set; }

        /// <summary>Stuck after this long without public progress; empty: twice the update interval.</summary>
        public string? StuckAfter { get; set; }
    }

    public sealed record PolicyInput
    {
        public int? Id { get; set; }
        public string? Name { get; set; }
        public int? CalendarId { get; set; }
        public int? WarningPercent { get; set; } = 75;
        public List<TicketStatus> PausingStatuses { get; set; } = [TicketStatus.AwaitingCustomer];

        /// <summary>One per priority, P1 first.</summary>
        public List<TargetInput> Targets { get; set; } = [.. Priorities.Select(p => new TargetInput
        {
            UpdateEvery = ProgressCadence.Default.For(p).UpdateEvery is { } every ? Format(every) : null, // a new policy starts with the default cadence
        })];

        public bool IsDefault { get; set; }
    }

    public sealed record PolicyRow(int Id, string Name, string Calendar, int WarningPercent, string Pausing, IReadOnlyList<SlaTarget> Targets, bool IsDefault);
    public sealed record CalendarOption(int Id, string Name);

    public static IReadOnlyList<Priority> Priorities { get; } = Enum.GetValues<Priority>();

    /// <summary>The create form, or the edit form of the policy chosen with ?edit=.</summary>
    [BindProperty]
    public PolicyInput Input { get; set; } = new();

    public List<PolicyRow> Policies { get; private set; } = [];
    public List<CalendarOption> Calendars { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (edit is not null)
        {
            var policy = await db.SlaPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == edit, ct);
            if (policy is null)
            {
                return NotFound();
            }

            Input = new PolicyInput
            {
                Id = policy.Id, Name = policy.Name, CalendarId = policy.CalendarId, WarningPercent = policy.WarningPercent,
                PausingStatuses = [.. policy.PausingStatuses], IsDefault = policy.IsDefault,
                Targets = [.. Priorities.Select(p => (Target: policy.TargetFor(p), Cadence: policy.Cadence.For(p))).Select(x => new TargetInput
                {
                    FirstResponse = Format(x.Target.FirstResponse), Resolution = Format(x.Target.Resolution),
                    UpdateEvery = x.Cadence.UpdateEvery is { } every ? Format(every) : null, StuckAfter = x.Cadence.StuckAfter is { } stuck ? Format(stuck) : null,
                })],
            };
        }
        else
        {
            Input.CalendarId = Calendars.FirstOrDefault()?.Id;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Input));
        if (ModelState.HasBindingErrors(nameof(Input)))
        {
            return await RedisplayAsync(ct);
        }

        var targets = new List<SlaTarget>();
        var cadence = new List<CadenceTarget>();
        for (var i = 0; i < Priorities.Count; i++)
        {
            var priority = Priorities[i];
            var typed = Input.Targets.ElementAtOrDefault(i) ?? new TargetInput();
            var response = Parse(typed.FirstResponse);
            var resolution = Parse(typed.Resolution);
            var (every, stuck) = (OptionalParse(typed.UpdateEvery), OptionalParse(typed.StuckAfter));
            if (every is { Readable: false } || stuck is { Readable: false })
            {
                ModelState.AddModelError(CadenceKey(priority), $"{priority}: write the update interval and stuck time as hours and minutes, e.g. 1h or 30m, or leave them empty.");
            }
            else
            {
                cadence.Add(new CadenceTarget(priority, every.Value, stuck.Value));
            }

            if (response is null || resolution is null)
            {
                ModelState.AddModelError(TargetKey(priority), $"{priority}: write each target as hours and minutes, e.g. 4h, 30m or 3h 30m.");
                continue;
            }

            targets.Add(new SlaTarget(priority, response.Value, resolution.Value));
        }

        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(ct);
        }

        SlaPolicy? policy;
        try
        {
            policy = await SaveSlaPolicy.ExecuteAsync(db, Input.Id,
                new SlaPolicyChange(Input.Name ?? "", Input.CalendarId ?? 0, Input.WarningPercent ?? 0, Input.PausingStatuses, targets, Input.IsDefault, ProgressCadence.Of(cadence)), ct);
        }
        catch (Exception e) when (this.Refused(nameof(Input), e))
        {
            return await RedisplayAsync(ct);
        }

        if (policy is null)
        {
            return NotFound();
        }

        TempData["Flash"] = Input.Id is null ? $"Policy {policy.Name} created." : $"Policy {policy.Name} saved.";
        return RedirectToPage();
    }

    public static string StatusLabel(TicketStatus status) => status switch
    {
        TicketStatus.InProgress => "In progress",
        TicketStatus.AwaitingCustomer => "Awaiting customer",
        _ => status.ToString(),
    };

    /// <summary>Where a priority's target errors are shown: the domain names them "targets.P1".</summary>
    public static string TargetKey(Priority priority) => PageUseCase.Key(nameof(Input), $"targets.{priority}")!;

    /// <summary>Where a priority's cadence errors are shown: the domain names them "cadence.P1" (and "cadence.P1.stuckAfter").</summary>
    public static string CadenceKey(Priority priority) => PageUseCase.Key(nameof(Input), $"cadence.{priority}")!;

    public static string StuckKey(Priority priority) => PageUseCase.Key(nameof(Input), $"cadence.{priority}.stuckAfter")!;

    /// <summary>An optional duration: empty is none (readable), otherwise as <see cref="Parse"/>.</summary>
    private static (bool Readable, TimeSpan? Value) OptionalParse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? (true, null) : Parse(text) is { } span ? (true, span) : (false, null);

    /// <summary>"4h", "30m", "3h 30m" (also "3h30", "90m", "1 h 15 min") as business time; null when unreadable.</summary>
    public static TimeSpan? Parse(string? text)
    {
        var match = Duration().Match(text ?? "");
        if (!match.Success || (!match.Groups["h"].Success && !match.Groups["m"].Success))
        {
            return null;
        }

        static long Number(Group g) => g.Success && long.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Min(n, 10_000_000) : 0;
        return TimeSpan.FromMinutes((Number(match.Groups["h"]) * 60) + Number(match.Groups["m"]));
    }

    /// <summary>The form's way of writing a target: "3h 30m".</summary>
    public static string Format(TimeSpan span)
    {
        var minutes = (long)span.TotalMinutes;
        return (minutes / 60, minutes % 60) switch
        {
            (0, var m) => $"{m}m",
            (var h, 0) => $"{h}h",
            (var h, var m) => $"{h}h {m}m",
        };
    }

    [GeneratedRegex(@"^\s*(?:(?<h>\d{1,7})\s*h(?:ours?|rs?)?)?\s*(?:(?<m>\d{1,7})\s*(?:m(?:in(?:utes?|s)?)?)?)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Calendars = await db.ServiceCalendars.AsNoTracking().OrderByDescending(c => c.IsBuiltIn).ThenBy(c => c.Name)
            .Select(c => new CalendarOption(c.Id, c.Name)).ToListAsync(ct);
        Policies = (await db.SlaPolicies.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct))
            .Select(p => new PolicyRow(p.Id, p.Name, Calendars.FirstOrDefault(c => c.Id == p.CalendarId)?.Name ?? "", p.WarningPercent,
                p.PausingStatuses.Count == 0 ? "Nothing" : string.Join(", ", p.PausingStatuses.Select(StatusLabel)), p.Targets, p.IsDefault))
            .ToList();
    }
}
