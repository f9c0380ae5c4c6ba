using Baton.Web.Data;
using Baton.Web.Features.Contacts;
using Baton.Web.Features.Mail;
using Baton.Web.Infrastructure.Errors;
using Baton.Web.Infrastructure.Files;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>
/// Incoming mail that needs a person: mail from unknown senders (accept it for a client: the contact is made and the
/// mail filed where it threads) and mail that could not be processed (the reason, the raw message, process again);
/// and the latest filed, to see what came in. Nothing that came in is ever dropped, so it is all here.
/// </summary>
public sealed class IncomingMailModel(BatonDb db, UserManager<BatonUser> users, MailFiling filing, IAttachmentStore store) : PageModel
{
    public const int Shown = 100;

    public enum View
    {
        Unknown,
        Unprocessed,
        Filed,
    }

    public sealed record Row(InboundMail Mail, string? TicketNumber, string? Mailbox);

    public sealed record AcceptInput
    {
        public long MailId { get; set; }
        public int? ClientId { get; set; }
        public string? Name { get; set; }
    }

    [BindProperty]
    public AcceptInput Accept { get; set; } = new();

    public View Showing { get; private set; }

    public Dictionary<View, int> Counts { get; private set; } = [];

    public List<Row> Mails { get; private set; } = [];

    public List<(int Id, string Name)> Clients { get; private set; } = [];

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(string? view, CancellationToken ct)
    {
        if (view is not null && !Enum.TryParse<View>(view, ignoreCase: true, out _))
        {
            return BadRequest($"Unknown view '{view}': use unknown, unprocessed or filed.");
        }

        await LoadAsync(view is null ? null : Enum.Parse<View>(view, ignoreCase: true), ct);
        return Page();
    }

    /// <summary>Accepts an unknown sender for a client: makes them its contact, then files the mail (a ticket, or a reply where it threads).</summary>
    public async Task<IActionResult> OnPostAcceptAsync(CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Accept));
        var mail = await db.InboundMails.AsNoTracking().SingleOrDefaultAsync(m => m.Id == Accept.MailId && m.State == InboundMailState.UnknownSender, ct);
        if (mail is null)
        {
            Flash = "That mail was filed already.";
            return RedirectToPage(new { view = "unknown" });
        }

        if (Accept.ClientId is not { } clientId)
        {
            ModelState.AddModelError($"{nameof(Accept)}.{nameof(AcceptInput.ClientId)}", "Choose the client this sender works for.");
            await LoadAsync(View.Unknown, ct);
            return Page();
        }

        try
        {
            var name = string.IsNullOrWhiteSpace(Accept.Name) ? (mail.FromName.Length > 0 ? mail.FromName : mail.FromAddress) : Accept.Name.Trim();
            if (await db.Contacts.AnyAsync(c => c.ClientId == clientId && c.Email == mail.FromAddress.ToLower(), ct) is false
                && await SaveContact.CreateAsync(db, users, Infrastructure.Auth.CurrentUser.From(User), clientId, new ContactRequest(name, mail.FromAddress), ct) is null)
            {
                return NotFound();
            }
        }
        catch (Exception e) when (this.Refused(nameof(Accept), e))
        {
            await LoadAsync(View.Unknown, ct);
            return Page();
        }

        var filed = await filing.RefileAsync(db, mail.Id, ct);
        var number = filed.TicketId is { } ticketId ? await db.Tickets.Where(t => t.Id == ticketId).Select(t => t.Number).SingleAsync(ct) : null;
        Flash = number is null
            ? $"{mail.FromAddress} is now a contact; the mail: {filed.Reason ?? filed.State.ToString()}"
            : $"{mail.FromAddress} is now a contact, and the mail is on {number}.";
        return RedirectToPage(new { view = "unknown" });
    }

    /// <summary>Files a mail that could not be processed once more (after a fix, or a failure that has passed).</summary>
    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct)
    {
        var mail = await db.InboundMails.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (mail is null)
        {
            return NotFound();
        }

        if (mail.State == InboundMailState.Filed)
        {
            Flash = $"Mail {id} was filed already.";
            return RedirectToPage(new { view = "unprocessed" });
        }

        var filed = await filing.RefileAsync(db, id, ct);
        Flash = filed.State == InboundMailState.Filed
            ? $"Mail {id} processed: {filed.Outcome}."
            : $"Mail {id} still could not be processed: {filed.Reason}";
        return RedirectToPage(new { view = filed.State == InboundMailState.UnknownSender ? "unknown" : "unprocessed" });
    }

    /// <summary>The message exactly as it arrived, as a file (.eml) to open in a mail client: the full message, one click away.</summary>
    public async Task<IActionResult> OnGetRawAsync(long id, CancellationToken ct)
    {
        var key = await db.InboundMails.AsNoTracking().Where(m => m.Id == id).Select(m => m.StorageKey).SingleOrDefaultAsync(ct);
        if (key is null)
        {
            return NotFound();
        }

        return File(store.OpenRead(key), "message/rfc822", $"mail-{id}.eml");
    }

    private async Task LoadAsync(View? view, CancellationToken ct)
    {
        var counts = await db.InboundMails.AsNoTracking().GroupBy(m => m.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(InboundMailState s) => counts.Where(c => c.Key == s).Sum(c => c.Count);
        Counts = new()
        {
            [View.Unknown] = Of(InboundMailState.UnknownSender),
            [View.Unprocessed] = Of(InboundMailState.Unprocessable),
            [View.Filed] = Of(InboundMailState.Filed),
        };
        // Nothing asked for: what needs a look first.
        Showing = view ?? (Counts[View.Unknown] > 0 ? View.Unknown : Counts[View.Unprocessed] > 0 ? View.Unprocessed : View.Filed);
        var state = Showing switch
        {
            View.Unknown => InboundMailState.UnknownSender,
            View.Unprocessed => InboundMailState.Unprocessable,
            _ => InboundMailState.Filed,
        };
        Mails = await db.InboundMails.AsNoTracking().Where(m => m.State == state).OrderByDescending(m => m.Id).Take(Shown)
            .Select(m => new Row(m, db.Tickets.Where(t => t.Id == m.TicketId).Select(t => t.Number).FirstOrDefault(),
                db.Mailboxes.Where(b => b.Id == m.MailboxId).Select(b => b.Address).FirstOrDefault()))
            .ToListAsync(ct);
        if (Showing == View.Unknown)
        {
            var clients = await db.Clients.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
            Clients = clients.Select(c => (c.Id, c.Name)).ToList();
        }
    }
}
