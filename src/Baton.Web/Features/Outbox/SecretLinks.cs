using System.Text.Encodings.Web;
using System.Text.RegularExpressions;

namespace Baton.Web.Features.Outbox;

/// <summary>
/// Links in a queued message that sign their reader in (an invitation, a password reset), marked so by whoever queues
/// them. The Outbox page shows such a message with the link masked, and once the message is sent the stored copy
/// keeps only the mask: the link lives in the database no longer than it takes to deliver it.
/// </summary>
public static partial class SecretLinks
{
    public const string Mask = "(sign-in link, not shown)";

    /// <summary>The attribute that marks a secret link (the recipient's mail client ignores it).</summary>
    public const string Attribute = "data-secret-link";

    /// <summary>The link as a message's HTML carries it: its address as its text, marked secret.</summary>
    public static string Html(string url)
    {
        var encoded = HtmlEncoder.Default.Encode(url);
        return $"<a {Attribute} href=\"{encoded}\">{encoded}</a>";
    }

    public static bool In(string html) => html.Contains(Attribute, StringComparison.Ordinal);

    /// <summary>The HTML with every secret link replaced by <see cref="Mask"/>.</summary>
    public static string Masked(string html) => SecretLink().Replace(html ?? "", Mask);

    [GeneratedRegex("<a data-secret-link href=\"[^\"]*\">[^<]*</a>", RegexOptions.CultureInvariant)]
    private static partial Regex SecretLink();
}
