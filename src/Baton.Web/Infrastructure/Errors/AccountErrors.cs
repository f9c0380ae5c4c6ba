using Microsoft.AspNetCore.Identity;

namespace Baton.Web.Infrastructure.Errors;

/// <summary>Identity's complaints about a new or changed account, by field: password rules on the password, the rest on the e-mail.</summary>
internal static class AccountErrors
{
    public static Dictionary<string, string[]> ByField(IdentityResult result, string emailField, string passwordField)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? passwordField : emailField)
            .ToDictionary(g => g.Key, g => g
                .Select(e => e.Code is "DuplicateUserName" or "DuplicateEmail" ? "Another account already signs in with this e-mail address." : e.Description)
                .Distinct(StringComparer.Ordinal).ToArray());
    }
}
