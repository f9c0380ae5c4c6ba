using System.ComponentModel.DataAnnotations;
using Baton.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;

namespace Baton.Web.Features.Account;

/// <summary>Where an invitation or reset link opens (anonymous: the token is the key). Never logged, never cached.</summary>
public sealed class SetPasswordModel(AccountMail mail, BatonDb db, UserManager<BatonUser> users, SignInManager<BatonUser> signIn, IMemoryCache cache, TimeProvider clock, ILogger<SetPasswordModel> logger) : PageModel
{
    public sealed record PasswordInput
    {
        public string? Token { get; set; }

        [Required(ErrorMessage = "Enter a new password.")]
        [MinLength(10, ErrorMessage = "The new password needs at least 10 characters.")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the new password a second time.")]
        public string Confirm { get; set; } = "";
    }

    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    /// <summary>The address the link's account signs in with; null when the link does not work.</summary>
    public string? Account { get; private set; }

    public AccountLinkPurpose Purpose { get; private set; } = AccountLinkPurpose.PasswordReset;

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        Input = new PasswordInput { Token = token };
        await OpenAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        if (await OpenAsync(ct) is not { } user)
        {
            return Page();
        }

        if (ModelState.IsValid && !string.Equals(Input.Password, Input.Confirm, StringComparison.Ordinal))
        {
            ModelState.AddModelError("Input.Confirm", "The two passwords differ: type the same one twice.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await SetPasswordByLink.ExecuteAsync(users, db, cache, user, Input.Password, ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("Input.Password", error.Description);
            }

            return Page();
        }

        logger.LogInformation("Account {UserId} chose its password through a mailed {Purpose} link.", user.Id, Purpose);
        await signIn.SignOutAsync(); // whoever was signed in in this browser: the next sign-in is with the new password
        TempData["Flash"] = "Your password is set. Sign in with it.";
        return LocalRedirect("/Account/Login");
    }

    private async Task<BatonUser?> OpenAsync(CancellationToken ct)
    {
        if (await SetPasswordByLink.OpenAsync(mail, db, clock, Input.Token, ct) is not { } link)
        {
            return null;
        }

        Account = link.User.Email;
        Purpose = link.Purpose;
        return link.User;
    }
}
