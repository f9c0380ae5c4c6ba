using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Notifications;

public sealed class IndexModel(BatonDb db, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    /// <summary>Shows notifications older than this id (the "Older" link).</summary>
    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public IReadOnlyList<NotificationResponse> Items { get; private set; } = [];

    public int Unread { get; private set; }

    public long? OlderThan => Items.Count == PageSize ? Items[^1].Id : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        Items = await NotificationInbox.ListAsync(db, me.Id, unreadOnly: false, Before, PageSize, ct);
        Unread = await NotificationInbox.CountUnreadAsync(db, me.Id, ct);
    }

    public async Task<IActionResult> OnPostMarkAllReadAsync(CancellationToken ct)
    {
        var count = await NotificationInbox.MarkAllReadAsync(db, CurrentUser.From(User).Id, clock.GetUtcNow(), ct);
        TempData["Flash"] = count == 1 ? "1 notification marked read." : $"{count} notifications marked read.";
        return RedirectToPage();
    }
}
