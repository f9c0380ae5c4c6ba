using System.Text.RegularExpressions;

namespace Baton.Domain.Mail;

/// <summary>
/// Separates what a person wrote in a reply from the history their mail client quoted under it, so the timeline shows
/// the new words and the full message stays one click away. Markers: Baton's own "reply above this line", then the
/// common clients' (Gmail, Apple Mail and Thunderbird "On … wrote:", Outlook's "-----Original Message-----" and its
/// "From: … Sent: …" block), then a trailing block of "&gt;" lines.
/// </summary>
public static partial class QuotedReply
{
    /// <summary>The line Baton puts at the top of its mail; a reply's new part is what comes above it.</summary>
    public const string ReplyAboveThisLine = "## Reply above this line ##";

    public sealed record Parts(string Fresh, string Quoted);

    public static Parts Split(string text)
    {
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var lines = normalised.Split('\n');
        var cut = FirstMarker(lines);
        if (cut is null)
        {
            // No marker: a trailing block of quoted lines is history.
            var end = lines.Length;
            while (end > 0 && (lines[end - 1].TrimStart().StartsWith('>') || lines[end - 1].Trim().Length == 0))
            {
                end--;
            }

            cut = lines.Skip(end).Any(l => l.TrimStart().StartsWith('>')) ? end : lines.Length;
        }

        var fresh = string.Join('\n', lines.Take(cut.Value)).Trim();
        var quoted = string.Join('\n', lines.Skip(cut.Value)).Trim();
        // A mail that is all quote (a bare forward) keeps its text: better the whole than nothing.
        return fresh.Length == 0 ? new Parts(quoted, "") : new Parts(fresh, quoted);
    }

    private static int? FirstMarker(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Contains(ReplyAboveThisLine, StringComparison.Ordinal)
                || OriginalMessage().IsMatch(line)
                || WroteLine(lines, i))
            {
                return i;
            }

            if (OutlookFrom().IsMatch(line) && lines.Skip(i + 1).Take(4).Any(l => OutlookSent().IsMatch(l.Trim())))
            {
                // Outlook draws a rule of underscores above the block: it belongs to the quote, not to the answer.
                return i > 0 && OutlookRule().IsMatch(lines[i - 1].Trim()) ? i - 1 : i;
            }
        }

        return null;
    }

    /// <summary>"On Tue, 3 Mar 2031 at 10:02, Dana &lt;dana@x&gt; wrote:", which Gmail may wrap over two lines.</summary>
    private static bool WroteLine(string[] lines, int i)
    {
        var line = lines[i].Trim();
        if (WroteIntro().IsMatch(line) && WroteEnd().IsMatch(line))
        {
            return true;
        }

        return WroteIntro().IsMatch(line) && i + 1 < lines.Length && WroteEnd().IsMatch(lines[i + 1].Trim()) && !WroteIntro().IsMatch(lines[i + 1].Trim());
    }

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Forwarded message)\s*-{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^\*?(From|Von|De)\s*:\*?\s+\S", RegexOptions.IgnoreCase)]
    private static partial Regex OutlookFrom();

    [GeneratedRegex(@"^\*?(Sent|Gesendet|Envoyé|Date)\s*:\*?\s+\S", RegexOptions.IgnoreCase)]
    private static partial Regex OutlookSent();

    [GeneratedRegex(@"^(On|Am|Le|El|Il|Op)\s.{4,}", RegexOptions.IgnoreCase)]
    private static partial Regex WroteIntro();

    // German and Dutch put the name after the verb: "Am … schrieb Dana <d@x>:", "Op … schreef Dana:".
    [GeneratedRegex(@"((wrote|a écrit|escribió|ha scritto)\s*:|\b(schrieb|schreef)\b.*:)$", RegexOptions.IgnoreCase)]
    private static partial Regex WroteEnd();

    [GeneratedRegex(@"^_{10,}$")]
    private static partial Regex OutlookRule();
}
