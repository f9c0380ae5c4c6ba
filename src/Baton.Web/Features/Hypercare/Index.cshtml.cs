using Baton.Web.Features.Shared.Visibility;
using System.Globalization;
using System.Text.RegularExpressions;
using Baton.Domain;
using Baton.Domain.Hypercare;
using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Tickets;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Hypercare;

/// <summary>
/// A project's hypercare page for staff: enter hypercare (period and team), the dashboard, the hypercare tickets (tag and
/// untag), the feedback, the team (editable during hypercare) and ending hypercare early.
/// </summary>
public sealed partial class IndexModel(BatonDb db, TimeProvider clock, HypercareIntake intake, INotificationChannel channel) : PageModel
{
    public sealed class RoleForm
    {
        public HypercareRole Role { get; set; }
        public int? TeamId { get; set; }
        public List<string> AgentIds { get; set; } = [];
        public List<HypercareScope> Scopes { get; set; } = [];
    }

    public sealed class TeamForm
    {
        public int Days { get; set; } = Project.DefaultHypercareDays;
        public List<RoleForm> Roles { get; set; } = [];
        public int ProjectVersion { get; set; }
        public int? TeamVersion { get; set; }
    }

    public sealed class TagForm
    {
        public string TicketNumber { get; set; } = "";
        public bool Route { get; set; } = true;
    }

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public TeamForm Team { get; set; } = new();

    [BindProperty]
    public TagForm Tag { get; set; } = new();

    /// <summary>The project version the "end hypercare" form carries.</summary>
    [BindProperty]
    public int Version { get; set; }

