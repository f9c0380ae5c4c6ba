using Baton.Domain.Projects;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Projects;

/// <summary>
/// Deliverables and scope. Staff keep the list and decide scope changes and clean-up; the client's contacts accept
/// or reject each in-scope deliverable (a rejection needs a reason and opens a clean-up item) and ask for scope changes.
/// </summary>
public sealed class DeliverablesModel(BatonDb db, INotificationChannel channel, TimeProvider clock) : PageModel
{
    public sealed record DeliverableInput
    {
        public int? Id { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public bool InScope { get; set; } = true;
    }

    public sealed record RejectInput
    {
        public int DeliverableId { get; set; }
        public string? Reason { get; set; }
    }

    public sealed record CleanupInput
    {
        public string? Description { get; set; }
        public int? DeliverableId { get; set; }
    }

    public sealed record ScopeInput
    {
        public string? Description { get; set; }
        public string? TimeImpact { get; set; }
        public string? CostImpact { get; set; }
    }

    public sealed record DecisionInput
    {
        public int ChangeId { get; set; }
        public string? DeliverableTitle { get; set; }
        public string? Note { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public DeliverableInput Deliverable { get; set; } = new();

    [BindProperty]
    public RejectInput Reject { get; set; } = new();

    [BindProperty]
    public CleanupInput Cleanup { get; set; } = new();

    [BindProperty]
    public ScopeInput Scope { get; set; } = new();

    [BindProperty]
    public DecisionInput Decision { get; set; } = new();

    public ProjectResponse Project { get; private set; } = default!;
    public IReadOnlyList<DeliverableResponse> Deliverables { get; private set; } = [];
    public IReadOnlyList<CleanupItemResponse> CleanupItems { get; private set; } = [];
    public IReadOnlyList<ScopeChangeResponse> ScopeChanges { get; private set; } = [];
    public CurrentUser Me { get; private set; } = default!;
    public string? Problem { get; private set; }

    private string Here => $"/Projects/{Number}/Deliverables";

    public async Task<IActionResult> OnGetAsync(int? edit, CancellationToken ct)
    {
        var page = await ShowAsync(ct);
        if (page is PageResult && edit is not null)
        {
            var d = Deliverables.SingleOrDefault(x => x.Id == edit);
            if (d is null || !Me.IsStaff)
            {
                return NotFound();
            }

            Deliverable = new DeliverableInput { Id = d.Id, Title = d.Title, Description = d.Description, InScope = d.InScope };
        }

        return page;
    }

    public Task<IActionResult> OnPostDeliverableAsync(CancellationToken ct) => RunAsync("Deliverable", ["title", "description", "inScope"],
        async () =>
        {
            var request = new DeliverableRequest(Deliverable.Title ?? "", Deliverable.InScope, Deliverable.Description);
            return Deliverable.Id is { } id
                ? await ChangeDeliverables.UpdateAsync(db, Me, Number, id, request, clock, ct) is not null
                : await ChangeDeliverables.AddAsync(db, Me, Number, request, clock, ct) is not null;
        }, Deliverable.Id is null ? "Deliverable added." : "Deliverable saved.", ct);

    public Task<IActionResult> OnPostRemoveAsync(int deliverableId, CancellationToken ct) => RunAsync("Remove", [],
        () => ChangeDeliverables.RemoveAsync(db, Me, Number, deliverableId, clock, ct), "Deliverable removed.", ct);

    public Task<IActionResult> OnPostAcceptAsync(int deliverableId, CancellationToken ct) => RunAsync("Accept", [],
        async () => await ChangeDeliverables.AcceptAsync(db, Me, Number, deliverableId, channel, clock, ct) is not null, "Deliverable accepted. Thank you.", ct);

    public Task<IActionResult> OnPostRejectAsync(CancellationToken ct) => RunAsync("Reject", ["reason"],
        async () => await ChangeDeliverables.RejectAsync(db, Me, Number, Reject.DeliverableId, new RejectDeliverableRequest(Reject.Reason), channel, clock, ct) is not null,
        "Deliverable rejected. The project team has a clean-up item with your reason.", ct);

    public Task<IActionResult> OnPostCleanupAsync(CancellationToken ct) => RunAsync("Cleanup", ["description", "deliverableId"],
        async () => await CleanUp.AddAsync(db, Me, Number, new CleanupItemRequest(Cleanup.Description ?? "", Cleanup.DeliverableId), clock, ct) is not null,
        "Clean-up item added.", ct);

    public Task<IActionResult> OnPostCleanupDoneAsync(int itemId, CancellationToken ct)
    {
        string done = "Clean-up item done.";
        return RunAsync("CleanupDone", [], async () =>
        {
            if (await CleanUp.CompleteAsync(db, Me, Number, itemId, channel, clock, ct) is not { } result)
            {
                return false;
            }

            if (result.Resubmitted is { } d)
            {
                done = $"Clean-up item done; '{d.Title}' is back with the client for acceptance.";
            }

            return true;
        }, () => done, ct);
    }

    public Task<IActionResult> OnPostScopeAsync(CancellationToken ct) => RunAsync("Scope", ["description", "timeImpact", "costImpact"],
        async () => await ChangeScope.RaiseAsync(db, Me, Number, new RaiseScopeChangeRequest(Scope.Description ?? "", Scope.TimeImpact, Scope.CostImpact), channel, clock, ct) is not null,
        "Scope change requested. It is added only if it is approved.", ct);

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) => RunAsync("Decision", ["deliverableTitle", "note"],
        async () => await ChangeScope.ApproveAsync(db, Me, Number, Decision.ChangeId, new ApproveScopeChangeRequest(Decision.DeliverableTitle, Decision.Note), clock, ct) is not null,
        "Scope change approved; its deliverable is now in scope.", ct);

    public Task<IActionResult> OnPostDeclineAsync(CancellationToken ct) => RunAsync("Decision", ["note"],
        async () => await ChangeScope.DeclineAsync(db, Me, Number, Decision.ChangeId, new DeclineScopeChangeRequest(Decision.Note), clock, ct) is not null,
        "Scope change declined.", ct);

    private Task<IActionResult> RunAsync(string form, string[] fields, Func<Task<bool>> action, string done, CancellationToken ct) =>
        RunAsync(form, fields, action, () => done, ct);

    private async Task<IActionResult> RunAsync(string form, string[] fields, Func<Task<bool>> action, Func<string> done, CancellationToken ct)
    {
        ProjectForms.Only(this, form);
        Me = CurrentUser.From(User);
        return await PageUseCase.RunAsync(this, form, async () => await action() ? this.Done(done(), Here) : null, async problem =>
        {
            Problem = problem?.Message;
            return await ShowAsync(ct);
        }, PageUseCase.OnForm(form, fields));
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
        Deliverables = await ProjectView.DeliverablesAsync(db, project.Id, ct);
        CleanupItems = await ProjectView.CleanupItemsAsync(db, project.Id, ct);
        ScopeChanges = await ProjectView.ScopeChangesAsync(db, project.Id, ct);
        return Page();
    }

    public bool IsOpen => Project.Status is not (ProjectStatus.Closed or ProjectStatus.Cancelled);
}
