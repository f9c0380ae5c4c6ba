using Baton.Domain;
using Baton.Web.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

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
        foreach (var (key, messages) in AccountErrors.ByField(result, emailKey, passwordKey))
        {
            foreach (var message in messages.Where(m => state[key]?.Errors.Any(e => e.ErrorMessage == m) != true))
            {
                state.AddModelError(key, message);
            }
        }
    }

    /// <summary>
    /// For <c>catch (Exception e) when (ModelState.Refused(form, e))</c>: a use case's refusal (a broken rule, or
    /// fields found invalid) goes on the fields it names, so the page says what the API answers.
    /// </summary>
    public static bool Refused(this ModelStateDictionary state, string form, Exception e)
    {
        switch (e)
        {
            case DomainRuleException rule:
                state.AddRule(form, rule);
                return true;
            case InputInvalidException invalid:
                foreach (var (field, messages) in invalid.Errors)
                {
                    foreach (var message in messages)
                    {
                        state.AddModelError(Key(form, field), message);
                    }
                }

                return true;
            default:
                return false;
        }
    }
}
