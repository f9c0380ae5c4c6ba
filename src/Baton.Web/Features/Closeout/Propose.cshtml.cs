using Baton.Domain;
using Baton.Domain.Closeout;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Closeout;

/// <summary>
/// /Projects/{number}/Closeout/Propose?ticket=INC-…: the living document. A technician who was hung out to dry by a
/// handed-over project proposes the checklist item that would have prevented it; the page lists what became of the
/// proposals made from this project.
/// </summary>
public sealed class ProposeModel(BatonDb db, TimeProvider clock) : PageModel
{
    public sealed record ProposalInput
    {
        public string? TicketNumber { get; set; }
        public string? Text { get; set; }
        public int SectionKey { get; set; }
        public bool Required { get; set; } = true;
        public string? Reason { get; set; }
    }

    public sealed record TicketSummary(string Number, string Title, int ClientId, AttributionVerdict? Verdict);

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public ProposalInput Input { get; set; } = new();

    public string ProjectNumber { get; private set; } = "";
    public string ProjectName { get; private set; } = "";
    public ProjectStatus ProjectStatus { get; private set; }
    public IReadOnlyList<CloseoutSectionDefinition> Sections { get; private set; } = [];
    public int TemplateVersion { get; private set; }
    public TicketSummary? Ticket { get; private set; }
    public bool TicketIsOtherClients { get; private set; }
    public List<CloseoutProposalResponse> Proposals { get; private set; } = [];
    public string MyName { get; private set; } = "";

    public bool CanPropose => ProjectStatus is ProjectStatus.Hypercare or ProjectStatus.Closed;

    public async Task<IActionResult> OnGetAsync(string? ticket, CancellationToken ct)
    {
        Input.TicketNumber = ticket;
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        var request = new CloseoutProposalRequest(Input.TicketNumber ?? "", Input.Text ?? "", Input.SectionKey, Input.Required, Input.Reason ?? "");
        return await PageUseCase.RunAsync(this, nameof(Input),
            async () => await ProposeCloseoutItem.ExecuteAsync(db, me, Number, request, clock, ct) is { } proposal
                ? this.Done($"Proposed ‘{proposal.Text}’. The support lead decides; you will be told the outcome.",
                    $"/Projects/{Uri.EscapeDataString(Number.Trim().ToUpperInvariant())}/Closeout/Propose")
                : null,
            async problem =>
            {
                // Above the form goes in the form's own message slot; a contact is refused by the page load (403).
                if (problem is not null)
                {
                    ModelState.AddModelError(nameof(Input), problem.Message);
                }

                return await ShowAsync(ct);
            },
            PageUseCase.OnForm(nameof(Input), ["ticketNumber", "text", "sectionKey", "reason"]));
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        if (await CloseoutView.ReadProjectAsync(db, me, Number, ct) is not { } project)
        {
            return NotFound();
        }

        if (!me.IsStaff)
        {
            return Forbid();
        }

        ProjectNumber = project.Number;
        ProjectName = project.Name;
        ProjectStatus = project.Status;
        MyName = me.DisplayName;
        var template = await CloseoutTemplates.CurrentAsync(db, ct);
        Sections = template?.Sections ?? [];
        TemplateVersion = template?.Number ?? 0;
        if (Input.SectionKey == 0 && Sections.Count > 0)
        {
            Input.SectionKey = Sections[^1].Key;
        }

        if (TicketNumber.TryParse(Input.TicketNumber, out var ticketNumber))
        {
            Ticket = await (from t in db.Tickets.AsNoTracking()
                            where t.Number == ticketNumber
                            select new TicketSummary(t.Number, t.Title, t.ClientId,
                                db.ProjectAttributions.Where(a => a.TicketId == t.Id && a.ProjectId == project.Id).Select(a => (AttributionVerdict?)a.Verdict).FirstOrDefault()))
                .SingleOrDefaultAsync(ct);
            TicketIsOtherClients = Ticket is not null && Ticket.ClientId != project.ClientId;
        }

        Proposals = await CloseoutProposalQueries.ListAsync(db, null, null, project.Id, 200, ct);
        return Page();
    }
}
