using System.Globalization;
using System.Text;

namespace Baton.Domain.Meetings;

/// <summary>One attendee's answer in a REPLY: the address from the ATTENDEE's mailto, the PARTSTAT as attendance.</summary>
public sealed record ReplyAnswer(string Email, Attendance Attendance);

/// <summary>
/// An iTIP REPLY (RFC 5546 §3.2.3) as far as a meeting needs it: which event (UID), which version of the invitation
/// it answers (SEQUENCE, 0 when absent), and each ATTENDEE's PARTSTAT. Reads content lines the way RFC 5545 §3.1
/// writes them: unfolded, names and parameter names in any case, parameter values quoted or not.
/// </summary>
public sealed record CalendarReply(string Uid, int Sequence, IReadOnlyList<ReplyAnswer> Answers)
{
    /// <summary>The reply in <paramref name="ics"/>, or null when it is no REPLY to an event (an invitation, a feed, noise).</summary>
    public static CalendarReply? Read(string ics)
    {
        ArgumentNullException.ThrowIfNull(ics);
        string? method = null, uid = null;
        var sequence = 0;
        var answers = new List<ReplyAnswer>();
        var depth = new Stack<string>();
        foreach (var line in Unfolded(ics))
        {
            if (!TrySplit(line, out var name, out var parameters, out var value))
            {
                continue;
            }

            switch (name)
            {
                case "BEGIN":
                    depth.Push(value.ToUpperInvariant());
                    continue;
                case "END":
                    if (depth.Count > 0)
                    {
                        depth.Pop();
                    }

                    continue;
            }

            var inEvent = depth.Count > 0 && depth.Peek() == "VEVENT";
            if (name == "METHOD" && depth.Count == 1)
            {
                method = value.Trim().ToUpperInvariant();
            }
            else if (inEvent && name == "UID" && uid is null)
            {
                uid = value.Trim();
            }
            else if (inEvent && name == "SEQUENCE")
            {
                _ = int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
            }
            else if (inEvent && name == "ATTENDEE" && Address(value) is { } email
                     && Attendance(parameters.GetValueOrDefault("PARTSTAT")) is { } attendance)
            {
                answers.Add(new ReplyAnswer(email, attendance));
            }
        }

        return method == "REPLY" && uid is { Length: > 0 } && answers.Count > 0 ? new CalendarReply(uid, sequence, answers) : null;
    }

    private static Attendance? Attendance(string? partstat) => partstat?.ToUpperInvariant() switch
    {
        "ACCEPTED" => Meetings.Attendance.Accepted,
        "DECLINED" => Meetings.Attendance.Declined,
        "TENTATIVE" => Meetings.Attendance.Tentative,
        "NEEDS-ACTION" => Meetings.Attendance.NeedsAction,
        _ => null, // DELEGATED and the rest: not an answer a meeting records
    };

    private static string? Address(string value)
    {
        var v = value.Trim();
        if (v.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            v = v["mailto:".Length..];
        }

        v = Uri.UnescapeDataString(v).Trim();
        return Text.LooksLikeEmail(v) ? v : null;
    }

    /// <summary>Content lines with folding undone: a line break followed by a space or tab continues the line.</summary>
    private static IEnumerable<string> Unfolded(string ics)
    {
        var current = new StringBuilder();
        foreach (var raw in ics.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.Length > 0 && (raw[0] == ' ' || raw[0] == '\t'))
            {
                current.Append(raw, 1, raw.Length - 1);
                continue;
            }

            if (current.Length > 0)
            {
                yield return current.ToString();
            }

            current.Clear().Append(raw);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    /// <summary>name *(";" param) ":" value, where a colon or semicolon inside a quoted parameter value is text.</summary>
    private static bool TrySplit(string line, out string name, out Dictionary<string, string> parameters, out string value)
    {
        parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        name = value = "";
        var quoted = false;
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == ';')
            {
                parts.Add(line[start..i]);
                start = i + 1;
            }
            else if (!quoted && c == ':')
            {
                parts.Add(line[start..i]);
                value = line[(i + 1)..];
                name = parts[0].Trim().ToUpperInvariant();
                foreach (var p in parts.Skip(1))
                {
                    var eq = p.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0)
                    {
                        parameters[p[..eq].Trim()] = p[(eq + 1)..].Trim().Trim('"');
                    }
                }

                return name.Length > 0;
            }
        }

        return false;
    }
}
