using System.Globalization;
using System.Text;

namespace Baton.Web.Features.Projects;

/// <summary>One VEVENT. Instants are written in UTC (<c>…Z</c>), so no VTIMEZONE is needed and every client agrees.</summary>
public sealed record IcsEvent(
    string Uid,
    int Sequence,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Summary,
    string? Description = null,
    string? Location = null,
    bool Cancelled = false,
    DateTimeOffset? Created = null,
    DateTimeOffset? LastModified = null,
    string? Url = null,
    IReadOnlyList<string>? Categories = null);

/// <summary>
/// Writes an RFC 5545 calendar: CRLF line ends, content lines folded at 75 octets (never inside a UTF-8 sequence),
/// TEXT values escaped (backslash, semicolon, comma, newline), UTC date-times. Pure: the same input gives the same bytes.
/// </summary>
public static class IcsWriter
{
    public const string ContentType = "text/calendar; charset=utf-8";
    private const int MaxLineOctets = 75;

    /// <summary>The whole calendar. <paramref name="stamp"/> is every event's DTSTAMP: when this copy was produced (RFC 5545 §3.8.7.2, with METHOD:PUBLISH).</summary>
    public static string Write(string calendarName, IEnumerable<IcsEvent> events, DateTimeOffset stamp)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ics = new StringBuilder();
        Line(ics, "BEGIN:VCALENDAR");
        Line(ics, "VERSION:2.0");
        Line(ics, "PRODID:-//Baton//Baton service desk//EN");
        Line(ics, "CALSCALE:GREGORIAN");
        Line(ics, "METHOD:PUBLISH");
        Line(ics, "NAME:" + Text(calendarName));
        Line(ics, "X-WR-CALNAME:" + Text(calendarName));
        Line(ics, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
        Line(ics, "X-PUBLISHED-TTL:PT1H");
        var any = false;
        foreach (var e in events)
        {
            any = true;
            Line(ics, "BEGIN:VEVENT");
            Line(ics, "UID:" + Text(e.Uid));
            Line(ics, "SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture));
            Line(ics, "DTSTAMP:" + Utc(stamp));
            Line(ics, "DTSTART:" + Utc(e.Start));
            Line(ics, "DTEND:" + Utc(e.End));
            if (e.Created is { } created)
            {
                Line(ics, "CREATED:" + Utc(created));
            }

            if (e.LastModified is { } modified)
            {
                Line(ics, "LAST-MODIFIED:" + Utc(modified));
            }

            Line(ics, "SUMMARY:" + Text(e.Summary));
            if (!string.IsNullOrEmpty(e.Description))
            {
                Line(ics, "DESCRIPTION:" + Text(e.Description));
            }

            if (!string.IsNullOrEmpty(e.Location))
            {
                Line(ics, "LOCATION:" + Text(e.Location));
            }

            if (e.Categories is { Count: > 0 } categories)
            {
                Line(ics, "CATEGORIES:" + string.Join(",", categories.Select(Text)));
            }

            if (!string.IsNullOrEmpty(e.Url))
            {
                Line(ics, "URL:" + e.Url);
            }

            Line(ics, "STATUS:" + (e.Cancelled ? "CANCELLED" : "CONFIRMED"));
            Line(ics, "TRANSP:" + (e.Cancelled ? "TRANSPARENT" : "OPAQUE"));
            Line(ics, "END:VEVENT");
        }

        if (!any)
        {
            // A VCALENDAR must hold at least one component (RFC 5545 §3.6). An empty feed carries the UTC zone
            // definition, which is valid, harmless and keeps strict parsers happy until the first engagement.
            Line(ics, "BEGIN:VTIMEZONE");
            Line(ics, "TZID:UTC");
            Line(ics, "BEGIN:STANDARD");
            Line(ics, "DTSTART:19700101T000000");
            Line(ics, "TZOFFSETFROM:+0000");
            Line(ics, "TZOFFSETTO:+0000");
            Line(ics, "TZNAME:UTC");
            Line(ics, "END:STANDARD");
            Line(ics, "END:VTIMEZONE");
        }

        Line(ics, "END:VCALENDAR");
        return ics.ToString();
    }

    /// <summary>An RFC 5545 TEXT value: backslash, semicolon and comma escaped, line breaks as \n, other control characters dropped.</summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var s = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\':
                    s.Append(@"\\");
                    break;
                case ';':
                    s.Append(@"\;");
                    break;
                case ',':
                    s.Append(@"\,");
                    break;
                case '\r':
                    s.Append(@"\n");
                    if (i + 1 < value.Length && value[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n':
                    s.Append(@"\n");
                    break;
                case '\t':
                    s.Append(' ');
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        s.Append(c);
                    }

                    break;
            }
        }

        return s.ToString();
    }

    public static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Appends one content line, folded so no physical line exceeds 75 octets of UTF-8, then CRLF.</summary>
    private static void Line(StringBuilder ics, string line)
    {
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > MaxLineOctets)
            {
                ics.Append("\r\n ");
                octets = 1; // the leading space of the continuation line counts
            }

            ics.Append(rune.ToString());
            octets += size;
        }

        ics.Append("\r\n");
    }
}
