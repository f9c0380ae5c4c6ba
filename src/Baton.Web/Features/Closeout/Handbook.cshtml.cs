using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Closeout;

/// <summary>
/// /Projects/{number}/Handbook: the project's one-page support handbook, printable (print CSS). Staff and the
/// project's own client contacts read it; to anyone else the project does not exist.
/// </summary>
public sealed class HandbookModel(BatonDb db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = "";

    public HandbookResponse Handbook { get; private set; } = default!;

    public bool IsStaff { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User);
        if (await SupportHandbook.GetAsync(db, me, Number, ct) is not { } handbook)
        {
            return NotFound();
        }

        Handbook = handbook;
        IsStaff = me.IsStaff;
        return Page();
    }
}
