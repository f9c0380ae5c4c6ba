using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Baton.Domain.Projects;

/// <summary>PRJ-000012: the project's human number, apart from its database id.</summary>
public static class ProjectNumber
{
    public const string Prefix = "PRJ";

    public static string Format(long sequence) => sequence < 1
        ? throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "Project sequences start at 1.")
        : $"{Prefix}-{sequence.ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>"PRJ-000012", "prj-12" and "PRJ12" all mean the same project.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out string? number)
    {
        number = null;
        var s = text?.Trim().ToUpperInvariant() ?? "";
        if (!s.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var digits = s[Prefix.Length..].TrimStart('-');
        if (digits.Length is > 0 and <= 18 && digits.All(char.IsAsciiDigit)
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0)
        {
            number = Format(sequence);
            return true;
        }

        return false;
    }
}
