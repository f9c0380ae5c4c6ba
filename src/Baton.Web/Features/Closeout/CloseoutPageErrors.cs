using Baton.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Baton.Web.Features.Closeout;

/// <summary>
/// Puts a rule the close-out domain broke onto the page form it came from. The domain names fields the way the API
/// does ("sections[2].items[0].text", "attendees[1].name"); a page form names them "Item.Text" or
/// "Input.Attendees[1].Name" (model state keys ignore case).
/// </summary>
internal static class CloseoutPageErrors
{
    /// <summary>The last segment of the domain's field on <paramref name="form"/>, renamed through <paramref name="rename"/>; no field: the form itself.</summary>
    public static void AddToForm(ModelStateDictionary state, string form, DomainRuleException e, Func<string, string>? rename = null)
    {
        if (string.IsNullOrEmpty(e.Field))
        {
            state.AddModelError(form, e.Message);
            return;
        }

        var last = e.Field[(e.Field.LastIndexOf('.') + 1)..];
        var field = rename?.Invoke(last) ?? last;
        state.AddModelError(field.Length == 0 ? form : $"{form}.{char.ToUpperInvariant(field[0])}{field[1..]}", e.Message);
    }

    /// <summary>The domain's whole field path on <paramref name="form"/>: "attendees[1].name" → "Input.Attendees[1].name".</summary>
    public static void AddPath(ModelStateDictionary state, string form, DomainRuleException e) =>
        state.AddModelError(string.IsNullOrEmpty(e.Field) ? form : $"{form}.{char.ToUpperInvariant(e.Field[0])}{e.Field[1..]}", e.Message);
}
