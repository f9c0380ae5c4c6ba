using Baton.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Baton.Web.Infrastructure.Errors;

/// <summary>Puts use-case errors (camelCase field names) onto a page's form fields, so they show next to the input.</summary>
public static class PageErrors
{
    public static void Add(ModelStateDictionary state, string prefix, Dictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                state.AddModelError(Key(prefix, field), message);
            }
        }
    }

    public static void Add(ModelStateDictionary state, string prefix, DomainRuleException e) =>
        state.AddModelError(e.Field is null ? "" : Key(prefix, e.Field), e.Message);

    private static string Key(string prefix, string field) =>
        field.Length == 0 ? "" : $"{prefix}.{char.ToUpperInvariant(field[0])}{field[1..]}";
}
