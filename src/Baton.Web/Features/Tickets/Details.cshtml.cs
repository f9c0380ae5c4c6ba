using Baton.Domain.Links;
using Baton.Web.Features.Shared.Links;
using System.ComponentModel.DataAnnotations;
using Baton.Domain;
using Baton.Domain.Informing;
using Baton.Domain.Insight;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Insight;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Features.Shared.Audit;
using Baton.Web.Features.Shared.Timeline;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Baton.Web.Infrastructure.Files;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Tickets;

public sealed class DetailsModel(
    BatonDb db, TimeProvider clock, IAttachmentStore store, IOptions<AttachmentOptions> attachmentOptions, IOptions<ProjectInsightOptions> insightOptions,
    Shared.INotificationChannel channel) : PageModel
{
    public sealed record ReplyInput
    {
        [Required(ErrorMessage = "Write something before sending.")]
        [StringLength(Baton.Domain.Tickets.Ticket.MessageMaxLength)]
        public string Body { get; set; } = "";

        public bool Internal { get; set; }
    }

    public sealed record TransitionInput
    {
        public TicketTransition Transition { get; set; }
        public string? Note { get; set; }
        public int Version { get; set; }
    }

    public sealed record AssignInput
    {
        public int? TeamId { get; set; }
        public string? AssigneeId { get; set; }
        public int Version { get; set; }
    }

    public sealed record EditInput
    {
        [Required(ErrorMessage = "The title cannot be empty.")]
        [StringLength(Baton.Domain.Tickets.Ticket.TitleMaxLength)]
        public string Title { get; set; } = "";

        public string? Description { get; set; }
        public int? CategoryId { get; set; }
        public int? SiteId { get; set; }
        public int? ConfigurationItemId { get; set; }
        public RequestType RequestType { get; set; }
        public Impact Impact { get; set; }
        public Urgency Urgency { get; set; }
        public int Version { get; set; }
    }

    /// <summary>A verdict from the insight panel: this ticket caused by a project, or not related to it.</summary>
    public sealed record AttributionInput
    {
        public string? ProjectNumber { get; set; }
        public AttributionVerdict Verdict { get; set; }

        [StringLength(ProjectAttribution.NoteMaxLength)]
        public string? Note { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    [BindProperty]
    public ReplyInput Reply { get; set; } = new();

    [BindProperty]
    public TransitionInput Move { get; set; } = new();

    [BindProperty]
    public AssignInput Assignment { get; set; } = new();

    [BindProperty]
    public EditInput Edit { get; set; } = new();

    [BindProperty]
    public AttributionInput Attribution { get; set; } = new();

    [BindProperty]
    public LinkInput Link { get; set; } = new();

    public sealed record ParticipantInput
    {
        public string? Email { get; set; }
        public string? Name { get; set; }
    }

    [BindProperty]
    public ParticipantInput Participant { get; set; } = new();

    /// <summary>"What do you think?" to a colleague (the matrix's Consulted are suggested first).</summary>
    public sealed record ConsultInput
    {
        public string? ConsulteeId { get; set; }

        [StringLength(ConsultRequest.QuestionMaxLength)]
        public string? Question { get; set; }
    }

    public sealed record ConsultAnswerInput
    {
        public long ConsultId { get; set; }

        [StringLength(ConsultRequest.AnswerMaxLength)]
        public string? Answer { get; set; }
    }

    [BindProperty]
    public ConsultInput Consult { get; set; } = new();

    [BindProperty]
    public ConsultAnswerInput ConsultAnswer { get; set; } = new();

    /// <summary>Staff only: the consults on this ticket and whom one may be put to (the matrix's Consulted first).</summary>
    public Informing.ConsultsSection? Consulted { get; private set; }

    /// <summary>Who else is on the mail thread (staff see and manage them).</summary>
    public IReadOnlyList<ParticipantResponse> Participants { get; private set; } = [];

    /// <summary>The ticket's links to other records (staff may add and remove them).</summary>
    public LinksSection Links { get; private set; } = default!;

    public TicketResponse Ticket { get; private set; } = default!;
    public IReadOnlyList<TimelineItem> Timeline { get; private set; } = [];

    /// <summary>Why mail to the requester is not sent (their address bounced for good); shown to staff, null otherwise.</summary>
    public string? RequesterUndeliverable { get; private set; }

    /// <summary>The mail that opened the ticket, read in full; null when it was not opened by mail.</summary>
    public string? OpeningMailHref { get; private set; }
    public IReadOnlyList<AuditEntryResponse> AuditTrail { get; private set; } = [];

    /// <summary>Coverage and clocks, for staff; null for a contact or a ticket without clocks.</summary>
    public SlaResponse? Sla { get; private set; }

    /// <summary>Staff only: the matrix row this ticket falls under, resolved to people, with why.</summary>
    public Informing.TicketInvolved? Involved { get; private set; }

    /// <summary>The client's projects that matter to this ticket, for staff; null for a contact.</summary>
    public InsightPanel? Insight { get; private set; }
    public IReadOnlyList<AttachmentResponse> Files { get; private set; } = [];
    public TicketFormOptions Options { get; private set; } = new();
    public CurrentUser Me { get; private set; } = default!;

    public Meetings.MeetingsSection Meetings { get; private set; } = default!;

    /// <summary>?purpose=Feedback prefills the call form (linked from elsewhere with #call-meeting).</summary>
    [BindProperty(SupportsGet = true)]
    public Baton.Domain.Meetings.MeetingPurpose Purpose { get; set; } = Baton.Domain.Meetings.MeetingPurpose.Meeting;
    public long MaxAttachmentBytes => attachmentOptions.Value.MaxBytes;

    /// <summary>A problem with the last action that is not about one field (e.g. someone else changed the ticket).</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await Show(fillForms: true, ct);

    public async Task<IActionResult> OnPostReplyAsync(IFormFile? replyFile, CancellationToken ct)
    {
        Only("Reply");
        IReadOnlyList<Informing.MentionableResponse> told = [];
        return await Run(async () =>
        {
            // Refuse a bad file before the reply goes out, so the requester never gets half a message.
            if (replyFile is not null)
            {
                try
                {
                    AttachFile.CheckFile(replyFile, attachmentOptions.Value.MaxBytes);
                }
                catch (InputInvalidException e)
                {
                    throw new InputInvalidException(new() { ["file"] = e.Errors["file"] });
                }
            }

            var posted = await ChangeTicket.PostMessageAsync(db, Me, Number, new PostMessageRequest(Reply.Body, Reply.Internal), clock, ct);
            if (posted is not { Message: var message })
            {
                return false;
            }

            if (replyFile is not null)
            {
                await AttachFile.ExecuteAsync(db, store, attachmentOptions, Me, Number, replyFile, Reply.Internal, message.Id, clock, ct);
            }

            told = await Informing.MentionNotice.WhoIsToldAsync(db, message, ct);
            return true;
        }, () => Reply.Internal ? NoteDone(told) : "Reply sent.", "Reply", ct);
    }

    /// <summary>"Internal note added; Dana Ops is told." — who the note's @mentions reach (an unknown handle reaches nobody, and is no error).</summary>
    private static string NoteDone(IReadOnlyList<Informing.MentionableResponse> told) => told.Count == 0
        ? "Internal note added."
        : $"Internal note added; {string.Join(", ", told.Select(p => p.DisplayName))} {(told.Count == 1 ? "is" : "are")} told.";

    /// <summary>The note box's @autocomplete: staff a note may mention, as JSON (the desk's only).</summary>
    public async Task<IActionResult> OnGetMentionableAsync(string? q, CancellationToken ct)
    {
        if (!CurrentUser.From(User).IsStaff)
        {
            return Forbid();
        }

        var people = await Informing.MentionablePeople.SearchAsync(db, q is { Length: > 100 } ? q[..100] : q, clock.GetUtcNow(), ct);
        return new JsonResult(people.Select(p => new { handle = p.Handle, displayName = p.DisplayName }));
    }

    public async Task<IActionResult> OnPostConsultAsync(CancellationToken ct)
    {
        Only(nameof(Consult));
        return await Run(async () => await Informing.Consults.AskAsync(db, channel, Me, Number, new Informing.AskConsultRequest(Consult.ConsulteeId, Consult.Question), clock, ct) is not null,
            "Question asked; they are told, and reminded tomorrow if they have not answered.", nameof(Consult), ct);
    }

    public async Task<IActionResult> OnPostConsultAnswerAsync(CancellationToken ct)
    {
        Only(nameof(ConsultAnswer));
        return await Run(async () => await Informing.Consults.AnswerAsync(db, channel, Me, Number, ConsultAnswer.ConsultId, new Informing.AnswerConsultRequest(ConsultAnswer.Answer), clock, ct) is not null,
            "Answer recorded; the asker is told.", nameof(ConsultAnswer), ct);
    }

    public async Task<IActionResult> OnPostWithdrawConsultAsync(long consultId, CancellationToken ct)
    {
        ModelState.Clear();
        return await Run(async () => await Informing.Consults.WithdrawAsync(db, Me, Number, consultId, clock, ct) is not null, "Question withdrawn.", nameof(ConsultAnswer), ct);
    }

    public async Task<IActionResult> OnPostMoveAsync(CancellationToken ct)
    {
        Only("Move");
        return await Run(async () => await ChangeTicket.MoveAsync(db, Me, Number, Move.Version, new TransitionRequest(Move.Transition, Move.Note), clock, ct) is not null,
            $"Done: {Domain.Tickets.Ticket.Describe(Move.Transition).Replace("be ", "", StringComparison.Ordinal)}.", "Move", ct);
    }

    public async Task<IActionResult> OnPostAssignAsync(CancellationToken ct)
    {
        Only("Assignment");
        return await Run(async () => await ChangeTicket.AssignAsync(db, Me, Number, Assignment.Version, new AssignTicketRequest(Assignment.TeamId, Assignment.AssigneeId), clock, ct) is not null,
            "Assignment saved.", "Assignment", ct);
    }

    public async Task<IActionResult> OnPostEditAsync(CancellationToken ct)
    {
        Only("Edit");
        var request = new UpdateTicketRequest(Edit.Title, Edit.Description, Edit.CategoryId, Edit.SiteId, Edit.ConfigurationItemId, Edit.RequestType, null, Edit.Impact, Edit.Urgency)
        {
            Present = UpdateTicketRequest.AllFields.Where(f => f != "requesterId").ToHashSet(StringComparer.OrdinalIgnoreCase),
        };
        return await Run(async () => await ChangeTicket.UpdateAsync(db, Me, Number, Edit.Version, request, clock, ct) is not null, "Details saved.", "Edit", ct);
    }

    public async Task<IActionResult> OnPostAttributeAsync(CancellationToken ct)
    {
        Only("Attribution");
        var request = new AttributeTicketRequest(Attribution.ProjectNumber ?? "", Attribution.Verdict, Attribution.Note);
        return await Run(async () => await AttributeTicket.ExecuteAsync(db, Me, Number, request, clock, ct) is not null,
            $"{request.ProjectNumber.Trim().ToUpperInvariant()}: {(request.Verdict == AttributionVerdict.CausedBy ? "marked as the cause" : "marked not related")}.",
            "Attribution", ct);
    }

    public async Task<IActionResult> OnPostLinkAsync(CancellationToken ct)
    {
        Only(LinksSection.Prefix);
        Me = CurrentUser.From(User);
        return await LinksSection.LinkAsync(this, db, Me, LinkableKinds.Tickets, Number, Link, $"/Tickets/{Uri.EscapeDataString(Number)}", clock, Redisplay(ct), ct);
    }

    public async Task<IActionResult> OnPostUnlinkAsync(long linkId, CancellationToken ct)
    {
        Only(LinksSection.Prefix);
        Me = CurrentUser.From(User);
        return await LinksSection.UnlinkAsync(this, db, Me, LinkableKinds.Tickets, Number, linkId, $"/Tickets/{Uri.EscapeDataString(Number)}", Redisplay(ct), ct);
    }

    public async Task<IActionResult> OnPostParticipantAsync(CancellationToken ct)
    {
        Only(nameof(Participant));
        var email = (Participant.Email ?? "").Trim();
        return await Run(async () => await TicketParticipants.AddAsync(db, Me, Number, new ParticipantRequest(email, Participant.Name), clock, ct) is not null,
            $"{email.ToLowerInvariant()} is on the mail thread: they get the public replies and may reply.", nameof(Participant), ct);
    }

    public async Task<IActionResult> OnPostRemoveParticipantAsync(long participantId, CancellationToken ct)
    {
        ModelState.Clear();
        return await Run(() => TicketParticipants.RemoveAsync(db, Me, Number, participantId, ct), "Taken off the mail thread.", nameof(Participant), ct);
    }

    public async Task<IActionResult> OnPostAttachAsync(IFormFile? file, bool internalFile, CancellationToken ct)
    {
        ModelState.Clear();
        Me = CurrentUser.From(User);
        return await Run(async () => await AttachFile.ExecuteAsync(db, store, attachmentOptions, Me, Number, file, internalFile, null, clock, ct) is not null,
            "File attached.", "File", ct);
    }

    public async Task<IActionResult> OnGetDownloadAsync(long attachmentId, CancellationToken ct)
    {
        var attachment = await AttachFile.FindAsync(db, CurrentUser.From(User), Number, attachmentId, ct);
        return attachment is null ? NotFound() : File(store.OpenRead(attachment.StorageKey), attachment.ContentType, AttachFile.SafeFileName(attachment.FileName));
    }

    private Task<IActionResult> Run(Func<Task<bool>> action, string done, string form, CancellationToken ct) => Run(action, () => done, form, ct);

    /// <summary>Runs the use case; <paramref name="done"/> words the flash once it has run (it may name what the run found).</summary>
    private async Task<IActionResult> Run(Func<Task<bool>> action, Func<string> done, string form, CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        return await PageUseCase.RunAsync(this, form,
            async () => await action() ? this.Done(done(), $"/Tickets/{Uri.EscapeDataString(Number)}") : null,
            Redisplay(ct),
            // A refused transition is about the ticket's state, not a field of the form.
            field => field is "transition" or "consultId" ? null : PageUseCase.Key(form, field));
    }

    private Func<PageProblem?, Task<IActionResult>> Redisplay(CancellationToken ct) => async problem =>
    {
        Problem = problem?.Message;
        return await Show(fillForms: problem?.Stale == true, ct);
    };

    private async Task<IActionResult> Show(bool fillForms, CancellationToken ct)
    {
        Me = CurrentUser.From(User);
        var ticket = await TicketView.GetAsync(db, Me, Number, ct);
        if (ticket is null)
        {
            return NotFound();
        }

        Ticket = ticket;
        Number = ticket.Number;
        var messages = await TicketView.MessagesAsync(db, Me, ticket.Id, ct);
        Files = await TicketView.AttachmentsAsync(db, Me, ticket.Id, ct);
        if (Me.IsStaff)
        {
            AuditTrail = await TicketView.AuditAsync(db, ticket.Id, ct);
            Options = await TicketFormOptions.LoadAsync(db, Me, ticket.ClientId, ct);
            Sla = await SlaView.GetAsync(db, ticket.Id, clock.GetUtcNow(), ct);
            Participants = await TicketParticipants.ListAsync(db, Me, ticket.Number, ct) ?? [];
            Involved = await Informing.TicketInvolvement.ForAsync(
                db, new Informing.TicketSubject(ticket.Id, ticket.Kind, ticket.Priority, ticket.ClientId, ticket.RequesterId, ticket.TeamId, ticket.AssigneeId), clock.GetUtcNow(), ct);
            await LoadConsultsAsync(ticket, ct);
            RequesterUndeliverable = await db.Contacts.Where(c => c.Id == ticket.RequesterId).Select(c => c.MailUndeliverable).SingleOrDefaultAsync(ct);
            var insight = await TicketInsight.GetAsync(
                db, new InsightTicket(ticket.Id, ticket.Number, ticket.ClientId, ticket.SiteId, ticket.ConfigurationItemId), insightOptions.Value, clock.GetUtcNow(), ct);
            Insight = new InsightPanel(insight, fillForms ? null : Attribution.ProjectNumber, Attribution.Note);
        }

        Links = await LinksSection.LoadAsync(db, Me, new RecordRef(RecordKind.Ticket, ticket.Id), Link, ct);
        Meetings = await Baton.Web.Features.Meetings.MeetingsSection.LoadAsync(
            db, Me, ticket.Number, ticket.ClientId, ticket.RequesterId, ticket.AssigneeId, ticket.Status == TicketStatus.Closed, Purpose, clock.GetUtcNow(), ct);
        // A contact does not see the trail, but is told who resolved the ticket, as they are told who replied, and which
        // agent raised it for them (the creating user belongs to no client).
        var trail = Me.IsStaff || ticket.ResolvedAt is null ? AuditTrail : await TicketView.AuditAsync(db, ticket.Id, ct, [Domain.Tickets.Ticket.ResolutionField]);
        var openedByStaff = Me.IsStaff ? null : await (
            from a in db.AuditEntries
            where a.RecordKind == Domain.Tickets.Ticket.RecordKind && a.RecordId == ticket.Id && a.Field == Domain.Tickets.Ticket.CreatedField
            join u in db.Users on a.ActorId equals u.Id
            where u.ClientId == null
            select a.ActorName).FirstOrDefaultAsync(ct);
        // Messages that came by mail link to the whole mail; so does the ticket, when a mail opened it.
        var messageIds = messages.Select(m => m.Id).ToList();
        var mails = await db.InboundMails.AsNoTracking()
            .Where(m => m.TicketId == ticket.Id && (m.TicketMessageId != null ? messageIds.Contains(m.TicketMessageId.Value) : m.Outcome == InboundMailOutcome.NewTicket || m.Outcome == InboundMailOutcome.FollowUpTicket))
            .Select(m => new { m.Id, m.TicketMessageId }).ToListAsync(ct);
        OpeningMailHref = mails.Where(m => m.TicketMessageId is null).Select(m => $"/Tickets/{ticket.Number}/Mail/{m.Id}").FirstOrDefault();
        Timeline = TicketTimeline.Build(ticket, messages, trail, Files, Me.IsStaff, Sla?.Events ?? [],
            f => Url.Page("/Tickets/Details", "Download", new { number = ticket.Number, attachmentId = f.Id }) ?? "", openedByStaff,
            mails.Where(m => m.TicketMessageId is not null).DistinctBy(m => m.TicketMessageId).ToDictionary(m => m.TicketMessageId!.Value, m => $"/Tickets/{ticket.Number}/Mail/{m.Id}"));

        // A fresh page carries the version it shows; after a failed post the forms keep what the user typed
        // but take the current version, so a second try applies to what they now see.
        Move = Move with { Version = ticket.Version };
        Assignment = fillForms ? new AssignInput { TeamId = ticket.TeamId, AssigneeId = ticket.AssigneeId, Version = ticket.Version } : Assignment with { Version = ticket.Version };
        Edit = fillForms
            ? new EditInput
            {
                Title = ticket.Title, Description = ticket.Description, CategoryId = ticket.CategoryId, SiteId = ticket.SiteId,
                ConfigurationItemId = ticket.ConfigurationItemId, RequestType = ticket.RequestType, Impact = ticket.Impact, Urgency = ticket.Urgency,
                Version = ticket.Version,
            }
            : Edit with { Version = ticket.Version };
        return Page();
    }

    private async Task LoadConsultsAsync(TicketResponse ticket, CancellationToken ct)
    {
        var consults = Informing.Consults.ForPage(await Informing.Consults.ListAsync(db, Me, ticket.Number, ct) ?? []);
        var consulted = Involved!.Lines.Where(l => l.Letter == RasciLetter.Consulted && !l.Person.IsContact && l.Person.UserId is not null && l.Person.UserId != Me.Id)
            .Select(l => l.Person).DistinctBy(p => p.UserId).ToList();
        var staff = (await Informing.MentionablePeople.AllAsync(db, clock.GetUtcNow(), ct)).Where(p => p.Id != Me.Id)
            .Select(p => new Informing.ConsulteeChoice(p.Id, $"{p.DisplayName} (@{p.Handle})", consulted.Any(c => c.UserId == p.Id)))
            .OrderBy(p => p.ByMatrix ? 0 : 1).ToList();
        // The matrix's first Consulted is the default choice.
        var chosen = string.IsNullOrEmpty(Consult.ConsulteeId) ? staff.FirstOrDefault(p => p.ByMatrix)?.Id : Consult.ConsulteeId;
        Consulted = new Informing.ConsultsSection(ticket.Number, ticket.Status == TicketStatus.Closed, Me.Id, consults, staff, [.. consulted.Select(p => p.Name)],
            chosen, Consult.Question, ConsultAnswer.ConsultId, ConsultAnswer.Answer);
    }

    // One page, several forms: only the posted form's fields are validated.
    private void Only(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix + ".", StringComparison.Ordinal) && k != "Number").ToList())
        {
            ModelState.Remove(key);
        }
    }
}
