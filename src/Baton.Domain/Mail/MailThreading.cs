namespace Baton.Domain.Mail;

/// <summary>How an incoming mail found its ticket.</summary>
public enum ThreadedBy
{
    /// <summary>It answers a message Baton sent (Baton's Message-ID in In-Reply-To or References).</summary>
    OwnMessageId = 1,

    /// <summary>It was sent to the ticket's secret reply address.</summary>
    ReplyAddress = 2,

    /// <summary>Its subject names the ticket and its sender may see that ticket.</summary>
    SubjectAndSender = 3,
}

/// <summary>
/// What the mail's headers point at, looked up before deciding. Each is a ticket number or null.
/// <paramref name="SubjectTicketAllowsSender"/>: the sender is the subject ticket's requester, one of its participants
/// or a contact of its client. <paramref name="TaggedWithWrongSecret"/>: a reply address named a ticket but its secret
/// was wrong (guessed or mangled).
/// </summary>
public sealed record ThreadClues(
    string? ByOwnMessageId,
    string? ByReplyAddress,
    string? BySubject,
    bool SubjectTicketAllowsSender,
    string? TaggedWithWrongSecret = null);

/// <summary>
/// The decision: the ticket the mail belongs to and why, or none (a new ticket). <see cref="Untrusted"/> names a
/// ticket the mail claimed but may not be added to, which gets an internal note saying so.
/// </summary>
public sealed record ThreadDecision(string? Ticket, ThreadedBy? By, string? Untrusted, string? Why)
{
    public bool Threads => Ticket is not null;
}

/// <summary>
/// Threading of incoming mail, in order of trust (README "Mail"): Baton's own Message-IDs; the ticket's secret reply
/// address; the ticket number in the subject, only when the sender may see that ticket; otherwise a new ticket.
/// <c>From</c> can be forged, so a subject number alone never puts a stranger's words on someone else's ticket.
/// </summary>
public static class MailThreading
{
    public static ThreadDecision Decide(ThreadClues clues)
    {
        if (clues.ByOwnMessageId is { } own)
        {
            return new ThreadDecision(own, ThreadedBy.OwnMessageId, null, null);
        }

        if (clues.ByReplyAddress is { } tagged)
        {
            return new ThreadDecision(tagged, ThreadedBy.ReplyAddress, null, null);
        }

        if (clues.BySubject is { } named)
        {
            return clues.SubjectTicketAllowsSender
                ? new ThreadDecision(named, ThreadedBy.SubjectAndSender, null, null)
                : new ThreadDecision(null, null, named, $"A mail naming {named} in its subject came from an address that may not see {named}, so it opened a new ticket instead.");
        }

        return clues.TaggedWithWrongSecret is { } wrong
            ? new ThreadDecision(null, null, wrong, $"A mail was sent to a reply address of {wrong} with a wrong secret, so it opened a new ticket instead.")
            : new ThreadDecision(null, null, null, null);
    }

    /// <summary>
    /// Whether a mail from a staff member's address may be recorded as that person's reply: only when it came through
    /// the ticket's secret reply address, or the trusted mail server vouches for the sender (DKIM or SPF pass).
    /// Otherwise anyone could write as an agent by putting the agent's address in From.
    /// </summary>
    public static bool TrustsStaffSender(ThreadDecision decision, bool senderAuthenticatedByMta) =>
        decision.By == ThreadedBy.ReplyAddress || senderAuthenticatedByMta;

    /// <summary>
    /// Reads the Authentication-Results headers of the trusted server (<paramref name="trustedServer"/> is its
    /// authserv-id): true when it reports a pass <em>for the From address's domain</em> — dmarc=pass for header.from,
    /// dkim=pass for header.d (or header.i), spf=pass for smtp.mailfrom — that domain or a parent of it. A pass for some
    /// other domain proves nothing about From: anyone with a domain of their own gets spf=pass and dkim=pass for it.
    /// Any other server's header is ignored — a sender can write one too (the receiving server must strip incoming
    /// headers that carry its own authserv-id; README "Mail in").
    /// </summary>
    public static bool AuthenticatedBy(IEnumerable<string> authenticationResults, string? trustedServer, string fromAddress)
    {
        var fromDomain = DomainOf(fromAddress);
        if (string.IsNullOrWhiteSpace(trustedServer) || fromDomain is null)
        {
            return false;
        }

        foreach (var header in authenticationResults)
        {
            var semicolon = header.IndexOf(';', StringComparison.Ordinal);
            var server = (semicolon < 0 ? header : header[..semicolon]).Trim().Split(' ', 2)[0];
            if (!server.Equals(trustedServer.Trim(), StringComparison.OrdinalIgnoreCase) || semicolon < 0)
            {
                continue;
            }

            foreach (var result in header[(semicolon + 1)..].Split(';'))
            {
                var tokens = result.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
                if (tokens.Length == 0 || tokens[0].Split('=', 2) is not [var method, var outcome] || !outcome.Equals("pass", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                string? Property(string name) => tokens.Skip(1).Select(t => t.Split('=', 2))
                    .Where(p => p.Length == 2 && p[0].Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => p[1].Trim('"')).FirstOrDefault();
                var domain = method.ToLowerInvariant() switch
                {
                    "dmarc" => Property("header.from"),
                    "dkim" => Property("header.d") ?? DomainOf(Property("header.i")),
                    "spf" => DomainOf(Property("smtp.mailfrom")),
                    _ => null,
                };
                if (domain is { Length: > 0 } && Aligned(domain, fromDomain))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The passing domain is the From domain or a parent of it (whoever owns example.com owns its subdomains).</summary>
    private static bool Aligned(string passed, string fromDomain)
    {
        var domain = passed.Trim().TrimEnd('.').ToLowerInvariant();
        return domain.Contains('.', StringComparison.Ordinal)
            && (fromDomain == domain || fromDomain.EndsWith("." + domain, StringComparison.Ordinal));
    }

    /// <summary>"sam@example.com" or "example.com" → "example.com"; null when there is none.</summary>
    private static string? DomainOf(string? addressOrDomain)
    {
        if (string.IsNullOrWhiteSpace(addressOrDomain))
        {
            return null;
        }

        var at = addressOrDomain.LastIndexOf('@');
        var domain = (at < 0 ? addressOrDomain : addressOrDomain[(at + 1)..]).Trim().Trim('>', '<').TrimEnd('.').ToLowerInvariant();
        return domain.Length == 0 ? null : domain;
    }
}
