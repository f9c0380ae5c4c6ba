using Baton.Web.Data;
using Baton.Web.Features.Mail;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Admin;

/// <summary>Every mail Baton sends, grouped by who gets it: shipped or edited, and by whom.</summary>
public sealed class MailTemplatesModel(BatonDb db) : PageModel
{
    public List<MailTemplateView> Templates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Templates = await SaveMailTemplate.ListAsync(db, ct);
}
