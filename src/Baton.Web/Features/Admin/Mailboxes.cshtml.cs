using Baton.Web.Data;
using Baton.Web.Features.Mail;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Admin;

/// <summary>The IMAP mailboxes Baton polls: where, as whom (the password encrypted, never shown), which folders, the last poll and its error; poll now.</summary>
public sealed class MailboxesModel(BatonDb db, MailboxPasswords passwords, ImapPoller poller, IOptions<ImapOptions> imap, IOptions<InboundMailOptions> inbound) : PageModel
{
    public sealed record MailboxInput
    {
        public int? Id { get; set; }
        public string? Address { get; set; }
        public string? FromName { get; set; }
        public string? Host { get; set; }
        public int Port { get; set; } = 993;
        public MailboxSecurity Security { get; set; } = MailboxSecurity.Tls;
        public string? UserName { get; set; }
        public string? Password { get; set; }
        public string? Folder { get; set; } = "INBOX";
        public string? ProcessedFolder { get; set; } = "Baton/Processed";
        public int? DefaultTeamId { get; set; }
        public bool IsActive { get; set; } = true;
        public bool ImportAsArchive { get; set; }
    }

    public sealed record Row(Mailbox Mailbox, string? TeamName, int Filed, int Waiting);

    [BindProperty]
    public MailboxInput Input { get; set; } = new();

    public List<Row> Mailboxes { get; private set; } = [];

    public List<(int Id, string Name)> Teams { get; private set; } = [];

    public TimeSpan PollInterval => imap.Value.PollInterval;

    public bool GatewayOn => inbound.Value.GatewayToken.Length > 0;

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(int? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (edit is not null)
        {
            var m = Mailboxes.Select(r => r.Mailbox).SingleOrDefault(b => b.Id == edit);
            if (m is null)
            {
                return NotFound();
            }

            Input = new MailboxInput
            {
                Id = m.Id, Address = m.Address, FromName = m.FromName, Host = m.Host, Port = m.Port, Security = m.Security, UserName = m.UserName,
                Folder = m.Folder, ProcessedFolder = m.ProcessedFolder, DefaultTeamId = m.DefaultTeamId, IsActive = m.IsActive, ImportAsArchive = m.ImportAsArchive,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Input));
        if (ModelState.HasBindingErrors(nameof(Input)))
        {
            return await RedisplayAsync(ct);
        }

        Mailbox? saved;
        try
        {
            saved = await SaveMailbox.ExecuteAsync(db, passwords, Input.Id, new MailboxRequest(
                Input.Address ?? "", Input.FromName, Input.Host ?? "", Input.Port, Input.Security, Input.UserName ?? "", Input.Password,
                Input.Folder, Input.ProcessedFolder, Input.DefaultTeamId, Input.IsActive, Input.ImportAsArchive), ct);
        }
        catch (Exception e) when (this.Refused(nameof(Input), e))
        {
            return await RedisplayAsync(ct);
        }

        if (saved is null)
        {
            return NotFound();
        }

        Flash = Input.Id is null
            ? $"Mailbox {saved.Address} added. Use \"Poll now\" to check that Baton can sign in."
            : $"Mailbox {saved.Address} saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPollAsync(int id, CancellationToken ct)
    {
        var mailbox = await db.Mailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (mailbox is null)
        {
            return NotFound();
        }

        var result = await poller.PollAsync(db, id, force: true, ct);
        Flash = result.Error is { } error
            ? $"{mailbox.Address}: {error}"
            : $"{mailbox.Address}: signed in; {Baton.Domain.Text.Count(result.Taken, "new mail", "new mail")} taken in, {Baton.Domain.Text.Count(result.Moved, "message")} moved to {mailbox.ProcessedFolder}.";
        return RedirectToPage();
    }

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        Input.Password = null; // never sent back to the browser
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        Teams = teams.Select(t => (t.Id, t.Name)).ToList();
        var boxes = await db.Mailboxes.AsNoTracking().OrderBy(m => m.Address).ToListAsync(ct);
        var counts = await db.InboundMails.AsNoTracking().Where(m => m.MailboxId != null)
            .GroupBy(m => new { m.MailboxId, Filed = m.State == InboundMailState.Filed })
            .Select(g => new { g.Key.MailboxId, g.Key.Filed, Count = g.Count() }).ToListAsync(ct);
        Mailboxes = boxes.Select(b => new Row(b,
            teams.FirstOrDefault(t => t.Id == b.DefaultTeamId)?.Name,
            counts.Where(c => c.MailboxId == b.Id && c.Filed).Sum(c => c.Count),
            counts.Where(c => c.MailboxId == b.Id && !c.Filed).Sum(c => c.Count))).ToList();
    }
}
