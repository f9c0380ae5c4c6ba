using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Baton.Web.Features.Account;

/// <summary>
/// "Forgot password?": the same answer, at once, whether or not the address has an account, may sign in, or was sent a
/// reset a minute ago; <see cref="PasswordResetMailer"/> decides after the answer.
/// </summary>
public sealed class ForgotPasswordModel(AccountMail mail, PasswordResetRequests requests) : PageModel
{
    public const string Answer = "If an account may sign in with that address, a link to choose a new password is on its way to it. The link works once, for a limited time; if nothing arrives, check the address or ask an administrator.";

    public sealed record InputModel
    {
        [Required(ErrorMessage = "Enter the e-mail address you sign in with.")]
        [StringLength(254, ErrorMessage = "An e-mail address has at most 254 characters.")]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool MailEnabled => mail.Enabled;

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (!ModelState.IsValid || !MailEnabled)
        {
            return Page();
        }

        requests.Request(Input.Email);
        Sent = true;
        return Page();
    }
}
