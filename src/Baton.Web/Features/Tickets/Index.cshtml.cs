using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Admin;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Shared.Visibility;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Tickets;

public sealed class IndexModel(BatonDb db, TimeProvider clock) : PageModel
{
    /// <summary>The queue's filters as they appear in the query string, so a filtered view can be bookmarked and shared.</summary>
    public sealed record FilterInput
    {
        public string? Q { get; set; }

        /// <summary>"open" (default), "all", or a status name.</summary>
        public string? Status { get; set; }

        public Priority? Priority { get; set; }
        public int? TeamId { get; set; }
        public string? AssigneeId { get; set; }
        public int? ClientId { get; set; }
        public TicketKind? Kind { get; set; }
        public bool Mine { get; set; }
        public bool Unassigned { get; set; }
        public bool Hypercare { get; set; }

        /// <summary>AtRisk, Breached or Attention (both): the SLA views.</summary>
        public SlaFilter? Sla { get; set; }

        /// <summary>AtRisk, Overdue or Stuck: the keep-informed views.</summary>
        public UpdateFilter? Update { get; set; }

        public QueueSort Sort { get; set; } = QueueSort.Newest;
        public string? Cursor { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public FilterInput Filter { get; set; } = new();

    public QueuePage Results { get; private set; } = new([], null);

    public CurrentUser Me { get; private set; } = default!;

    public string? Error { get; private set; }

    /// <summary>The instant the page's SLA column was read at.</summary>
    public DateTimeOffset Now { get; private set; }

    public List<SelectListItem> Teams { get; private set; } = [];
    public List<SelectListItem> AgentsList { get; private set; } = [];
    public List<SelectListItem> Clients { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        Now = clock.GetUtcNow();

        // A whole ticket number is a request to open that ticket, whatever the other filters say.
        if (Filter.Cursor is null && TicketNumber.TryParse(Filter.Q, out var exact) && await TicketAccess.FindIdAsync(db, Me, exact, ct) is not null)
        {
            return Redirect($"/Tickets/{exact}");
        }

        var ignored = IgnoredFilters();
        var status = Filter.Status is null or "open" or "all" || Enum.TryParse<TicketStatus>(Filter.Status, ignoreCase: false, out _) ? Filter.Status ?? "open" : "open";
        var queueFilter = new QueueFilter
        {
            Q = Filter.Q,
            OpenOnly = status == "open",
            Status = Enum.TryParse<TicketStatus>(status, out var s) ? [s] : null,
            Priority = Filter.Priority,
            TeamId = Filter.TeamId,
            AssigneeId = Filter.AssigneeId,
            ClientId = Filter.ClientId,
            Kind = Filter.Kind,
            Mine = Filter.Mine,
            Unassigned = Filter.Unassigned,
            Hypercare = Filter.Hypercare,
            Sla = Filter.Sla is { } sla && Enum.IsDefined(sla) ? sla : null,
            Update = Filter.Update is { } update && Enum.IsDefined(update) ? update : null,
            Sort = Enum.IsDefined(Filter.Sort) && (Me.IsStaff || !StaffOnly(Filter.Sort)) ? Filter.Sort : QueueSort.Newest,
            Cursor = Filter.Cursor,
        };
        try
        {
            Results = await TicketQueue.ListAsync(db, Me, queueFilter, clock, ct);
        }
        catch (InputInvalidException e)
        {
            Error = string.Join(" ", e.Errors.Values.SelectMany(v => v));
            Results = await TicketQueue.ListAsync(db, Me, queueFilter with { Cursor = null }, clock, ct);
        }

        if (ignored.Count > 0)
        {
            Error = string.Join(" ", [.. ignored, .. Error is null ? Array.Empty<string>() : [Error]]);
        }

        if (Me.IsStaff)
        {
            Teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new SelectListItem(t.Name, t.Id.ToString())).ToListAsync(ct);
            AgentsList = (await Agents.ListAsync(db, ct)).Select(a => new SelectListItem(a.DisplayName, a.Id)).ToList();
            Clients = await db.Clients.AsNoTracking().OrderBy(c => c.Name).Select(c => new SelectListItem(c.Name, c.Id.ToString())).ToListAsync(ct);
        }

        return Page();
    }

    /// <summary>
    /// Filter values in the query string the queue does not know (an old bookmark, a typo): each is named and said to be
    /// left out, rather than silently showing a list the reader believes is filtered.
    /// </summary>
    private List<string> IgnoredFilters()
    {
        var ignored = new List<string>();
        foreach (var (key, entry) in ModelState)
        {
            if (entry.Errors.Count > 0 && key.StartsWith("Filter.", StringComparison.Ordinal))
            {
                ignored.Add($"{FilterLabel(key)} “{entry.AttemptedValue}” is not one the queue knows, so it is not applied.");
            }
        }

        if (Filter.Status is { } status && status is not ("open" or "all") && !Enum.TryParse<TicketStatus>(status, ignoreCase: false, out _))
        {
            ignored.Add($"Status “{status}” is not one the queue knows, so open tickets are shown.");
        }

        if (Filter.Sla is { } sla && !Enum.IsDefined(sla))
        {
            ignored.Add($"SLA “{sla}” is not one the queue knows, so it is not applied.");
        }

        if (Filter.Update is { } update && !Enum.IsDefined(update))
        {
            ignored.Add($"Next update “{update}” is not one the queue knows, so it is not applied.");
        }

        if (!Enum.IsDefined(Filter.Sort) || (!Me.IsStaff && StaffOnly(Filter.Sort)))
        {
            ignored.Add($"Sort “{Filter.Sort}” is not one {(Me.IsStaff ? "the queue knows" : "you can use")}, so the newest come first.");
        }

        return ignored;
    }

    /// <summary>The sorts by a clock: clocks are the desk's business.</summary>
    private static bool StaffOnly(QueueSort sort) => sort is QueueSort.Due or QueueSort.NextUpdate;

    private static string FilterLabel(string key) => key["Filter.".Length..] switch
    {
        "Update" => "Next update",
        "TeamId" => "Team",
        "AssigneeId" => "Assignee",
        "ClientId" => "Client",
        "Sla" => "SLA",
        "Q" => "Search",
        var other => other,
    };

    /// <summary>The query string for the next page: the same filters plus the cursor.</summary>
    public Dictionary<string, string?> RouteFor(string? cursor) => new()
    {
        ["Filter.Q"] = Filter.Q,
        ["Filter.Status"] = Filter.Status,
        ["Filter.Priority"] = Filter.Priority?.ToString(),
        ["Filter.TeamId"] = Filter.TeamId?.ToString(),
        ["Filter.AssigneeId"] = Filter.AssigneeId,
        ["Filter.ClientId"] = Filter.ClientId?.ToString(),
        ["Filter.Kind"] = Filter.Kind?.ToString(),
        ["Filter.Mine"] = Filter.Mine ? "true" : null,
        ["Filter.Unassigned"] = Filter.Unassigned ? "true" : null,
        ["Filter.Hypercare"] = Filter.Hypercare ? "true" : null,
        ["Filter.Sla"] = Filter.Sla?.ToString(),
        ["Filter.Update"] = Filter.Update?.ToString(),
        ["Filter.Sort"] = Filter.Sort.ToString(),
        ["Filter.Cursor"] = cursor,
    };
}
