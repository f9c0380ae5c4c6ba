namespace Baton.Domain.Mail;

/// <summary>What kind of sender wrote an incoming mail, as far as its headers tell.</summary>
public enum MailNature
{
    /// <summary>Written by a person: it counts as their reply (reopens, resumes).</summary>
    Person = 0,

    /// <summary>An out-of-office or other auto-reply to something: kept on the ticket, marked automatic, nothing else.</summary>
    AutoReply = 1,

    /// <summary>Machine mail (notifications, bulk, a system account): never answered, never reopens anything.</summary>
    Automated = 2,

    /// <summary>A delivery-status report (bounce) about a message that was sent.</summary>
    DeliveryReport = 3,

    /// <summary>Baton's own mail coming back (its Message-ID or loop header): dropped from the conversation.</summary>
    OwnMail = 4,
}

/// <summary>
/// The headers of an incoming mail that tell whether a person wrote it. <paramref name="Header"/> returns a header's
/// first value (null when absent); <paramref name="ReturnPath"/> is "" for the null sender (&lt;&gt;), null when absent.
/// </summary>
public sealed record MailFacts(
    Func<string, string?> Header,
    string? ReturnPath,
    string FromAddress,
    string Subject,
    string ContentType,
    string? ReportType,
    bool IsOwnMessageId);

/// <summary>
/// Recognises automated mail, so that Baton never answers it, never lets it reopen a ticket and never notifies about it
/// (the auto-reply ping-pong every desk's tracker is full of). The rules follow RFC 3834 and what real auto-responders
/// send. Careful: Outlook puts X-Auto-Response-Suppress on mail people write, and a client's distribution list adds
/// List-Id and Precedence: list to real replies; those only mean "do not answer me automatically"
/// (<see cref="WantsNoAutomaticReply"/>), not "a machine wrote this".
/// </summary>
public static class AutomatedMail
{
    /// <summary>The header Baton puts on everything it sends; seeing its own value come back means a loop.</summary>
    public const string LoopHeader = "X-Baton-Loop";

    private static readonly string[] SystemSenders = ["mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply", "bounce", "bounces"];

    private static readonly string[] OutOfOfficeSubjects =
    [
        "out of office", "out of the office", "automatic reply", "auto reply", "autoreply", "auto-reply", "abwesenheitsnotiz",
        "automatische antwort", "réponse automatique", "absence du bureau", "respuesta automática", "fuori sede", "afwezig",
    ];

    public static MailNature Classify(MailFacts mail, string ownLoopValue)
    {
        if (mail.IsOwnMessageId || string.Equals(mail.Header(LoopHeader)?.Trim(), ownLoopValue, StringComparison.OrdinalIgnoreCase))
        {
            return MailNature.OwnMail;
        }

        if (IsDeliveryReport(mail))
        {
            return MailNature.DeliveryReport;
        }

        if (IsReadReceipt(mail))
        {
            return MailNature.AutoReply; // a client's "read" notice: kept where it threads, opens nothing
        }

        var autoSubmitted = mail.Header("Auto-Submitted")?.Trim().ToLowerInvariant();
        var precedence = mail.Header("Precedence")?.Trim().ToLowerInvariant();
        if (autoSubmitted?.StartsWith("auto-replied", StringComparison.Ordinal) == true
            || precedence == "auto_reply"
            || mail.Header("X-Autoreply") is not null
            || mail.Header("X-Autorespond") is not null
            || mail.Header("X-Auto-Reply") is not null
            || OutOfOfficeSubjects.Any(s => mail.Subject.TrimStart().StartsWith(s, StringComparison.OrdinalIgnoreCase)))
        {
            return MailNature.AutoReply;
        }

        // RFC 3834: the keyword may carry parameters ("no; reason=…") and comments ("no (…)"): only the keyword counts.
        var keyword = autoSubmitted?.Split(';', '(')[0].Trim();
        if ((keyword is { Length: > 0 } && keyword != "no")
            || precedence is "bulk" or "junk"
            || mail.ReturnPath is { Length: 0 }
            || IsSystemSender(mail.FromAddress))
        {
            return MailNature.Automated;
        }

        return MailNature.Person;
    }

    /// <summary>
    /// Whether Baton must not send an automatic answer (an acknowledgement) to this mail, though a person may have
    /// written it: anything automated, and mail that asks not to be auto-answered or came through a mailing list.
    /// </summary>
    public static bool WantsNoAutomaticReply(MailFacts mail, MailNature nature) =>
        nature != MailNature.Person
        || mail.Header("X-Auto-Response-Suppress") is not null
        || mail.Header("List-Id") is not null
        || mail.Header("List-Unsubscribe") is not null
        || mail.Header("Precedence")?.Trim().Equals("list", StringComparison.OrdinalIgnoreCase) == true;

    public static bool IsSystemSender(string address)
    {
        var at = address.IndexOf('@', StringComparison.Ordinal);
        var local = (at < 0 ? address : address[..at]).ToLowerInvariant();
        return SystemSenders.Contains(local);
    }

    /// <summary>A message disposition notification (RFC 8098): the "your message was read" receipt some clients send.</summary>
    private static bool IsReadReceipt(MailFacts mail) =>
        mail.ContentType.Equals("multipart/report", StringComparison.OrdinalIgnoreCase)
            && string.Equals(mail.ReportType, "disposition-notification", StringComparison.OrdinalIgnoreCase)
        || mail.ContentType.Equals("message/disposition-notification", StringComparison.OrdinalIgnoreCase);

    private static bool IsDeliveryReport(MailFacts mail) =>
        mail.ContentType.Equals("multipart/report", StringComparison.OrdinalIgnoreCase)
            && (mail.ReportType is null || mail.ReportType.Equals("delivery-status", StringComparison.OrdinalIgnoreCase))
        || mail.ContentType.Equals("message/delivery-status", StringComparison.OrdinalIgnoreCase);
}
