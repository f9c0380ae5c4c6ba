namespace Baton.Domain;

/// <summary>The trimming and length rules every free-text field shares, with messages that name the field.</summary>
public static class Text
{
    public static string Required(string? value, string field, int maxLength, string whyNeeded)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0)
        {
            throw new DomainRuleException(char.ToUpperInvariant(whyNeeded[0]) + whyNeeded[1..] + ".", field);
        }

        return MaxLength(v, field, maxLength);
    }

    public static string Optional(string? value, string field, int maxLength) =>
        MaxLength(value?.Trim() ?? "", field, maxLength);

    /// <summary>
    /// The key a unique name is compared by: trimmed and upper-cased (invariant), so "Network" and "network " clash.
    /// Stored beside the name under a unique index, which makes the rule hold in the database itself.
    /// </summary>
    /// <summary>"1 contact", "3 contacts"; <paramref name="plural"/> where adding an s is wrong ("2 new mail").</summary>
    public static string Count(int n, string singular, string? plural = null) =>
        n == 1 ? $"1 {singular}" : $"{n.ToString(System.Globalization.CultureInfo.InvariantCulture)} {plural ?? singular + "s"}";

    public static string NameKey(string name) => (name ?? "").Trim().ToUpperInvariant();

    public static bool LooksLikeEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == value.LastIndexOf('@') && at < value.Length - 3
            && value.IndexOf('.', at) > at + 1 && !value.Any(char.IsWhiteSpace);
    }

    private static string MaxLength(string value, string field, int maxLength) =>
        value.Length <= maxLength
            ? value
            : throw new DomainRuleException($"{field} can be at most {maxLength} characters (it has {value.Length}).", field);
}
