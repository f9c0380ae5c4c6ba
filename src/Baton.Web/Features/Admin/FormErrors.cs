using Baton.Web.Data;
using Baton.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Admin;

/// <summary>How the administration pages put bad input back on the form: every message on the field it is about.</summary>
internal static class FormErrors
{
    /// <summary>A broken domain rule, on the field it names: "jobTitle" on the Contact form becomes "Contact.JobTitle".</summary>
    public static void AddRule(this ModelStateDictionary state, string form, DomainRuleException e) =>
        state.AddModelError(Key(form, e.Field), e.Message);

    public static string Key(string form, string? field) =>
        string.IsNullOrEmpty(field) ? form : form + "." + char.ToUpperInvariant(field[0]) + field[1..];

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
        foreach (var error in result.Errors)
        {
            var key = error.Code.StartsWith("Password", StringComparison.Ordinal) ? passwordKey : emailKey;
            var message = error.Code is "DuplicateUserName" or "DuplicateEmail"
                ? "Another account already signs in with this e-mail address."
                : error.Description;
            if (state[key]?.Errors.Any(e => e.ErrorMessage == message) != true)
            {
                state.AddModelError(key, message);
            }
        }
    }

    /// <summary>
    /// Saves a new or renamed entry whose name must be unique, ignoring case. A clash, found first or lost in a race
    /// to the unique index, becomes a message on Input.Name instead of an error page. False when nothing was saved.
    /// </summary>
    public static async Task<bool> TrySaveUniqueNameAsync(
        this ModelStateDictionary state, BatonDb db, string what, string name, Func<string, Task<string?>> findOtherNamed, CancellationToken ct)
    {
        try
        {
            await UniqueNames.SaveAsync(db, what, name, findOtherNamed, ct);
            return true;
        }
        catch (DomainRuleException e)
        {
            state.AddModelError("Input.Name", e.Message);
            return false;
        }
    }
}
