using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Tickets;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Projects;

/// <summary>The project list: staff see every client's, a client contact their organisation's.</summary>
public sealed class IndexModel(BatonDb db, Microsoft.Extensions.Caching.Memory.IMemoryCache cache, TimeProvider clock) : PageModel
{
    public sealed record FilterInput
    {
        public string? Q { get; set; }
        public int? ClientId { get; set; }

        /// <summary>"open" (default: planned, active, hypercare), "all", or a status name.</summary>
        public string? Status { get; set; }

        public int? ProjectTypeId { get; set; }
        public string? Cursor { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public FilterInput Filter { get; set; } = new();

    public ProjectListPage Results { get; private set; } = new([], null);
    public CurrentUser Me { get; private set; } = default!;
    public string? Error { get; private set; }
    public List<SelectListItem> Clients { get; private set; } = [];
    public List<SelectListItem> Types { get; private set; } = [];

    /// <summary>The all-projects feed URL with a freshly issued token (shown once, after the button).</summary>
    public string? FeedUrlWithToken { get; private set; }

    public string FeedUrl => ProjectsApi.BaseUrl(HttpContext) + ProjectCalendar.AllPath;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        IReadOnlyList<ProjectStatus>? statuses = (Filter.Status ?? "open") switch
        {
            "open" => ProjectView.Open,
            "all" => null,
            var s when Enum.TryParse<ProjectStatus>(s, out var one) && Enum.IsDefined(one) => [one],
            _ => ProjectView.Open,
        };
        try
        {
            Results = await ProjectView.ListAsync(db, Me, new ProjectFilter
            {
                Q = Filter.Q, ClientId = Me.IsStaff ? Filter.ClientId : null, Status = statuses, ProjectTypeId = Filter.ProjectTypeId, Cursor = Filter.Cursor,
            }, ct);
        }
        catch (InputInvalidException e)
        {
            Error = string.Join(" ", e.Errors.Values.SelectMany(v => v));
        }

        Types = await db.ProjectTypes.AsNoTracking().OrderBy(t => t.Name).Select(t => new SelectListItem(t.Name, t.Id.ToString())).ToListAsync(ct);
        Clients = Me.IsStaff
            ? await db.Clients.AsNoTracking().OrderBy(c => c.Name).Select(c => new SelectListItem(c.Name, c.Id.ToString())).ToListAsync(ct)
            : [];
    }

    public async Task OnPostCalendarTokenAsync(CancellationToken ct)
    {
        var token = await ProjectCalendar.IssueFeedTokenAsync(db, cache, CurrentUser.From(User), TokenScopes.AllProjects, clock, ct);
        Filter = new FilterInput();
        await OnGetAsync(ct);
        FeedUrlWithToken = $"{FeedUrl}?token={Uri.EscapeDataString(token)}";
    }

    public Dictionary<string, string> RouteFor(string? cursor)
    {
        var route = new Dictionary<string, string>();
        void Add(string key, object? value)
        {
            if (value?.ToString() is { Length: > 0 } s)
            {
                route["Filter." + key] = s;
            }
        }

        Add("Q", Filter.Q);
        Add("ClientId", Filter.ClientId);
        Add("Status", Filter.Status);
        Add("ProjectTypeId", Filter.ProjectTypeId);
        Add("Cursor", cursor);
        return route;
    }
}
