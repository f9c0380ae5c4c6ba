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

    [BindProperty]
    public SettingsInput Settings { get; set; } = new();

    [BindProperty]
    public PasswordInput Password { get; set; } = new();

    [BindProperty]
    [StringLength(80, ErrorMessage = "Keep the token name under 80 characters.")]
    public string? TokenName { get; set; }

    public string? NewToken { get; private set; }

    public List<ApiToken> Tokens { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var user = await Me();
        Settings = new SettingsInput { DisplayName = user.DisplayName, TimeZoneId = user.TimeZoneId };
        await LoadTokens();
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
            var result = await users.ChangePasswordAsync(user, Password.Current, Password.New);
            if (result.Succeeded)
            {
                await signIn.RefreshSignInAsync(user);
                TempData["Flash"] = "Password changed.";
                return RedirectToPage();
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Mismatch", StringComparison.Ordinal) ? "Password.Current" : "Password.New", error.Description);
            }
        }

        Settings = new SettingsInput { DisplayName = user.DisplayName, TimeZoneId = user.TimeZoneId };
        await LoadTokens();
        return Page();
    }

    public async Task<IActionResult> OnPostCreateTokenAsync()
    {
        ClearOthers(nameof(TokenName));
        var user = await Me();
        if (string.IsNullOrWhiteSpace(TokenName))
        {
            ModelState.AddModelError(nameof(TokenName), "Name the token after what will use it, so you know which to revoke.");
        }

        if (ModelState.IsValid)
        {
            var (token, hash, prefix) = ApiTokens.Generate();
            db.ApiTokens.Add(new ApiToken { UserId = user.Id, Name = TokenName!.Trim(), Hash = hash, Prefix = prefix, CreatedAt = clock.GetUtcNow() });
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

    private async Task LoadTokens()
    {
        var userId = CurrentUser.From(User).Id;
        Tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync();
    }

    // One page, several forms: validate only the form that was sent.
    private void ClearOthers(string keep)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(keep, StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }
    }
}
