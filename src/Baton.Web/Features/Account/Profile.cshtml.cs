using System.ComponentModel.DataAnnotations;
using Baton.Web.Data;
using Baton.Web.Infrastructure;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Baton.Web.Features.Account;

public sealed class ProfileModel(BatonDb db, UserManager<BatonUser> users, SignInManager<BatonUser> signIn, IMemoryCache cache, TimeProvider clock) : PageModel
{
    public sealed record SettingsInput
    {
        [Required(ErrorMessage = "Enter the name others see on tickets.")]
        [StringLength(120)]
        public string DisplayName { get; set; } = "";

        [Required]
        public string TimeZoneId { get; set; } = "UTC";
    }

    public sealed record PasswordInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        public string Current { get; set; } = "";

        [Required(ErrorMessage = "Enter a new password.")]
        [MinLength(10, ErrorMessage = "The new password needs at least 10 characters.")]
        public string New { get; set; } = "";
    }

    public sealed record NoticeChoice
    {
        public Baton.Domain.Informing.NoticeKind Kind { get; set; }
        public Baton.Domain.Informing.NoticeDelivery Delivery { get; set; }
    }

    [BindProperty]
    public SettingsInput Settings { get; set; } = new();

    /// <summary>How the person hears of each kind of notice (staff only: contacts hear through the requester mails).</summary>
    [BindProperty]
    public List<NoticeChoice> Notices { get; set; } = [];

    [BindProperty]
    public string? DigestTime { get; set; }

    public IReadOnlyList<Notifications.NoticePreferenceResponse> NoticeKinds { get; private set; } = [];

    [BindProperty]
    public PasswordInput Password { get; set; } = new();

    [BindProperty]
    [StringLength(80, ErrorMessage = "Keep the token name under 80 characters.")]
    public string? TokenName { get; set; }

    /// <summary>Read-only (GET and HEAD) unless read-write is chosen: the least a new integration needs.</summary>
    [BindProperty]
    public ApiTokenScope TokenScope { get; set; } = ApiTokenScope.ReadOnly;

    public string? NewToken { get; private set; }

    /// <summary>API tokens (read-only or read-write).</summary>
    public List<ApiToken> Tokens { get; private set; } = [];

    /// <summary>Feed tokens, one per calendar feed subscribed (issued on the project pages).</summary>
    public List<ApiToken> FeedTokens { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var user = await Me();
        Settings = new SettingsInput { DisplayName = user.DisplayName, TimeZoneId = user.TimeZoneId };
        await LoadTokens();
    }

    public async Task<IActionResult> OnPostNoticesAsync(CancellationToken ct)
    {
        ClearOthers(nameof(Notices), nameof(DigestTime));
        var user = await Me();
        if (!CurrentUser.From(User).IsStaff)
        {
            return Forbid();
        }

        try
        {
            // Both or neither: the digest time is checked first and saved with the choices, in their one SaveChanges.
            user.DigestTime = Notifications.NoticePreferences.ParseDigestTime(DigestTime, nameof(DigestTime));
            await Notifications.NoticePreferences.SaveAsync(db, user.Id, [.. Notices.Select(n => new Notifications.NoticePreferenceRequest(n.Kind, n.Delivery))], ct);
            TempData["Flash"] = "Notification choices saved.";
            return RedirectToPage(null, null, "notices");
        }
        catch (Baton.Domain.DomainRuleException e)
        {
            // preferences[2].delivery → Notices[2].Delivery, the field the page shows
            var field = e.Field is { } f && f.StartsWith("preferences[", StringComparison.Ordinal)
                ? "Notices" + f["preferences".Length..].Replace(".delivery", ".Delivery", StringComparison.Ordinal).Replace(".kind", ".Kind", StringComparison.Ordinal)
                : e.Field ?? "";
            ModelState.AddModelError(field, e.Message);
        }

        Settings = new SettingsInput { DisplayName = user.DisplayName, TimeZoneId = user.TimeZoneId };
        await LoadTokens(keepNoticeInput: true);
        return Page();
    }

    public async Task<IActionResult> OnPostSettingsAsync()
    {
        ClearOthers(nameof(Settings));
        if (!UserTime.IsKnownZone(Settings.TimeZoneId))
        {
            ModelState.AddModelError("Settings.TimeZoneId", "Choose a time zone from the list.");
        }

        if (!ModelState.IsValid)
        {
            await LoadTokens();
            return Page();
        }

        var user = await Me();
        user.DisplayName = Settings.DisplayName.Trim();
        user.TimeZoneId = Settings.TimeZoneId;
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = "Settings saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        ClearOthers(nameof(Password));
        var user = await Me();
        if (ModelState.IsValid)
        {
            var result = await ChangeOwnPassword.ExecuteAsync(users, signIn, db, cache, user, Password.Current, Password.New);
            if (result.Succeeded)
            {
                TempData["Flash"] = "Password changed.";
                return RedirectToPage();
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(ChangeOwnPassword.FieldOf(error, "Password.Current", "Password.New"), error.Description);
            }
        }

        Settings = new SettingsInput { DisplayName = user.DisplayName, TimeZoneId = user.TimeZoneId };
        await LoadTokens();
        return Page();
    }

    public async Task<IActionResult> OnPostCreateTokenAsync()
    {
        ClearOthers(nameof(TokenName), nameof(TokenScope));
        var user = await Me();
        if (string.IsNullOrWhiteSpace(TokenName))
        {
            ModelState.AddModelError(nameof(TokenName), "Name the token after what will use it, so you know which to revoke.");
        }

        if (TokenScope is not (ApiTokenScope.ReadOnly or ApiTokenScope.ReadWrite))
        {
            // Feed tokens come from a feed's Subscribe button, bound to that feed.
            ModelState.AddModelError(nameof(TokenScope), "Choose read-only or read and write.");
        }

        if (ModelState.IsValid)
        {
            var (token, hash, prefix) = ApiTokens.Generate(TokenScope);
            db.ApiTokens.Add(new ApiToken { UserId = user.Id, Name = TokenName!.Trim(), Hash = hash, Prefix = prefix, CreatedAt = clock.GetUtcNow(), Scope = TokenScope });
            await db.SaveChangesAsync();
            NewToken = token;
            TokenName = null;
        }

        Settings = new SettingsInput { DisplayName = user.DisplayName, TimeZoneId = user.TimeZoneId };
        await LoadTokens();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id)
    {
        var userId = CurrentUser.From(User).Id;
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == userId);
        if (token is null)
        {
            return NotFound();
        }

        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync();
        ApiTokens.Forget(cache, token.Hash);
        TempData["Flash"] = $"Token '{token.Name}' revoked.";
        return RedirectToPage();
    }

    private async Task<BatonUser> Me() => await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");

    private async Task LoadTokens(bool keepNoticeInput = false)
    {
        var me = CurrentUser.From(User);
        var userId = me.Id;
        if (me.IsStaff)
        {
            NoticeKinds = await Notifications.NoticePreferences.ListAsync(db, userId, HttpContext.RequestAborted);
            if (!keepNoticeInput)
            {
                Notices = [.. NoticeKinds.Select(k => new NoticeChoice { Kind = k.Kind, Delivery = k.Delivery })];
                DigestTime = (await Notifications.NoticePreferences.DigestTimeAsync(db, userId, HttpContext.RequestAborted)).Time;
            }
        }

        var all = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync();
        Tokens = all.Where(t => t.Scope != ApiTokenScope.Feed).ToList();
        FeedTokens = all.Where(t => t.Scope == ApiTokenScope.Feed).ToList();
    }

    // One page, several forms: validate only the form that was sent.
    private void ClearOthers(params string[] keep)
    {
        foreach (var key in ModelState.Keys.Where(k => !keep.Any(f => k.StartsWith(f, StringComparison.Ordinal))).ToList())
        {
            ModelState.Remove(key);
        }
    }
}
