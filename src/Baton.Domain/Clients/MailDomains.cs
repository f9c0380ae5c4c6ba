namespace Baton.Domain.Clients;

/// <summary>
/// The mail domains a client's people write from (northwind.example): a mail from an unknown address at one of them
/// belongs to that client. Written lower-case, without "@", one per client (a domain naming two clients would name
/// neither). A public mail service's domain (gmail.com) names nobody — anyone can have an address there — so it is
/// refused.
/// </summary>
public static class MailDomains
{
    public const int MaxDomains = 20;

    /// <summary>Services where anyone can have an address: never a client's domain.</summary>
    private static readonly HashSet<string> Public = new(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "ymail.com",
        "icloud.com", "me.com", "mac.com", "aol.com", "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com", "proton.me",
        "protonmail.com", "zoho.com", "yandex.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "hey.com", "fastmail.com",
    };

    /// <summary>
    /// The domains in what an administrator typed (separated by commas, spaces or new lines; "@northwind.example" and
    /// upper case are fine), distinct and in order; a <see cref="DomainRuleException"/> on "mailDomains" names the first
    /// that is not a domain.
    /// </summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string>? typed)
    {
        var domains = new List<string>();
        foreach (var raw in (typed ?? []).SelectMany(t => (t ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)))
        {
            var domain = raw.Trim().TrimStart('@').TrimEnd('.').ToLowerInvariant();
            if (!IsDomain(domain))
            {
                throw new DomainRuleException($"'{raw}' is not a mail domain; write it as it follows the @ of an address, e.g. northwind.example.", "mailDomains");
            }

            if (Public.Contains(domain))
            {
                throw new DomainRuleException($"{domain} is a public mail service: anyone can have an address there, so it cannot tell a client's people apart. Add those people as contacts instead.", "mailDomains");
            }

            if (!domains.Contains(domain))
            {
                domains.Add(domain);
            }
        }

        return domains.Count > MaxDomains
            ? throw new DomainRuleException($"A client can have at most {MaxDomains} mail domains.", "mailDomains")
            : domains;
    }

    /// <summary>The domain of an address (what follows its last @), lower-case; empty for none.</summary>
    public static string Of(string address)
    {
        var at = (address ?? "").LastIndexOf('@');
        return at < 0 ? "" : address![(at + 1)..].Trim().TrimEnd('.').ToLowerInvariant();
    }

    private static bool IsDomain(string domain) =>
        domain.Length is > 3 and <= 253
        && domain.Contains('.', StringComparison.Ordinal)
        && domain.Split('.').All(label => label.Length is > 0 and <= 63
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && label[0] != '-' && label[^1] != '-');
}
