using System.ComponentModel.DataAnnotations;
using Baton.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Account;

/// <summary>Where every page sends an account still on its one-time password (see FirstPasswordChange).</summary>
public sealed class ChangePasswordModel(UserManager<BatonUser> users, SignInManager<BatonUser> signIn, BatonDb db, Microsoft.Extensions.Caching.Memory.IMemoryCache cache) : PageModel
{
    public sealed record PasswordInput
    {
        [Required(ErrorMessage = "Enter the one-time password you signed in with.")]
        public string Current { get; set; } = "";

        [Required(ErrorMessage = "Enter a new password.")]
        [MinLength(10, ErrorMessage = "The new password needs at least 10 characters.")]
        public string New { get; set; } = "";
    }

    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (ModelState.IsValid)
        {
            var result = await ChangeOwnPassword.ExecuteAsync(users, signIn, db, cache, user, Input.Current, Input.New);
            if (result.Succeeded)
            {
                TempData["Flash"] = "Password changed.";
                return LocalRedirect("/Tickets");
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(ChangeOwnPassword.FieldOf(error, "Input.Current", "Input.New"), error.Description);
            }
        }

        return Page();
    }
}
