namespace Baton.Domain.Informing;

/// <summary>
/// <c>@handle</c> in an internal note: the handle is the local part of a staff member's e-mail address
/// (<c>dana.ops@msp.example</c> is <c>@dana.ops</c>), matched without regard to case. One form only, so a handle is
/// typeable, unambiguous within one mail domain, and the same everywhere Baton shows it. An address written in the
/// note (<c>ops@dana.example</c>), an <c>@</c> inside a word, and anything in Markdown code (<c>`@x`</c>, fenced blocks)
/// is not a mention.
/// </summary>
public static class Mentions
{
    /// <summary>A note names at most this many people; the rest of the handles are ignored (a note is not a mailing list).</summary>
    public const int MaxPerNote = 20;

    /// <summary>The longest local part an address may have (RFC 5321).</summary>
    public const int MaxHandleLength = 64;

    /// <summary>The handle of a staff member with <paramref name="email"/>: its local part, lower case; empty without an address.</summary>
    public static string HandleOf(string? email)
    {
        var at = email?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        return at > 0 ? email![..at].ToLowerInvariant() : "";
    }

    /// <summary>The distinct handles <paramref name="body"/> mentions, lower case, in order of first mention, without the <c>@</c>.</summary>
    public static IReadOnlyList<string> Find(string? body)
    {
        var found = new List<string>();
        if (string.IsNullOrEmpty(body))
        {
            return found;
        }

        var text = WithoutCode(body);
        for (var i = 0; i < text.Length && found.Count < MaxPerNote; i++)
        {
            if (text[i] != '@' || (i > 0 && IsWordChar(text[i - 1])))
            {
                continue; // "a@b.c": the @ of an address follows its local part
            }

            var end = i + 1;
            while (end < text.Length && IsHandleChar(text[end]))
            {
                end++;
            }

            // "@dana.ops." at the end of a sentence: the full stop is not part of the handle.
            while (end > i + 1 && text[end - 1] is '.' or '-' or '_')
            {
                end--;
            }

            var handle = text[(i + 1)..end];
            var next = end < text.Length ? text[end] : ' ';
            i = end - 1;
            if (handle.Length == 0 || handle.Length > MaxHandleLength || !char.IsLetterOrDigit(handle[0]) || next == '@')
            {
                continue; // "@dana@msp.example" is an address, not a mention
            }

            var lower = handle.ToLowerInvariant();
            if (!found.Contains(lower))
            {
                found.Add(lower);
            }
        }

        return found;
    }

    /// <summary>The first words of a note, for the notice ("…" when cut): enough to know what it is about.</summary>
    public static string FirstWords(string? body, int maxLength = 80)
    {
        var flat = string.Join(' ', (body ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length <= maxLength)
        {
            return flat;
        }

        var cut = flat.LastIndexOf(' ', maxLength);
        return (cut > maxLength / 2 ? flat[..cut] : flat[..maxLength]) + "…";
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '+' or '@' or '/' or '\\';

    private static bool IsHandleChar(char c) => (c < 128 && char.IsLetterOrDigit(c)) || c is '.' or '_' or '-' or '+';

    /// <summary>The body with fenced code blocks and inline code spans blanked out (same length, so positions stay).</summary>
    private static string WithoutCode(string body)
    {
        var chars = body.ToCharArray();
        var i = 0;
        while (i < chars.Length)
        {
            if (chars[i] != '`')
            {
                i++;
                continue;
            }

            var run = 0;
            while (i + run < chars.Length && chars[i + run] == '`')
            {
                run++;
            }

            var fence = new string('`', run);
            var close = body.IndexOf(fence, i + run, StringComparison.Ordinal);
            var end = close < 0 ? (run >= 3 ? chars.Length : i + run) : close + run; // an unclosed fence runs to the end
            for (var k = i; k < end; k++)
            {
                chars[k] = ' ';
            }

            i = Math.Max(end, i + run);
        }

        return new string(chars);
    }
}
