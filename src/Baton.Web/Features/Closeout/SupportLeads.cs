using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Closeout;

/// <summary>
/// Who counts as a support lead: a manager or an administrator, or the lead of any team (Admin → Teams). Only support
/// leads edit the close-out template, decide proposals, sign off a close-out (or withdraw the sign-off) and release a
/// project's lead. Every member of staff may read the template, fill a checklist and record a hand-off.
/// </summary>
public static class SupportLeads
{
    public static async Task<bool> IsSupportLeadAsync(BatonDb db, CurrentUser user, CancellationToken ct) =>
        user.IsStaff && (user.IsAdministrator || user.IsManager || await db.Teams.AnyAsync(t => t.LeadUserId == user.Id, ct));

    /// <summary>Throws <see cref="ForbiddenException"/> (403) unless the user is a support lead.</summary>
    public static async Task RequireAsync(BatonDb db, CurrentUser user, string what, CancellationToken ct)
    {
        if (!await IsSupportLeadAsync(db, user, ct))
        {
            throw new ForbiddenException($"Only a support lead (a manager, an administrator or a team lead) can {what}.");
        }
    }

    /// <summary>Throws <see cref="ForbiddenException"/> (403) for client contacts: close-out and hand-off are the service desk's work.</summary>
    public static void RequireStaff(CurrentUser user, string what)
    {
        if (!user.IsStaff)
        {
            throw new ForbiddenException($"Only the service desk can {what}.");
        }
    }
}
