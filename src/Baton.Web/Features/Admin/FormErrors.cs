using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Baton.Web.Features.Admin;

/// <summary>
/// What the administration pages add to the one page runner (<see cref="PageUseCase.Refused"/>): several forms on one
/// page, binding errors of hidden ids, and Identity's complaints about an account.
/// </summary>
internal static class FormErrors
{
    /// <summary>One page, several forms: every bound form is validated, so keep only the errors of the one that was sent.</summary>
    public static void KeepOnly(this ModelStateDictionary state, string form)
    {
        foreach (var key in state.Keys.Where(k => k != form && !k.StartsWith(form + ".", StringComparison.Ordinal)).ToList())
        {
            state.Remove(key);
        }
    }

    /// <summary>
    /// True when the sent form did not bind (a letter in a number field). A hidden id that did not bind is not
    /// shown anywhere, so it is reported on the form as a whole.
    /// </summary>
    public static bool HasBindingErrors(this ModelStateDictionary state, string form)
    {
        if (state[form + ".Id"]?.Errors.Count > 0)
        {
            state.AddModelError(form, "This form names a record that does not exist. Reload the page and try again.");
        }

        return !state.IsValid;
    }

    /// <summary>Identity's complaints about a new or changed account: password rules on the password field, the rest on the e-mail.</summary>
    public static void AddIdentityErrors(this ModelStateDictionary state, IdentityResult result, string emailKey, string passwordKey)
    {
        foreach (var (key, messages) in AccountErrors.ByField(result, emailKey, passwordKey))
        {
            foreach (var message in messages.Where(m => state[key]?.Errors.Any(e => e.ErrorMessage == m) != true))
            {
                state.AddModelError(key, message);
            }
        }
    }
}
