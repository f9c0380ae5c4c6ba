using Baton.Domain;
using Baton.Domain.Closeout;
using Baton.Web.Data;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Closeout;

/// <summary>
/// /Admin/CloseoutTemplate: the support-owned close-out checklist. Staff read any version (the picker); support leads
/// edit the current one, where every edit publishes a new version, and work the queue of proposed items.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class TemplateModel(BatonDb db, TimeProvider clock, INotificationChannel notifications) : PageModel
{
    public sealed record ItemInput
    {
        /// <summary>Null: a new item in <see cref="SectionKey"/>.</summary>
        public int? Key { get; set; }
        public int SectionKey { get; set; }
        public string? Text { get; set; }
        public bool Required { get; set; }
        public string? Guidance { get; set; }

        /// <summary>The record that answers the item (none: ticked by hand).</summary>
        public CloseoutProof ProvenBy { get; set; }

        public int BasedOn { get; set; }
    }

    public sealed record SectionInput
    {
        /// <summary>Null: a new section (with its first item); otherwise a rename.</summary>
        public int? Key { get; set; }
        public string? Title { get; set; }
        public string? FirstItemText { get; set; }
        public bool FirstItemRequired { get; set; } = true;
        public string? FirstItemGuidance { get; set; }
        public int BasedOn { get; set; }
    }

    public sealed record AcceptInput
    {
        public int ProposalId { get; set; }
        public string? Text { get; set; }
        public int SectionKey { get; set; }
        public bool Required { get; set; }
        public string? Guidance { get; set; }
    }

    public sealed record DeclineInput
    {
        public int ProposalId { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty]
    public ItemInput Item { get; set; } = new();

    [BindProperty]
    public SectionInput Section { get; set; } = new();

    [BindProperty]
    public AcceptInput Accept { get; set; } = new();

    [BindProperty]
    public DeclineInput Decline { get; set; } = new();

    /// <summary>The version shown (?version=n); the current one by default.</summary>
    public CloseoutTemplateVersion Shown { get; private set; } = default!;

    public int CurrentNumber { get; private set; }

    /// <summary>The current version's sections: where an accepted proposal can go, whichever version is shown.</summary>
    public IReadOnlyList<CloseoutSectionDefinition> CurrentSections { get; private set; } = [];
    public bool IsCurrent => Shown.Number == CurrentNumber;
    public bool IsSupportLead { get; private set; }

    /// <summary>Editing is offered on the current version, to support leads.</summary>
    public bool CanEdit => IsSupportLead && IsCurrent;

    public List<CloseoutVersionSummary> Versions { get; private set; } = [];
    public List<CloseoutProposalResponse> Pending { get; private set; } = [];
    public List<CloseoutProposalResponse> Decided { get; private set; } = [];

    /// <summary>The item whose edit form is open (?edit=key, or the one whose edit failed).</summary>
    public int? EditingItem { get; private set; }

    /// <summary>The section whose add-an-item form is open after a failed add.</summary>
    public int? AddingToSection { get; private set; }

    public int? RenamingSection { get; private set; }

    /// <summary>A problem not about one field (a newer version was published meanwhile, nothing changed…).</summary>
    /// <summary>How the template page names what answers an item.</summary>
    public static string ProofLabel(CloseoutProof proof) => proof switch
    {
        CloseoutProof.None => "Ticked by hand",
        CloseoutProof.HandoffMeeting => "Proven by the hand-off meeting record",
        CloseoutProof.DeliverablesAccepted => "Proven by all in-scope deliverables accepted",
        _ => proof.ToString(),
    };

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? version, int? edit, int? renameSection, CancellationToken ct)
    {
        if (!await LoadAsync(version, ct))
        {
            return NotFound();
        }

        if (edit is { } key && CanEdit && Shown.FindItem(key) is { } item)
        {
            EditingItem = key;
            var section = Shown.Sections.First(s => s.Items.Any(i => i.Key == key));
            Item = new ItemInput { Key = key, SectionKey = section.Key, Text = item.Text, Required = item.Required, Guidance = item.Guidance, ProvenBy = item.ProvenBy, BasedOn = Shown.Number };
        }

        if (renameSection is { } sectionKey && CanEdit && Shown.FindSection(sectionKey) is { } renamed)
        {
            RenamingSection = sectionKey;
            Section = new SectionInput { Key = sectionKey, Title = renamed.Title, BasedOn = Shown.Number };
        }

        return Page();
    }

    /// <summary>Adds an item (no key) or changes one (key): wording, required, guidance, section.</summary>
    public Task<IActionResult> OnPostItemAsync(CancellationToken ct) => PublishAsync(nameof(Item), Item.BasedOn,
        draft => Item.Key is { } key
            ? CloseoutTemplateEdits.UpdateItem(draft, key, Item.SectionKey, Item.Text, Item.Required, Item.Guidance, Item.ProvenBy)
            : CloseoutTemplateEdits.AddItem(draft, Item.SectionKey, Item.Text, Item.Required, Item.Guidance, Item.ProvenBy),
        v => Item.Key is null ? $"Added ‘{Item.Text?.Trim()}’: version {v} published." : $"Item saved: version {v} published.",
        field => field switch { "text" => "Text", "guidance" => "Guidance", "sectionKey" => "SectionKey", _ when field.EndsWith("provenBy", StringComparison.Ordinal) => "ProvenBy", _ => "" },
        () =>
        {
            EditingItem = Item.Key;
            AddingToSection = Item.Key is null ? Item.SectionKey : null;
        }, ct);

    public Task<IActionResult> OnPostRemoveItemAsync(int key, int basedOn, CancellationToken ct) => PublishAsync("", basedOn,
        draft => CloseoutTemplateEdits.RemoveItem(draft, key), v => $"Item removed: version {v} published.", _ => "", null, ct);

    public Task<IActionResult> OnPostMoveItemAsync(int key, int direction, int basedOn, CancellationToken ct) => PublishAsync("", basedOn,
        draft => CloseoutTemplateEdits.MoveItem(draft, key, direction), v => $"Item moved: version {v} published.", _ => "", null, ct);

    /// <summary>Adds a section with its first item (no key) or renames one (key).</summary>
    public Task<IActionResult> OnPostSectionAsync(CancellationToken ct) => PublishAsync(nameof(Section), Section.BasedOn,
        draft => Section.Key is { } key
            ? CloseoutTemplateEdits.RenameSection(draft, key, Section.Title)
            : CloseoutTemplateEdits.AddSection(draft, Section.Title, Section.FirstItemText, Section.FirstItemRequired, Section.FirstItemGuidance),
        v => Section.Key is null ? $"Section {Section.Title?.Trim()} added: version {v} published." : $"Section renamed: version {v} published.",
        field => field switch { "title" => "Title", "text" => "FirstItemText", "guidance" => "FirstItemGuidance", _ => "" },
        () => RenamingSection = Section.Key, ct);

    public Task<IActionResult> OnPostRemoveSectionAsync(int key, int basedOn, CancellationToken ct) => PublishAsync("", basedOn,
        draft => CloseoutTemplateEdits.RemoveSection(draft, key), v => $"Section removed: version {v} published.", _ => "", null, ct);

    public Task<IActionResult> OnPostMoveSectionAsync(int key, int direction, int basedOn, CancellationToken ct) => PublishAsync("", basedOn,
        draft => CloseoutTemplateEdits.MoveSection(draft, key, direction), v => $"Section moved: version {v} published.", _ => "", null, ct);

    public async Task<IActionResult> OnPostAcceptAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var me = CurrentUser.From(User);
        var request = new AcceptProposalRequest(Accept.Text, Accept.SectionKey, Accept.Required, Accept.Guidance);
        return await PageUseCase.RunAsync(this, nameof(Accept), async () =>
        {
            if (await DecideCloseoutProposal.AcceptAsync(db, me, Accept.ProposalId, request, notifications, clock, ct) is not { } accepted)
            {
                return null;
            }

            TempData["Flash"] = $"Accepted ‘{accepted.Proposal.Text}’: version {accepted.Version.Number} published; {accepted.Proposal.ProposedByName} is told.";
            return RedirectToPage();
        }, Redisplay(null, ct), PageUseCase.LastSegmentOnForm(nameof(Accept), AcceptField));
    }

    public async Task<IActionResult> OnPostDeclineAsync(CancellationToken ct)
    {
        ModelState.Clear();
        return await PageUseCase.RunAsync(this, nameof(Decline), async () =>
        {
            if (await DecideCloseoutProposal.DeclineAsync(db, CurrentUser.From(User), Decline.ProposalId, new DeclineProposalRequest(Decline.Reason ?? ""), notifications, clock, ct) is not { } declined)
            {
                return null;
            }

            TempData["Flash"] = $"Declined ‘{declined.Text}’; {declined.ProposedByName} is told why.";
            return RedirectToPage();
        }, Redisplay(null, ct), field => field == "reason" ? PageUseCase.Key(nameof(Decline), "reason") : null);
    }

    private static string AcceptField(string? field) => field?[(field.LastIndexOf('.') + 1)..] switch
    {
        "text" => "Text", "guidance" => "Guidance", "sectionKey" => "SectionKey", _ => "",
    };

    private async Task<IActionResult> PublishAsync(
        string form, int basedOn, Func<List<CloseoutSectionDraft>, List<CloseoutSectionDraft>> edit, Func<int, string> done,
        Func<string, string> rename, Action? keepOpen, CancellationToken ct)
    {
        var bindingFailed = !ModelState.IsValid && form.Length > 0 && ModelState.Keys.Any(k => k.StartsWith(form + ".", StringComparison.Ordinal) && ModelState[k]!.Errors.Count > 0);
        ModelState.Clear();
        if (bindingFailed)
        {
            Problem = "The form could not be read; reload the page and try again.";
            return await RedisplayAsync(ct);
        }

        return await PageUseCase.RunAsync(this, form, async () =>
        {
            var next = await PublishCloseoutTemplate.ExecuteAsync(db, CurrentUser.From(User), basedOn, current => edit(current.ToDraft()), null, clock, ct);
            TempData["Flash"] = done(next.Number);
            return RedirectToPage();
        }, Redisplay(keepOpen, ct), form.Length == 0 ? _ => null : PageUseCase.LastSegmentOnForm(form, rename));
    }

    /// <summary>The page again after a refusal: the message above the forms, and the form that was sent kept open.</summary>
    private Func<PageProblem?, Task<IActionResult>> Redisplay(Action? keepOpen, CancellationToken ct) => async problem =>
    {
        Problem = problem?.Message;
        keepOpen?.Invoke();
        return await RedisplayAsync(ct);
    };

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(null, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(int? version, CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        CurrentNumber = await CloseoutTemplates.CurrentNumberAsync(db, ct);
        var shown = version is { } n ? await CloseoutTemplates.VersionAsync(db, n, ct) : await CloseoutTemplates.CurrentAsync(db, ct);
        if (shown is null)
        {
            return false;
        }

        Shown = shown;
        CurrentSections = shown.Number == CurrentNumber ? shown.Sections : (await CloseoutTemplates.CurrentAsync(db, ct))?.Sections ?? [];
        IsSupportLead = await SupportLeads.IsSupportLeadAsync(db, me, ct);
        Versions = await CloseoutTemplates.ListAsync(db, ct);
        Pending = await CloseoutProposalQueries.ListAsync(db, CloseoutProposalStatus.Pending, null, null, 200, ct);
        Decided = [.. (await CloseoutProposalQueries.ListAsync(db, null, null, null, 40, ct)).Where(p => p.Status != CloseoutProposalStatus.Pending).Take(20)];
        return true;
    }
}
