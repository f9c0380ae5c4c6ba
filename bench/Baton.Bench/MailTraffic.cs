using System.Globalization;
using MimeKit;

namespace Baton.Bench;

/// <summary>
/// Realistic mail for the mail scenarios, the same for every run: new requests from the contacts of a client (plain
/// text, or HTML with a text part, one in ten with a small log file attached), and replies to them that quote the
/// desk's text, threaded either by the ticket number in the subject or by In-Reply-To/References.
/// </summary>
internal sealed class MailTraffic(IReadOnlyList<string> contacts, string deskAddress, string run)
{
    private static readonly string[] Subjects =
    [
        "Printer on floor 3 jams on every job", "VPN drops every few minutes", "New starter needs a laptop and accounts",
        "Outlook cannot open the shared mailbox", "Payroll export fails with a timeout", "Wi-Fi in meeting room B is slow",
        "Access to the finance share", "Phone system shows 'no service'", "Reset MFA for a field engineer", "Install the CAD viewer",
        "Läuft nicht: Scanner im Lager", "Teams calls cut out after 10 minutes", "Laptop battery swells", "Cannot print to PDF",
    ];

    private static readonly string[] Bodies =
    [
        "Hi,\n\nsince this morning {0}. I restarted twice; no change. It is blocking the team.\n\nThanks,\n{1}",
        "Hello desk,\n\n{0} — could somebody look at it today? Steps: open the app, sign in, wait a minute.\nExpected: it works. Actual: an error.\n\nBest regards\n{1}\nOperations",
        "Good morning,\n\nquick one: {0}. Not urgent, but three people asked me already.\n\n{1}",
    ];

    private static readonly DateTimeOffset Epoch = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A new request, number <paramref name="i"/> of the run, from one of the contacts.</summary>
    public MimeMessage NewRequest(int i)
    {
        var from = contacts[i % contacts.Count];
        var subject = $"{Subjects[i % Subjects.Length]} ({run} {i})";
        var text = string.Format(CultureInfo.InvariantCulture, Bodies[i % Bodies.Length], subject.ToLowerInvariant(), NameOf(from));
        var mail = Envelope(from, subject, $"{run}.{i}.{Guid.NewGuid():N}@client.example", i);
        var body = i % 3 == 0
            ? new MultipartAlternative
            {
                new TextPart("plain") { Text = text },
                new TextPart("html") { Text = $"<html><body><div>{System.Net.WebUtility.HtmlEncode(text).Replace("\n", "<br>", StringComparison.Ordinal)}</div></body></html>" },
            }
            : (MimeEntity)new TextPart("plain") { Text = text };
        if (i % 10 == 7)
        {
            var log = string.Join('\n', Enumerable.Range(0, 120).Select(n => $"2026-12-07T07:{n % 60:00}:00Z WARN service {n}: connection reset by peer"));
            mail.Body = new Multipart("mixed")
            {
                body,
                new MimePart("text", "plain")
                {
                    Content = new MimeContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(log))),
                    ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.Base64,
                    FileName = "client.log",
                },
            };
        }
        else
        {
            mail.Body = body;
        }

        return mail;
    }

    /// <summary>
    /// The requester answering the desk about <paramref name="original"/>: by the ticket number in the subject when
    /// <paramref name="number"/> is given (what a mail client keeps from "[INC-000123] …"), else by In-Reply-To only.
    /// </summary>
    public MimeMessage Reply(int i, MimeMessage original, string? number)
    {
        var from = original.From.Mailboxes.Single().Address;
        var subject = number is null ? $"Re: {original.Subject}" : $"RE: [{number}] {original.Subject}";
        var mail = Envelope(from, subject, $"{run}.{i}.re.{Guid.NewGuid():N}@client.example", i);
        if (number is null)
        {
            var id = original.MessageId ?? throw new InvalidOperationException("Every request of the plan has a Message-ID.");
            mail.InReplyTo = id;
            mail.References.Add(id);
        }

        mail.Body = new TextPart("plain")
        {
            Text = $"Still happening after the update, see the screenshot I sent before.\n\n{NameOf(from)}\n\n" +
                $"On Mon, 7 Dec 2026 at 09:12, Service desk <{deskAddress}> wrote:\n> We have your request.\n> Could you tell us when it started?\n",
        };
        return mail;
    }

    public static byte[] Raw(MimeMessage mail)
    {
        using var stream = new MemoryStream();
        mail.WriteTo(FormatOptions.Default, stream);
        return stream.ToArray();
    }

    private MimeMessage Envelope(string from, string subject, string messageId, int i)
    {
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(NameOf(from), from));
        mail.To.Add(new MailboxAddress("Service desk", deskAddress));
        mail.Subject = subject;
        mail.Date = Epoch.AddSeconds(i);
        mail.MessageId = messageId;
        mail.Headers.Add("Received", $"from mx.client.example (mx.client.example [192.0.2.{i % 250}]) by mx.msp.example; {Epoch.AddSeconds(i):R}");
        return mail;
    }

    private static string NameOf(string address)
    {
        var local = address[..address.IndexOf('@', StringComparison.Ordinal)];
        return CultureInfo.InvariantCulture.TextInfo.ToTitleCase(local.Replace('.', ' '));
    }
}
