using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Baton.Domain.Tickets;

/// <summary>The human number people say on the phone: INC-000123, REQ-000045. Separate from the database id.</summary>
public static class TicketNumber
{
    public static string Prefix(TicketKind kind) => kind switch
    {
        TicketKind.Incident => "INC",
        TicketKind.ServiceRequest => "REQ",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown ticket kind."),
    };

    public static string Format(TicketKind kind, long sequence)
    {
        if (sequence < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "Ticket sequences start at 1.");
        }

        // Six digits keeps numbers aligned in lists; past a million they simply grow longer.
        return $"{Prefix(kind)}-{sequence.ToString("D6", CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// Reads what a person typed: "INC-000123", "inc-123", "INC123" all mean the same ticket.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out string? number)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().ToUpperInvariant();
        foreach (var kind in Enum.GetValues<TicketKind>())
        {
            var prefix = Prefix(kind);
            if (!s.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var digits = s[prefix.Length..].TrimStart('-');
            if (digits.Length is > 0 and <= 18 && digits.All(char.IsAsciiDigit)
                && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0)
            {
                number = Format(kind, sequence);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A bare sequence ("28", "000028") is a partial number: it means ticket 28 of every kind (INC-000028 and
    /// REQ-000028), since people quote the digits they remember.
    /// </summary>
    public static bool TryParseSequence(string? text, [NotNullWhen(true)] out string[]? numbers)
    {
        numbers = null;
        var s = text?.Trim() ?? "";
        if (s.Length is 0 or > 18 || !s.All(char.IsAsciiDigit)
            || !long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 1)
        {
            return false;
        }

        numbers = [.. Enum.GetValues<TicketKind>().Select(kind => Format(kind, sequence))];
        return true;
    }
}
