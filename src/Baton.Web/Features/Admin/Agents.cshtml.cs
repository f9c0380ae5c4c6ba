using System.ComponentModel.DataAnnotations;
using Baton.Domain;
using Baton.Domain.Teams;
using Baton.Web.Data;
using Baton.Web.Features.Account;
using Baton.Web.Features.Shared;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>
/// Staff accounts (administrators only): create (with an invitation by mail, or a typed first password), invite again,
/// change role, lock and unlock. There is always at least one
/// administrator who can sign in: the last one can neither be demoted nor locked, and nobody can lock themselves out.
/// </summary>
public sealed class AgentsModel(BatonDb db, UserManager<BatonUser> users, AccountMail mail, TimeProvider clock, ILogger<AgentsModel> logger) : PageModel
{
    public sealed record AgentInput
    {
        [Required(ErrorMessage = "Enter the name others see on tickets.")]
        [StringLength(120, ErrorMessage = "Keep the display name under 120 characters.")]
        public string? DisplayName { get; set; }

        [Required(ErrorMessage = "Enter the e-mail address the agent signs in with.")]
        [StringLength(254, ErrorMessage = "An e-mail address has at most 254 characters.")]
        public string? Email { get; set; }

        /// <summary>A first password to pass on; empty mails an invitation instead (required when no mail goes).</summary>
        [MinLength(10, ErrorMessage = "The password needs at least 10 characters.")]
        public string? Password { get; set; }

        public string Role { get; set; } = Roles.Agent;

        public List<int> TeamIds { get; set; } = [];
    }

    public sealed record RoleInput
    {
        public string? UserId { get; set; }
        public string? Role { get; set; }
    }

    /// <summary>A staff account as the table shows it; Invited: no password yet (invited, not yet chosen one).</summary>
    public sealed record AgentRow(string Id, string DisplayName, string Email, string Role, IReadOnlyList<string> Teams, bool IsLocked, bool IsMe, bool Invited);
    public sealed record TeamOption(int Id, string Name);

    [BindProperty]
    public AgentInput Input { get; set; } = new();

    [BindProperty]
    public RoleInput RoleChange { get; set; } = new();

    public List<AgentRow> Agents { get; private set; } = [];
    public List<TeamOption> Teams { get; private set; } = [];

    /// <summary>Why a lock, unlock or invitation was refused.</summary>
    public string? Problem { get; private set; }

    /// <summary>Whether an invitation can be mailed (else a first password is required).</summary>
    public bool MailEnabled => mail.Enabled;

