using System.ComponentModel.DataAnnotations;
using Baton.Domain;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Tickets;

public sealed class NewModel(BatonDb db, TimeProvider clock) : PageModel
{
    public sealed record InputModel
    {
        public TicketKind Kind { get; set; } = TicketKind.Incident;

        [Required(ErrorMessage = "A ticket needs a title: one line that says what is wrong or what is wanted.")]
        [StringLength(Ticket.TitleMaxLength)]
        public string Title { get; set; } = "";

        [StringLength(Ticket.DescriptionMaxLength)]
        public string? Description { get; set; }

        [Display(Name = "Requester")]
        public int? RequesterId { get; set; }

        public int? SiteId { get; set; }
        public int? ConfigurationItemId { get; set; }
        public int? CategoryId { get; set; }
        public RequestType RequestType { get; set; } = RequestType.Technical;
        public Impact Impact { get; set; } = Impact.Medium;
        public Urgency Urgency { get; set; } = Urgency.Medium;
        public int? TeamId { get; set; }
        public string? AssigneeId { get; set; }

        /// <summary>The project in hypercare this is about, if the requester knows (Features/Hypercare).</summary>
        public string? ProjectNumber { get; set; }

        /// <summary>Guards a double-clicked submit: the same form posted twice opens one ticket.</summary>
        public string? SubmissionId { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public TicketFormOptions Options { get; private set; } = new();

    /// <summary>Projects in hypercare the user may name (empty: the field is not shown).</summary>
    public List<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem> HypercareProjects { get; private set; } = [];

    public CurrentUser Me { get; private set; } = default!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        Input.SubmissionId = Guid.NewGuid().ToString("N");
        Options = await TicketFormOptions.LoadAsync(db, Me, null, ct);
        HypercareProjects = await Hypercare.HypercareOptionsList.ForAsync(db, Me, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        return await PageUseCase.RunAsync(this, "Input", async () =>
        {
            int? clientId = Me.IsStaff && Input.RequesterId is { } requesterId
                ? await db.Contacts.Where(c => c.Id == requesterId).Select(c => (int?)c.ClientId).SingleOrDefaultAsync(ct)
                : null;
            if (Me.IsStaff && clientId is null)
            {
                throw InputInvalidException.For("requesterId", "Choose the requester; the ticket is for their organisation.");
            }

            var request = new CreateTicketRequest(
                Input.Title, Input.Description, Input.Kind, clientId, Input.RequesterId, Input.SiteId, Input.ConfigurationItemId,
                Input.CategoryId, Input.RequestType, Input.Impact, Input.Urgency, Input.TeamId, Input.AssigneeId, Input.ProjectNumber);
            var key = string.IsNullOrEmpty(Input.SubmissionId) ? null : "form:" + Input.SubmissionId;
            try
            {
                var outcome = await CreateTicket.ExecuteAsync(db, Me, request, key, clock, ct);
                return this.Done($"{outcome.Number} opened.", $"/Tickets/{outcome.Number}");
            }
            catch (IdempotencyKeyReusedException)
            {
                Input.SubmissionId = Guid.NewGuid().ToString("N");
                ModelState.AddModelError("", "This form was already used to open a ticket. Check the queue before sending again.");
                return await ShowAsync(ct);
            }
        },
        async problem =>
        {
            if (problem is not null)
            {
                ModelState.AddModelError("", problem.Message);
            }

            return await ShowAsync(ct);
        },
        // The page picks the client through the requester, so a client problem belongs there.
        field => PageUseCase.Key("Input", field == "clientId" ? "requesterId" : field));
    }

    private async Task<PageResult> ShowAsync(CancellationToken ct)
    {
        Options = await TicketFormOptions.LoadAsync(db, Me, null, ct);
        HypercareProjects = await Hypercare.HypercareOptionsList.ForAsync(db, Me, ct);
        return Page();
    }
}
