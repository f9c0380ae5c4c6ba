using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Baton.Domain.Tickets;

namespace Baton.Domain.Mail;

/// <summary>
/// The address a ticket's mail asks to be answered at: <c>desk+INC-000123-k7f2a9c41d@example.com</c>. The tag carries
/// the ticket number and a secret only Baton can make (an HMAC of the number under the installation's key), so a mail
/// to it threads to the ticket — and is trusted as coming through Baton's own mail — while a guessed number does not.
/// </summary>
public static partial class ReplyAddress
{
    private const int SecretLength = 10;

    public static string SecretFor(string number, byte[] key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(number)))[..SecretLength];

    /// <summary>The reply address of the ticket for a mailbox address (desk@example.com → desk+INC-…-secret@example.com).</summary>
    public static string For(string mailboxAddress, string number, byte[] key)
    {
        var at = mailboxAddress.LastIndexOf('@');
        if (at <= 0)
        {
            throw new ArgumentException("A mailbox address has a local part and a domain.", nameof(mailboxAddress));
        }

        var local = mailboxAddress[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            local = local[..plus];
        }

        return $"{local}+{number.ToLowerInvariant()}-{SecretFor(number, key)}{mailboxAddress[at..]}";
    }

    /// <summary>The ticket a reply address names, when its secret is right; null for any other address.</summary>
    public static string? TicketOf(string address, byte[] key)
    {
        var match = Tag().Match(address);
        if (!match.Success || !TicketNumber.TryParse(match.Groups["number"].Value, out var number))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(SecretFor(number, key));
        var given = Encoding.ASCII.GetBytes(match.Groups["secret"].Value.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given) ? number : null;
    }

    /// <summary>Whether the address carries a ticket tag at all (right secret or not): a wrong one is worth a note.</summary>
    public static string? ClaimedTicketOf(string address)
    {
        var match = Tag().Match(address);
        return match.Success && TicketNumber.TryParse(match.Groups["number"].Value, out var number) ? number : null;
    }

    [GeneratedRegex(@"\+(?<number>(inc|req)-\d{1,18})-(?<secret>[0-9a-f]{10})@", RegexOptions.IgnoreCase)]
    private static partial Regex Tag();
}

/// <summary>The ticket number a subject names: "[INC-000123]" first, else a bare "INC-000123" word.</summary>
public static partial class SubjectNumber
{
    public static string? Find(string? subject)
    {
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        foreach (var match in new[] { Bracketed().Match(subject), Bare().Match(subject) })
        {
            if (match.Success && TicketNumber.TryParse(match.Groups["number"].Value, out var number))
            {
                return number;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\[(?<number>(INC|REQ)-?\d{1,18})\]", RegexOptions.IgnoreCase)]
    private static partial Regex Bracketed();

    [GeneratedRegex(@"\b(?<number>(INC|REQ)-\d{1,18})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Bare();
}
