using Baton.Domain;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Mail;

/// <summary>
/// The account the mail channel acts as when it opens a ticket: a real row (the idempotency record of a ticket opened
/// from mail points at it, so a mail filed twice opens one ticket), with no role, no password and locked out — nobody
/// signs in as it, and it is not in any list of staff.
/// </summary>
public static class MailChannel
{
    public const string UserId = "baton-mail-channel";
    public const string DisplayName = "Mail";

    /// <summary>Staff rights for what it files (it raises tickets for any client), never an administrator.</summary>
    public static readonly CurrentUser User = new(UserId, DisplayName, IsStaff: true, IsAdministrator: false, IsManager: false, null, null, "UTC");

    public static Actor Actor => User.Actor;

    public static async Task EnsureUserAsync(BatonDb db, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.Id == UserId, ct))
        {
            return;
        }

        db.Users.Add(new BatonUser
        {
            Id = UserId,
            UserName = "mail-channel@baton.invalid",
            NormalizedUserName = "MAIL-CHANNEL@BATON.INVALID",
            Email = "mail-channel@baton.invalid",
            NormalizedEmail = "MAIL-CHANNEL@BATON.INVALID",
            DisplayName = DisplayName,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
            LockoutEnd = DateTimeOffset.MaxValue,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            db.ChangeTracker.Clear(); // another instance made it a moment ago
        }
    }
}
