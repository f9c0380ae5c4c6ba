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
    /// Reads an Authentication-Results header of the trusted server (<paramref name="trustedServer"/> is its authserv-id):
    /// true when it reports dkim=pass or spf=pass. Any other server's header is ignored — a sender can write one too.
    /// </summary>
    public static bool AuthenticatedBy(IEnumerable<string> authenticationResults, string? trustedServer)
    {
        if (string.IsNullOrWhiteSpace(trustedServer))
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

            var results = header[(semicolon + 1)..].ToLowerInvariant();
            if (results.Contains("dkim=pass", StringComparison.Ordinal) || results.Contains("spf=pass", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