    public HypercareResponse State { get; private set; } = default!;
    public HypercareDashboard? Dashboard { get; private set; }
    public IReadOnlyList<Chart> Charts { get; private set; } = [];
    public IReadOnlyList<HypercareTagResponse> Tickets { get; private set; } = [];
    public IReadOnlyList<FeedbackResponse> Feedback { get; private set; } = [];
    public List<SelectListItem> TeamOptions { get; private set; } = [];
    public List<SelectListItem> AgentOptions { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    /// <summary>A problem with the last action that is not about one field.</summary>
    public string? Problem { get; private set; }

    public static IReadOnlyList<HypercareRole> AllRoles { get; } = Enum.GetValues<HypercareRole>();
    public static IReadOnlyList<HypercareScope> AllScopes { get; } = Enum.GetValues<HypercareScope>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(fillForms: true, ct);

    public async Task<IActionResult> OnPostEnterAsync(CancellationToken ct) =>
        await RunAsync(async me => await EnterHypercare.ExecuteAsync(
            db, me, Number, Team.ProjectVersion, new EnterHypercareRequest(Requested(), Team.Days), clock, ct) is not null,
            "Hypercare started: tickets from the client that relate to the project are now tagged and routed.", ct);

    public async Task<IActionResult> OnPostTeamAsync(CancellationToken ct) =>
        await RunAsync(async me => await ChangeHypercareTeam.ExecuteAsync(db, me, Number, Team.TeamVersion, new ChangeHypercareTeamRequest(Requested()), clock, ct) is not null,
            "Hypercare team saved.", ct);

    public async Task<IActionResult> OnPostEndAsync(CancellationToken ct) =>
        await RunAsync(async me => await EndHypercare.EarlyAsync(db, me, Number, Version, channel, clock, ct) is not null,
            "Hypercare ended and the project is closed; its tickets continue as normal support.", ct);

    public async Task<IActionResult> OnPostTagAsync(CancellationToken ct) =>
        await RunAsync(async me => await TagHypercareTicket.ExecuteAsync(db, me, Number, new TagHypercareTicketRequest(Tag.TicketNumber, Tag.Route), intake, clock, ct) is not null,
            $"{Tag.TicketNumber.Trim().ToUpperInvariant()} tagged as a hypercare ticket.", ct);

    public async Task<IActionResult> OnPostUntagAsync(string ticketNumber, CancellationToken ct) =>
        await RunAsync(async me => await TagHypercareTicket.RemoveAsync(db, me, Number, ticketNumber, clock, ct) is not null,
            $"{ticketNumber} is no longer a hypercare ticket.", ct);

    public List<SelectListItem> TeamsFor(RoleForm role) =>
        [.. TeamOptions.Select(o => new SelectListItem(o.Text, o.Value, o.Value == role.TeamId?.ToString(CultureInfo.InvariantCulture)))];

    public List<SelectListItem> AgentsFor(RoleForm role) =>
        [.. AgentOptions.Select(o => new SelectListItem(o.Text, o.Value, role.AgentIds.Contains(o.Value)))];

    private IReadOnlyList<HypercareRoleRequest> Requested() =>
        [.. Team.Roles.Select(r => new HypercareRoleRequest(r.Role, r.TeamId, r.AgentIds, r.Scopes))];

    private async Task<IActionResult> RunAsync(Func<CurrentUser, Task<bool>> action, string done, CancellationToken ct)
    {
        // Each button posts its own part of the page; the others' empty fields are not errors.
        ModelState.Clear();
        var me = CurrentUser.From(User);
        return await PageUseCase.RunAsync(this, "Team",
            async () => await action(me) ? this.Done(done, $"/Projects/{Uri.EscapeDataString(Number)}/Hypercare") : null,
            async problem =>
            {
                Problem = problem?.Message;
                return await ShowAsync(fillForms: false, ct);
            },
            FormKey);
    }

    /// <summary>Use-case field names onto the form: days → Team.Days, team[1].teamId → Team.Roles[1].TeamId, ticketNumber → Tag.TicketNumber.</summary>
    private static string? FormKey(string field)
    {
        var role = RoleField().Match(field);
        return field switch
        {
            "days" => "Team.Days",
            "team" => "Team",
            "ticketNumber" => "Tag.TicketNumber",
            _ when role.Success => $"Team.Roles[{role.Groups[1].Value}].{char.ToUpperInvariant(role.Groups[2].Value[0])}{role.Groups[2].Value[1..]}",
            _ => null,
        };
    }

    [GeneratedRegex(@"^team\[(\d+)\]\.(\w+)$")]
    private static partial Regex RoleField();

    private async Task<IActionResult> ShowAsync(bool fillForms, CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        var project = await ProjectAccess.FindAsync(db, me, Number, ct);
        if (project is null)
        {
            return NotFound();
        }

        if (!me.IsStaff)
        {
            return Forbid();
        }

        Now = clock.GetUtcNow();
        Number = project.Number;
        State = await HypercareView.DescribeAsync(db, project, Now, ct);
        Dashboard = await HypercareView.DashboardAsync(db, project, Now, ct);
        Charts = Dashboard is null ? [] : HypercareCharts.For(Dashboard);
        Tickets = project.HypercareStartedAt is null ? [] : await HypercareView.TicketsAsync(db, project.Id, ct);
        Feedback = project.HypercareStartedAt is null ? [] : await GiveHypercareFeedback.ListAsync(db, me, project, ct);
        TeamOptions = await db.Teams.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new SelectListItem(t.Name, t.Id.ToString(CultureInfo.InvariantCulture))).ToListAsync(ct);
        AgentOptions = [.. (await Agents.ListAsync(db, ct)).Select(a => new SelectListItem(a.DisplayName, a.Id))];

        // A fresh page shows the team as saved (or each role's default scopes); after a failed post, what was typed.
        var posted = Team.Roles.GroupBy(r => r.Role).ToDictionary(g => g.Key, g => g.First());
        Team.Roles =
        [
            .. AllRoles.Select(role => !fillForms && posted.TryGetValue(role, out var typed) ? typed
                : State.Team.FirstOrDefault(r => r.Role == role) is { } saved
                    ? new RoleForm { Role = role, TeamId = saved.TeamId, AgentIds = [.. saved.Agents.Select(a => a.Id)], Scopes = [.. saved.Scopes] }
                    : new RoleForm { Role = role, Scopes = [.. HypercareRoleAssignment.DefaultScopes(role)] }),
        ];
        Team.ProjectVersion = State.Version;
        Team.TeamVersion = State.TeamVersion;
        Version = State.Version;
        return Page();
    }
}
