using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Baton.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Account;

public sealed class LoginModel(SignInManager<BatonUser> signIn, UserManager<BatonUser> users, IPasswordHasher<BatonUser> hasher) : PageModel
{
    /// <summary>
    /// The one answer to every refused sign-in — wrong password, unknown address, locked or closed account — so the
    /// page does not tell anyone which addresses exist.
    /// </summary>
    public const string Refused = "That e-mail and password do not open an account. After five failed attempts an account is locked for 15 minutes; if yours is locked or closed, ask an administrator.";

    // A hash of nothing anyone knows, verified when no real hash was: unknown and locked addresses then cost the same
    // time as a wrong password, instead of answering at once.
    private static string? s_decoyHash;

    public sealed record InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? ReturnUrl { get; private set; }

    public string? Error { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByNameAsync(Input.Email.Trim());
        if (user is null)
        {
            VerifyDecoy();
            Error = Refused;
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/Tickets");
        }

        if (result.IsLockedOut || result.IsNotAllowed)
        {
            // Identity refuses these before it checks the password; check one anyway so they take as long.
            VerifyDecoy();
        }

        Error = Refused;
        return Page();
    }

    private void VerifyDecoy()
    {
        var decoy = s_decoyHash ??= hasher.HashPassword(new BatonUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(new BatonUser(), decoy, Input.Password);
    }
}
