using Baton.Domain.Links;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Links;
using Baton.Web.Features.Shared.Timeline;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Projects;

/// <summary>
/// The project page: facts, people, what it touches, escalation contacts (staff), engagements, deliverables and
/// their acceptance, clean-up, scope changes, its history, the incidents attributed to it (staff), the lifecycle buttons the
/// domain allows now, and links to close-out, hand-off, handbook and hypercare.
/// </summary>
public sealed class DetailsModel(BatonDb db, Microsoft.Extensions.Caching.Memory.IMemoryCache cache, TimeProvider clock) : PageModel
{
    public sealed record MoveInput
    {
        public ProjectTransition Transition { get; set; }
        public string? Reason { get; set; }
        public int Version { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public MoveInput Move { get; set; } = new();

    [BindProperty]
    public LinkInput Link { get; set; } = new();

    /// <summary>The project's links to other records (staff may add and remove them).</summary>
    public LinksSection Links { get; private set; } = default!;

    public ProjectResponse Project { get; private set; } = default!;
    public IReadOnlyList<EngagementResponse> Engagements { get; private set; } = [];
    public IReadOnlyList<DeliverableResponse> Deliverables { get; private set; } = [];
    public IReadOnlyList<CleanupItemResponse> Cleanup { get; private set; } = [];
    public IReadOnlyList<ScopeChangeResponse> ScopeChanges { get; private set; } = [];

    /// <summary>The project's audit trail as a story (a contact's without what only staff see).</summary>
    public IReadOnlyList<TimelineItem> History { get; private set; } = [];

    /// <summary>Staff only: tickets attributed to the project.</summary>
    public CausedIncidents? Caused { get; private set; }

    public CurrentUser Me { get; private set; } = default!;
    public string? Problem { get; private set; }
    public string? FeedUrlWithToken { get; private set; }
    public string FeedUrl => ProjectsApi.BaseUrl(HttpContext) + ProjectCalendar.PathFor(Project.Number);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task<IActionResult> OnPostMoveAsync(CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        var done = Move.Transition switch
        {
            ProjectTransition.Start => "Project started.",
            ProjectTransition.Cancel => "Project cancelled.",
            ProjectTransition.Close => "Project closed.",
            _ => "Done.",
        };
        return await PageUseCase.RunAsync(this, "Move", ["reason", "transition"],
            async () => await ChangeProject.MoveAsync(db, Me, Number, Move.Version, new ProjectTransitionRequest(Move.Transition, Move.Reason), clock, ct) is { } p
                ? "/Projects/" + p.Number
                : null,
            done, Redisplay(ct));
    }

    public async Task<IActionResult> OnPostLinkAsync(CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        return await LinksSection.LinkAsync(this, db, Me, LinkableKinds.Projects, Number, Link, "/Projects/" + Uri.EscapeDataString(Number), clock, Redisplay(ct), ct);
    }

    public async Task<IActionResult> OnPostUnlinkAsync(long linkId, CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        return await LinksSection.UnlinkAsync(this, db, Me, LinkableKinds.Projects, Number, linkId, "/Projects/" + Uri.EscapeDataString(Number), Redisplay(ct), ct);
    }

    private Func<PageProblem?, Task<IActionResult>> Redisplay(CancellationToken ct) => async problem =>
    {
        Problem = problem?.Message;
        return await ShowAsync(ct);
    };

    public async Task<IActionResult> OnPostCalendarTokenAsync(CancellationToken ct)
    {
        var page = await ShowAsync(ct);
        if (page is PageResult)
        {
            var token = await ProjectCalendar.IssueFeedTokenAsync(db, cache, Me, Project.Number, clock, ct);
            FeedUrlWithToken = $"{FeedUrl}?token={Uri.EscapeDataString(token)}";
        }

        return page;
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        var project = await ProjectView.GetAsync(db, Me, Number, ct);
        if (project is null)
        {
            return NotFound();
        }

        Project = project;
        Number = project.Number;
        Engagements = await ProjectView.EngagementsAsync(db, project.Id, project.Number, ct);
        Deliverables = await ProjectView.DeliverablesAsync(db, project.Id, ct);
        Cleanup = await ProjectView.CleanupItemsAsync(db, project.Id, ct);
        ScopeChanges = await ProjectView.ScopeChangesAsync(db, project.Id, ct);
        Links = await LinksSection.LoadAsync(db, Me, new RecordRef(RecordKind.Project, project.Id), Link, ct);
        History = ProjectHistory.Timeline(await ProjectHistory.ReadAsync(db, Me, project.Id, ct));
        if (Me.IsStaff)
        {
            Caused = await ProjectView.CausedIncidentsAsync(db, project.Id, ct);
        }

        Move = Move with { Version = project.Version };
        return Page();
    }
}
