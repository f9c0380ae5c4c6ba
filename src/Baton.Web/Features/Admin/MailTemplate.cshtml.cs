using Baton.Domain.Audit;
using Baton.Domain.Mail;
using Baton.Web.Data;
using Baton.Web.Features.Mail;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Features.Admin;

/// <summary>
/// Edit one mail template: its subject and body with the placeholders it may use; "Preview" fills in the text as it
/// stands on a real ticket (saving nothing); "Save" keeps it; "Restore the shipped text" drops the edited version.
/// </summary>
public sealed partial class MailTemplateModel(BatonDb db, RequesterMail mail, IOptions<RequesterMailOptions> options, TimeProvider clock) : PageModel
{
    public sealed class TemplateForm
    {
        public string? Key { get; set; }
        public int Version { get; set; }
        public string? Subject { get; set; }
        public string? Body { get; set; }
        public string? TicketNumber { get; set; }
    }

    [BindProperty]
    public TemplateForm Input { get; set; } = new();

    public MailTemplateView Template { get; private set; } = null!;

    public MailPreview? Preview { get; private set; }

    /// <summary>
    /// The preview's HTML for the sandboxed frame, without the mail's inline styles: a srcdoc frame lives under this
    /// page's Content-Security-Policy, which allows no inline style (the mail as sent keeps them).
    /// </summary>
    public string? PreviewHtml => Preview is null ? null : InlineStyle().Replace(Preview.Html, "");

    public PageProblem? Problem { get; private set; }

    public List<AuditEntry> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? key, CancellationToken ct)
    {
        if (key is null)
        {
            return Redirect("/Admin/MailTemplates");
        }

        if (await SaveMailTemplate.FindAsync(db, key, ct) is not { } template)
        {
            return NotFound();
        }

        Input = new TemplateForm
        {
            Key = key, Version = template.Version, Subject = template.Subject, Body = template.Body,
            TicketNumber = await db.Tickets.AsNoTracking().OrderByDescending(t => t.Id).Select(t => t.Number).FirstOrDefaultAsync(ct),
        };
        return await ShowAsync(template, ct);
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (await SaveMailTemplate.FindAsync(db, Input.Key ?? "", ct) is not { } template)
        {
            return NotFound();
        }

        try
        {
            Preview = await SaveMailTemplate.PreviewAsync(db, mail, options.Value, template.Key, Input.TicketNumber, Input.Subject ?? "", Input.Body ?? "", ct);
        }
        catch (Exception e) when (this.Refused(nameof(Input), e))
        {
            // the message is on the ticket number's field
        }

        return await ShowAsync(template, ct);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var key = Input.Key ?? "";
        return await PageUseCase.RunAsync(this, nameof(Input),
            async () => await SaveMailTemplate.SaveAsync(db, key, Input.Version, Input.Subject, Input.Body, CurrentUser.From(User).Actor, clock.GetUtcNow(), ct) is { } saved
                ? this.Done($"\"{saved.Name}\" saved: the next mail of its kind is sent with it.", $"/Admin/MailTemplate?key={Uri.EscapeDataString(key)}")
                : null,
            async problem =>
            {
                Problem = problem;
                return await SaveMailTemplate.FindAsync(db, key, ct) is { } template ? await ShowAsync(template, ct) : NotFound();
            });
    }

    public async Task<IActionResult> OnPostRestoreAsync(CancellationToken ct)
    {
        var key = Input.Key ?? "";
        var template = await SaveMailTemplate.FindAsync(db, key, ct);
        return template is not null && await SaveMailTemplate.RestoreAsync(db, key, ct)
            ? this.Done($"\"{template.Name}\" is back to the shipped text.", $"/Admin/MailTemplate?key={Uri.EscapeDataString(key)}")
            : NotFound();
    }

    private async Task<IActionResult> ShowAsync(MailTemplateView template, CancellationToken ct)
    {
        Template = template;
        var ids = await db.MailTemplates.AsNoTracking().Where(t => t.Key == template.Key).Select(t => (long)t.Id).ToListAsync(ct);
        History = ids.Count == 0 ? [] : await db.AuditEntries.AsNoTracking()
            .Where(a => a.RecordKind == Baton.Domain.Mail.MailTemplate.RecordKind && ids.Contains(a.RecordId))
            .OrderByDescending(a => a.Id).Take(30).ToListAsync(ct);
        return Page();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\sstyle=""[^""]*""")]
    private static partial System.Text.RegularExpressions.Regex InlineStyle();
}
