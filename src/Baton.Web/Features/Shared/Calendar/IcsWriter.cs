using System.Globalization;
using System.Text;

namespace Baton.Web.Features.Shared.Calendar;

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
    IReadOnlyList<string>? Categories = null)
{
    /// <summary>Who calls it (RFC 5545 §3.8.4.3): required with METHOD:REQUEST, CANCEL and REPLY (RFC 5546).</summary>
    public IcsPerson? Organizer { get; init; }

    public IReadOnlyList<IcsAttendee> Attendees { get; init; } = [];
}

/// <summary>A calendar user: a name (CN) and the address answers go to.</summary>
public sealed record IcsPerson(string Name, string Email);

/// <summary>An ATTENDEE: <see cref="Status"/> is PARTSTAT, <see cref="Chair"/> the organizer's own line (ROLE=CHAIR).</summary>
public sealed record IcsAttendee(IcsPerson Person, string Status = "NEEDS-ACTION", bool Chair = false, bool Rsvp = true);

/// <summary>The iTIP methods Baton writes (RFC 5546 §1.4).</summary>
public static class IcsMethod
{
    /// <summary>A feed: events to show, no answer expected.</summary>
    public const string Publish = "PUBLISH";

    /// <summary>An invitation, or its update (same UID, higher SEQUENCE).</summary>
    public const string Request = "REQUEST";

    public const string Cancel = "CANCEL";

    public const string Reply = "REPLY";
}

/// <summary>
/// Writes an RFC 5545 calendar: CRLF line ends, content lines folded at 75 octets (never inside a UTF-8 sequence),
/// TEXT values escaped (backslash, semicolon, comma, newline), UTC date-times. Pure: the same input gives the same bytes.
/// </summary>
public static class IcsWriter
{
    public const string ContentType = "text/calendar; charset=utf-8";
    private const int MaxLineOctets = 75;

    /// <summary>A published feed. <paramref name="stamp"/> is every event's DTSTAMP: when this copy was produced (RFC 5545 §3.8.7.2, with METHOD:PUBLISH).</summary>
    public static string Write(string calendarName, IEnumerable<IcsEvent> events, DateTimeOffset stamp) =>
        Write(IcsMethod.Publish, events, stamp, calendarName);

    /// <summary>
    /// An iTIP message (RFC 5546): an invitation, its update or cancellation, or a reply. Unlike a feed it carries no
    /// name or refresh properties: it is one message, not something to subscribe to.
    /// </summary>
    public static string Message(string method, IEnumerable<IcsEvent> events, DateTimeOffset stamp) => Write(method, events, stamp, feedName: null);

    private static string Write(string method, IEnumerable<IcsEvent> events, DateTimeOffset stamp, string? feedName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(events);
        var ics = new StringBuilder();
        Line(ics, "BEGIN:VCALENDAR");
        Line(ics, "VERSION:2.0");
        Line(ics, "PRODID:-//Baton//Baton service desk//EN");
        Line(ics, "CALSCALE:GREGORIAN");
        Line(ics, "METHOD:" + method);
        if (feedName is not null)
        {
            Line(ics, "NAME:" + Text(feedName));
            Line(ics, "X-WR-CALNAME:" + Text(feedName));
            Line(ics, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
            Line(ics, "X-PUBLISHED-TTL:PT1H");
        }

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

            if (e.Organizer is { } organizer)
            {
                Line(ics, $"ORGANIZER;CN={Parameter(organizer.Name)}:mailto:{organizer.Email}");
            }

            foreach (var a in e.Attendees)
            {
                var role = a.Chair ? "CHAIR" : "REQ-PARTICIPANT";
                var rsvp = a.Rsvp && !a.Chair ? "TRUE" : "FALSE";
                Line(ics, $"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE={role};PARTSTAT={a.Status};RSVP={rsvp};CN={Parameter(a.Person.Name)}:mailto:{a.Person.Email}");
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

    /// <summary>
    /// A parameter value (CN=…), always quoted: a quoted-string may hold ; : and , but no DQUOTE or control character
    /// (RFC 5545 §3.1), so those are dropped — a name is not worth an unreadable invitation.
    /// </summary>
    public static string Parameter(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "\"" + new string([.. value.Where(c => c != '"' && !char.IsControl(c))]) + "\"";
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