    public AccountMailOptions MailOptions => mail.Options;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(Input));
        var email = Input.Email?.Trim().ToLowerInvariant() ?? "";
        if (email.Length > 0 && !Text.LooksLikeEmail(email))
        {
            ModelState.AddModelError("Input.Email", $"'{email}' is not an e-mail address.");
        }
        else if (email.Length > 0 && await users.FindByEmailAsync(email) is not null)
        {
            // Identity checks this too, but only once the password passes; say it now, with the other problems.
            ModelState.AddModelError("Input.Email", "Another account already signs in with this e-mail address.");
        }

        if (!Roles.Staff.Contains(Input.Role))
        {
            ModelState.AddModelError("Input.Role", "Choose Agent, Manager or Administrator.");
        }

        var invite = string.IsNullOrEmpty(Input.Password);
        if (invite && !mail.Enabled)
        {
            ModelState.AddModelError("Input.Password", "Type a first password (at least 10 characters): this desk sends no mail, so no invitation can go.");
        }

        var teamIds = Input.TeamIds.Distinct().ToList();
        if (await db.Teams.CountAsync(t => teamIds.Contains(t.Id), ct) != teamIds.Count)
        {
            ModelState.AddModelError("Input.TeamIds", "Choose teams from the list.");
        }

        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(ct);
        }

        var user = new BatonUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = Input.DisplayName!.Trim() };

        // Account, role and teams together, or none of them.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Invited: no password at all until they choose one through the mailed link.
        var result = invite ? await users.CreateAsync(user) : await users.CreateAsync(user, Input.Password!);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, Input.Role);
        }

        if (!result.Succeeded)
        {
            await tx.RollbackAsync(ct);
            ModelState.AddIdentityErrors(result, "Input.Email", "Input.Password");
            return await RedisplayAsync(ct);
        }

        db.TeamMembers.AddRange(teamIds.Select(t => new TeamMember(t, user.Id)));
        var by = CurrentUser.From(User);
        if (invite)
        {
            mail.QueueInvitation(db, user, by); // goes out only once the account is committed
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Staff account {UserId} ({Role}) created by {ActorId} with {How}.", user.Id, Input.Role, by.Id, invite ? "an invitation by mail" : "a typed first password");
        TempData["Flash"] = invite
            ? $"{Input.Role} account created for {user.DisplayName}: an invitation is on its way to {email} to choose a password (the link works for {AccountMail.Lifespan(mail.Options.InvitationLifespan)})."
            : $"{Input.Role} account created for {user.DisplayName}; they sign in as {email}.";
        return RedirectToPage();
    }

    /// <summary>A new invitation for an account that has not chosen its password yet (the earlier links stop working).</summary>
    public async Task<IActionResult> OnPostInviteAsync(string id, CancellationToken ct)
    {
        var user = await StaffUserAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        var by = CurrentUser.From(User);
        try
        {
            await SendInvitation.AgainAsync(db, users, mail, clock, user, by, ct);
        }
        catch (Baton.Domain.DomainRuleException e)
        {
            Problem = e.Message;
            return await RedisplayAsync(ct);
        }

        TempData["Flash"] = $"A new invitation is on its way to {user.Email}; the earlier links no longer work.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRoleAsync(CancellationToken ct)
    {
        ModelState.KeepOnly(nameof(RoleChange));
        var user = await StaffUserAsync(RoleChange.UserId);
        if (user is null)
        {
            return NotFound();
        }

        var newRole = RoleChange.Role ?? "";
        var current = (await users.GetRolesAsync(user)).Where(Roles.Staff.Contains).ToList();
        if (!Roles.Staff.Contains(newRole))
        {
            ModelState.AddModelError("RoleChange.Role", "Choose Agent, Manager or Administrator.");
        }
        else if (current.Contains(Roles.Administrator) && newRole != Roles.Administrator && !await AnotherActiveAdministratorAsync(user))
        {
            ModelState.AddModelError("RoleChange.Role", $"{user.DisplayName} is the last administrator who can sign in. Make someone else an administrator first.");
        }

        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(ct);
        }

        if (current.SequenceEqual([newRole]))
        {
            TempData["Flash"] = $"{user.DisplayName} already is {newRole}.";
            return RedirectToPage();
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await users.RemoveFromRolesAsync(user, current);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, newRole);
        }

        if (result.Succeeded)
        {
            // Their open sessions pick up the new role at the next security-stamp check instead of keeping the old one.
            result = await users.UpdateSecurityStampAsync(user);
        }

        if (!result.Succeeded)
        {
            await tx.RollbackAsync(ct);
            ModelState.AddModelError("RoleChange.Role", string.Join(" ", result.Errors.Select(e => e.Description)));
            return await RedisplayAsync(ct);
        }

        await tx.CommitAsync(ct);
        TempData["Flash"] = $"{user.DisplayName} is now {newRole}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostLockAsync(string id, CancellationToken ct)
    {
        var user = await StaffUserAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        if (user.Id == CurrentUser.From(User).Id)
        {
            Problem = "You cannot lock your own account.";
            return await RedisplayAsync(ct);
        }

        if (await users.IsInRoleAsync(user, Roles.Administrator) && !await AnotherActiveAdministratorAsync(user))
        {
            Problem = $"{user.DisplayName} is the last administrator who can sign in, so the account stays open.";
            return await RedisplayAsync(ct);
        }

        var result = user.LockoutEnabled ? IdentityResult.Success : await users.SetLockoutEnabledAsync(user, true);
        if (result.Succeeded)
        {
            result = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        }

        if (result.Succeeded)
        {
            // Ends their signed-in sessions at the next security-stamp check; API tokens stop at once (they check the lockout).
            result = await users.UpdateSecurityStampAsync(user);
        }

        if (!result.Succeeded)
        {
            Problem = string.Join(" ", result.Errors.Select(e => e.Description));
            return await RedisplayAsync(ct);
        }

        TempData["Flash"] = $"{user.DisplayName}'s account is locked: they can no longer sign in.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken ct)
    {
        var user = await StaffUserAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        var result = await users.SetLockoutEndDateAsync(user, null);
        if (result.Succeeded)
        {
            result = await users.ResetAccessFailedCountAsync(user);
        }

        if (!result.Succeeded)
        {
            Problem = string.Join(" ", result.Errors.Select(e => e.Description));
            return await RedisplayAsync(ct);
        }

        TempData["Flash"] = $"{user.DisplayName}'s account is unlocked.";
        return RedirectToPage();
    }

    private bool IsLocked(BatonUser user) => user.LockoutEnd is { } end && end > clock.GetUtcNow();

    private async Task<bool> AnotherActiveAdministratorAsync(BatonUser user) =>
        (await users.GetUsersInRoleAsync(Roles.Administrator)).Any(a => a.Id != user.Id && !IsLocked(a));

    /// <summary>A staff account by id; client contacts' portal accounts are not managed here.</summary>
    private async Task<BatonUser?> StaffUserAsync(string? id)
    {
        var user = string.IsNullOrEmpty(id) ? null : await users.FindByIdAsync(id);
        if (user is null)
        {
            return null;
        }

        var roles = await users.GetRolesAsync(user);
        return roles.Any(Roles.Staff.Contains) ? user : null;
    }

    private async Task<IActionResult> RedisplayAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = CurrentUser.From(User).Id;
        Teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new TeamOption(t.Id, t.Name)).ToListAsync(ct);
        var staff = await Baton.Web.Features.Shared.Agents.ListAsync(db, ct);
        var ids = staff.Select(a => a.Id).ToList();
        var lockouts = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.LockoutEnd, Invited = u.PasswordHash == null }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        Agents = staff.Select(a => new AgentRow(
                a.Id,
                a.DisplayName,
                a.Email,
                Roles.Staff.FirstOrDefault(a.Roles.Contains) ?? "",
                Teams.Where(t => a.TeamIds.Contains(t.Id)).Select(t => t.Name).ToList(),
                lockouts.Any(l => l.Id == a.Id && l.LockoutEnd > now),
                a.Id == me,
                lockouts.Any(l => l.Id == a.Id && l.Invited)))
            .ToList();
    }
}
