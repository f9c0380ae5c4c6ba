using System.ComponentModel.DataAnnotations;
using Baton.Domain;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Contacts;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Tickets;

/// <summary>
/// Raises a ticket. Staff pick the requester by typing part of a name, e-mail or client (a search of 20 at most, so it
/// scales to thousands of contacts; without scripts the Find button lists the matches), and the site, configuration
/// item and project lists are then that requester's client's. For a caller not in Baton yet, an agent adds the contact
/// in the same submission (through <see cref="SaveContact"/>, as the client page does), then the ticket is raised for them.
/// </summary>
public sealed class NewModel(BatonDb db, UserManager<BatonUser> users, TimeProvider clock) : PageModel
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

        /// <summary>What was typed into the requester picker: resolved on the server when no requester id came with it.</summary>
        [StringLength(Contacts.RequesterSearch.MaxQueryLength)]
        public string? RequesterSearch { get; set; }

        /// <summary>Raise the ticket for a new contact (the fields below) instead of a chosen requester. Staff only.</summary>
        public bool NewContact { get; set; }

        /// <summary>The new contact's client as the client list names it ("Contoso (CON)").</summary>
        public string? ContactClient { get; set; }

        public string? ContactName { get; set; }
        public string? ContactEmail { get; set; }
        public string? ContactPhone { get; set; }

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

        /// <summary>Guards a double-clicked submit: the same form posted twice opens one ticket (and adds one contact).</summary>
        public string? SubmissionId { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public TicketFormOptions Options { get; private set; } = new();

    /// <summary>Projects in hypercare the user may name (empty: the field is not shown).</summary>
    public List<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem> HypercareProjects { get; private set; } = [];

    /// <summary>The requester chosen so far (staff), shown as "Name — Client".</summary>
    public RequesterMatch? Requester { get; private set; }

    /// <summary>Contacts matching what was typed, when the search did not settle on one (the form without scripts).</summary>
    public List<RequesterMatch> Matches { get; private set; } = [];

    /// <summary>Active clients, the suggestions of the new-contact client field (staff).</summary>
    public List<ClientChoice> Clients { get; private set; } = [];

    public CurrentUser Me { get; private set; } = default!;

    public async Task OnGetAsync(int? requester, CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        Input.SubmissionId = Guid.NewGuid().ToString("N");
        Input.RequesterId = Me.IsStaff ? requester : null;
        await LoadAsync(ct);
    }

    /// <summary>The requester picker's suggestions as JSON: at most <see cref="RequesterSearch.Limit"/>, a contact's own organisation's only.</summary>
    public async Task<IActionResult> OnGetRequestersAsync(string? q, CancellationToken ct)
    {
        var matches = await RequesterSearch.FindAsync(db, CurrentUser.From(User), Truncate(q), ct);
        return new JsonResult(matches.Select(m => new { id = m.ContactId, label = m.Label, email = m.Email }));
    }

    /// <summary>
    /// The site, configuration item and project fields for the chosen requester's client (or the new contact's client),
    /// as the form renders them: the picker swaps them in when the requester changes.
    /// </summary>
    public async Task<IActionResult> OnGetClientListsAsync(int? requesterId, string? client, CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        int? clientId = null;
        if (Me.IsStaff)
        {
            clientId = requesterId is { } id
                ? (await RequesterSearch.FindOneAsync(db, Me, id, ct))?.ClientId
                : (await ClientChoice.FindAsync(db, client, ct))?.Id;
        }

        await LoadListsAsync(clientId, ct);
        return Partial("_ClientLists", this);
    }

    /// <summary>Without scripts: lists the contacts matching what was typed, keeping the rest of the form.</summary>
    public async Task<IActionResult> OnPostFindRequesterAsync(CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        ModelState.Clear();
        if (Me.IsStaff)
        {
            Input.RequesterId = null;
            await ResolveRequesterAsync(ct);
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        return await PageUseCase.RunAsync(this, "Input", async () =>
        {
            var key = string.IsNullOrEmpty(Input.SubmissionId) ? null : "form:" + Input.SubmissionId;
            int? clientId = null;
            if (Input.NewContact)
            {
                clientId = await AddContactAsync(key, ct);
            }
            else if (Me.IsStaff)
            {
                clientId = await ResolveRequesterAsync(ct)
                    ?? throw InputInvalidException.For("requesterId", Matches.Count > 1
                        ? $"{Matches.Count} contacts match '{Input.RequesterSearch?.Trim()}': choose one of them."
                        : !string.IsNullOrWhiteSpace(Input.RequesterSearch)
                            ? $"No contact matches '{Input.RequesterSearch.Trim()}'. Check the spelling, or add the caller as a new contact."
                            : "Choose the requester; the ticket is for their organisation.");
            }

            var request = new CreateTicketRequest(
                Input.Title, Input.Description, Input.Kind, clientId, Me.IsStaff ? Input.RequesterId : null, Input.SiteId, Input.ConfigurationItemId,
                Input.CategoryId, Input.RequestType, Input.Impact, Input.Urgency, Input.TeamId, Input.AssigneeId, Input.ProjectNumber);
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
            catch (Exception e) when (Input.NewContact && PageUseCase.IsRefusal(e))
            {
                // The contact was added; the ticket was refused. Show the form again for that contact, so sending it
                // again raises the ticket without adding them twice.
                Input.NewContact = false;
                Input.RequesterSearch = null;
                ModelState.AddModelError("", $"{Input.ContactName?.Trim()} was added as a contact; the ticket is not open yet. Correct what is marked below and send again.");
                throw;
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
        FieldKey);
    }

    /// <summary>
    /// Adds the new contact through the client page's use case and makes them the requester; returns their client.
    /// A submission sent again after it opened its ticket reuses that ticket's requester, so the retry replays the
    /// ticket instead of adding the contact twice (or refusing the e-mail it just added).
    /// </summary>
    private async Task<int> AddContactAsync(string? key, CancellationToken ct)
    {
        if (!Me.IsStaff)
        {
            throw new ForbiddenException("Only the service desk can add contacts: your requests are raised in your own name.");
        }

        if (await EarlierRequesterAsync(key, ct) is { } earlier)
        {
            Input.RequesterId = earlier.ContactId;
            return earlier.ClientId;
        }

        var client = await ClientChoice.FindAsync(db, Input.ContactClient, ct)
            ?? throw InputInvalidException.For("contactClient", string.IsNullOrWhiteSpace(Input.ContactClient)
                ? "Choose the new contact's client."
                : $"No active client is called '{Input.ContactClient.Trim()}': choose one from the list.");
        Baton.Domain.Clients.Contact? contact;
        try
        {
            contact = await SaveContact.CreateAsync(db, users, Me, client.Id,
                new ContactRequest(Input.ContactName ?? "", Input.ContactEmail ?? "", Input.ContactPhone), ct);
        }
        catch (InputInvalidException) when (key is not null)
        {
            // The same form, sent twice at once: the other request added the contact and opened the ticket.
            if (await EarlierRequesterAsync(key, ct) is not { } raced)
            {
                throw;
            }

            Input.RequesterId = raced.ContactId;
            return raced.ClientId;
        }

        Input.RequesterId = contact!.Id;
        Input.ContactClient = client.Label;
        return client.Id;
    }

    /// <summary>The requester and client of the ticket this submission already opened, if it did.</summary>
    private async Task<(int ContactId, int ClientId)?> EarlierRequesterAsync(string? key, CancellationToken ct)
    {
        if (key is null)
        {
            return null;
        }

        var earlier = await db.IdempotencyRecords.AsNoTracking().Where(r => r.UserId == Me.Id && r.Key == key)
            .Select(r => db.Tickets.Where(t => t.Id == r.TicketId).Select(t => new { t.RequesterId, t.ClientId }).First())
            .FirstOrDefaultAsync(ct);
        return earlier is { RequesterId: { } contactId } ? (contactId, earlier.ClientId) : null;
    }

    /// <summary>
    /// Settles the requester: the chosen id when the picker's text still names them, else a search of the text that
    /// finds exactly one contact. Returns their client; null with <see cref="Matches"/> filled when it did not settle.
    /// </summary>
    private async Task<int?> ResolveRequesterAsync(CancellationToken ct)
    {
        var typed = Input.RequesterSearch?.Trim();
        // Kept when the text still names them, or was the search they were chosen from (the matches without scripts).
        if (Input.RequesterId is { } id && await RequesterSearch.FindOneAsync(db, Me, id, ct) is { } chosen
            && (string.IsNullOrEmpty(typed) || typed == chosen.Label
                || (await RequesterSearch.FindAsync(db, Me, typed, ct)).Any(m => m.ContactId == id)))
        {
            Requester = chosen;
            return chosen.ClientId;
        }

        Input.RequesterId = null;
        Requester = null;
        if (string.IsNullOrEmpty(typed))
        {
            return null;
        }

        Matches = await RequesterSearch.FindAsync(db, Me, typed, ct);
        var exact = Matches.Where(m => string.Equals(m.Label, typed, StringComparison.OrdinalIgnoreCase) || string.Equals(m.Email, typed, StringComparison.OrdinalIgnoreCase)).ToList();
        var one = Matches.Count == 1 ? Matches[0] : exact.Count == 1 ? exact[0] : null;
        if (one is null)
        {
            return null;
        }

        Matches = [];
        Requester = one;
        Input.RequesterId = one.ContactId;
        Input.RequesterSearch = one.Label;
        return one.ClientId;
    }

    /// <summary>Use-case fields onto the form: the client is chosen through the requester, or the new contact's client.</summary>
    private string? FieldKey(string field) => field switch
    {
        "clientId" => PageUseCase.Key("Input", Input.NewContact ? "contactClient" : "requesterId"),
        "name" or "email" or "phone" => PageUseCase.Key("Input", "contact" + char.ToUpperInvariant(field[0]) + field[1..]),
        _ => PageUseCase.Key("Input", field),
    };

    private async Task<PageResult> ShowAsync(CancellationToken ct)
    {
        // What the server settled (the requester, a new contact turned requester) wins over what was posted.
        foreach (var key in new[] { "Input.RequesterId", "Input.RequesterSearch", "Input.NewContact", "Input.SubmissionId" })
        {
            if (ModelState.TryGetValue(key, out var entry))
            {
                entry.RawValue = null;
                entry.AttemptedValue = null;
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        int? clientId = null;
        if (Me.IsStaff)
        {
            if (Requester is null && Input.RequesterId is { } id)
            {
                Requester = await RequesterSearch.FindOneAsync(db, Me, id, ct);
                Input.RequesterId = Requester?.ContactId;
            }

            if (Requester is not null)
            {
                Input.RequesterSearch = Requester.Label;
            }

            clientId = Input.NewContact ? (await ClientChoice.FindAsync(db, Input.ContactClient, ct))?.Id : Requester?.ClientId;
            Clients = await ClientChoice.ActiveAsync(db, ct);
        }

        await LoadListsAsync(clientId, ct);
    }

    private async Task LoadListsAsync(int? clientId, CancellationToken ct)
    {
        Options = await TicketFormOptions.LoadAsync(db, Me, clientId, ct);
        HypercareProjects = await Hypercare.HypercareOptionsList.ForAsync(db, Me, clientId, ct);
    }

    private static string? Truncate(string? q) => q is { Length: > RequesterSearch.MaxQueryLength } ? q[..RequesterSearch.MaxQueryLength] : q;
}
