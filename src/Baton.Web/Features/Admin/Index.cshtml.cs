using Baton.Web.Features.Outbox;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

public sealed class IndexModel(BatonDb db) : PageModel
{
    public int ActiveClients { get; private set; }
    public int Clients { get; private set; }
    public int Contacts { get; private set; }
    public int Teams { get; private set; }
    public int Staff { get; private set; }
    public int ActiveCategories { get; private set; }
    public int Categories { get; private set; }
    public bool IsAdministrator { get; private set; }
    public int OutboxWaiting { get; private set; }
    public int OutboxFailed { get; private set; }
    public int MailUnknownSenders { get; private set; }
    public int MailUnprocessed { get; private set; }
    public int Mailboxes { get; private set; }
    public int MailboxErrors { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        IsAdministrator = CurrentUser.From(User).IsAdministrator;
        ActiveClients = await db.Clients.CountAsync(c => c.IsActive, ct);
        Clients = await db.Clients.CountAsync(ct);
        Contacts = await db.Contacts.CountAsync(ct);
        Teams = await db.Teams.CountAsync(ct);
        var staffRoleIds = db.Roles.Where(r => Roles.Staff.Contains(r.Name!)).Select(r => r.Id);
        Staff = await db.Users.CountAsync(u => db.UserRoles.Any(ur => ur.UserId == u.Id && staffRoleIds.Contains(ur.RoleId)), ct);
        ActiveCategories = await db.Categories.CountAsync(c => c.IsActive, ct);
        Categories = await db.Categories.CountAsync(ct);
        OutboxWaiting = await db.OutboxMessages.In(Outbox.OutboxReview.State.Waiting).CountAsync(ct);
        OutboxFailed = await db.OutboxMessages.In(Outbox.OutboxReview.State.Failed).CountAsync(ct);
        MailUnknownSenders = await db.InboundMails.CountAsync(m => m.State == InboundMailState.UnknownSender, ct);
        MailUnprocessed = await db.InboundMails.CountAsync(m => m.State == InboundMailState.Unprocessable, ct);
        Mailboxes = await db.Mailboxes.CountAsync(ct);
        MailboxErrors = await db.Mailboxes.CountAsync(m => m.IsActive && m.LastError != null, ct);
    }
}
