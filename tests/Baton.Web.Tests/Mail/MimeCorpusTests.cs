using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Baton.Web.Features.Mail;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Baton.Web.Tests.Mail;

/// <summary>
/// 100 real-world messages (Mail/Corpus/mime-dev: the MimeKit, Ruby mail and CPython test suites — broken boundaries,
/// odd charsets, raw 8-bit headers, DSNs, forwarded chains) through the whole ingestion path, the gateway over HTTP.
/// Every sender with a readable address is first made a contact of one client, so a message a person wrote opens a
/// ticket; the outcome, decoded subject and sender of each message are written down in <see cref="Expected"/>.
/// </summary>
public sealed class MimeCorpusTests(MailingDesk desk) : IClassFixture<MailingDesk>
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "Mail", "Corpus", "mime-dev");

    [Fact]
    public async Task EveryCorpusMessage_IsStoredAndFiledAsExpected_WithNo5xx_AndItsSubjectAndSenderDecoded()
    {
        var files = Directory.GetFiles(Corpus, "*.eml").OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Equal(100, files.Count);
        var client = await desk.App.CreateClientAsync("Corpus senders");
        await desk.App.WithDbAsync(async db =>
        {
            foreach (var address in files.SelectMany(SendersOf).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                db.Contacts.Add(new Baton.Domain.Clients.Contact(client.ClientId, address, address, null, null, null));
            }

            await db.SaveChangesAsync();
        });

        var actual = new List<string>();
        var problems = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var (status, sent, text) = await desk.PostMailAsync(await File.ReadAllBytesAsync(file));
            if (status != HttpStatusCode.OK)
            {
                problems.Add($"{name}: HTTP {(int)status} {text}");
                continue;
            }

            var body = sent!;
            var row = await desk.App.WithDbAsync(db => db.InboundMails.AsNoTracking().SingleAsync(m => m.Id == body.Id));
            var outcome = body.Duplicate ? "Duplicate" : row.State == Data.InboundMailState.Filed ? row.Outcome.ToString() : row.State.ToString();
            var line = $"[\"{name}\"] = new(\"{outcome}\", \"{Escape(row.Subject)}\", \"{Escape(row.FromAddress)}\"),";
            actual.Add(line);
            if (!Expected.TryGetValue(name, out var expected))
            {
                problems.Add($"{name}: no expected outcome written down; it was {line}");
            }
            else if (expected != new Outcome(outcome, row.Subject, row.FromAddress))
            {
                problems.Add($"{name}: expected {expected}, was ({outcome}, {row.Subject}, {row.FromAddress}); reason: {row.Reason}");
            }
        }

        await File.WriteAllLinesAsync(Path.Combine(Path.GetTempPath(), "baton-mime-corpus-actual.txt"), actual);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(actual.Count(l => l.Contains("\"Unprocessable\"", StringComparison.Ordinal)) <= 5, "at most a handful could not be processed");
    }

    /// <summary>Readable sender addresses of a message, for seeding contacts; a message MimeKit cannot parse has none.</summary>
    private static IEnumerable<string> SendersOf(string file)
    {
        try
        {
            var message = MimeMessage.Load(file);
            return message.From.Mailboxes.Select(m => m.Address).Where(Baton.Domain.Text.LooksLikeEmail).Take(1).ToList();
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    public sealed record Outcome(string Filed, string Subject, string From);

    /// <summary>What each message became (none of the 100 ends as "could not be processed"), with the decoded subject and sender.</summary>
    private static readonly Dictionary<string, Outcome> Expected = new(StringComparer.Ordinal)
    {
        ["mk-compliance-invalid-content-transfer-encoding-basic.eml"] = new("NewTicket", "This is a test message", "unit-tests@mimekit.net"),
        ["mk-compliance-invalid-content-transfer-encoding-multiple.eml"] = new("Duplicate", "This is a test message", "unit-tests@mimekit.net"), // the same Message-ID as a file before it: one mail
        ["mk-compliance-invalid-wrapping.eml"] = new("Duplicate", "This is a test message", "unit-tests@mimekit.net"), // the same Message-ID as a file before it: one mail
        ["mk-compliance-missing-body-separator.eml"] = new("Duplicate", "This is a test message", "unit-tests@mimekit.net"), // the same Message-ID as a file before it: one mail
        ["mk-compliance-missing-multipart-end-boundary.eml"] = new("Duplicate", "This is a test message", "unit-tests@mimekit.net"), // the same Message-ID as a file before it: one mail
        ["mk-compliance-multiple-content-transfer-encodings.eml"] = new("Duplicate", "This is a test message", "unit-tests@mimekit.net"), // the same Message-ID as a file before it: one mail
        ["mk-compliance-raw-koi8r-header.eml"] = new("NewTicket", "Откуда он появился?", "mimekit@example.com"),
        ["mk-compliance-raw-utf8-header.eml"] = new("Duplicate", "Откуда он появился?", "mimekit@example.com"), // the same Message-ID as a file before it: one mail
        ["mk-compliance-unexpected-8bit-bytes-in-epilogue.eml"] = new("Duplicate", "Откуда он появился?", "mimekit@example.com"), // the same Message-ID as a file before it: one mail
        ["mk-dkim-gmail.eml"] = new("NewTicket", "Testing verification of Google DKIM-Signature headers", "jeff.stedfast@gmail.com"),
        ["mk-dkim-multipart-no-end-boundary.eml"] = new("NewTicket", "Multipart message without closing boundary", "mimekit.test@gmail.com"),
        ["mk-dkim-rfc8463-example.eml"] = new("NewTicket", "Is dinner ready?", "joe@football.example.com"),
        ["mk-mbox-content-length-003.eml"] = new("NewTicket", "RE[4]: your generated HTML", "izzy@nugget.scr.atm.com"),
        ["mk-mbox-content-length-004.eml"] = new("NewTicket", "3.01 MIME prob message [Fwd: communicator 4.01  a conference problem]", "chrlsim@futureone.com"),
        ["mk-mbox-content-length-006.eml"] = new("UnknownSender", "More richtext questions/comments", ""), // no readable sender address: waits in the unknown-senders list
        ["mk-mbox-content-length-011.eml"] = new("NewTicket", "Re: can you send me an encrypted message?", "blaker@craswell.com"),
        ["mk-mbox-content-length-012.eml"] = new("NewTicket", "Encrypted message", "blaker@craswell.com"),
        ["mk-mbox-content-length-018.eml"] = new("NewTicket", "testing out some new stuff", "repka@netscape.com"),
        ["mk-mbox-content-length-024.eml"] = new("NewTicket", "plase help by returning what gets delivered...", "peter@verisign.com"),
        ["mk-mbox-simple-000.eml"] = new("NewTicket", "this'll probably break a lot of mime parsers", "fejj@gnome.org"),
        ["mk-mbox-simple-002.eml"] = new("NewTicket", "if a mime parser can correctly handle this, I'm impressed", "fejj@gnome.org"),
        ["mk-mbox-unmunged-001.eml"] = new("NewTicket", "Another test message with an unmunged From line", "jeff@xamarin.com"),
        ["mk-messages-body.1.eml"] = new("NewTicket", "MimeMessage.TextBody and HtmlBody tests", "mimekit@mimekit.net"),
        ["mk-messages-body.4.eml"] = new("NewTicket", "MimeMessage.TextBody and HtmlBody tests", "mimekit@mimekit.net"),
        ["mk-messages-body.5.eml"] = new("NewTicket", "MimeMessage.TextBody and HtmlBody tests", "mimekit@mimekit.net"),
        ["mk-messages-body.6.eml"] = new("NewTicket", "MimeMessage.TextBody and HtmlBody tests", "mimekit@mimekit.net"),
        ["mk-messages-bounce.eml"] = new("Bounce", "Undelivered Mail Returned to Sender", "MAILER-DAEMON@hmail.jitbit.com"), // a delivery report about mail Baton did not send: kept, nothing done
        ["mk-messages-delivery-status2.eml"] = new("Bounce", "Mail delivery failed: returning message to sender", ""), // a delivery report about mail Baton did not send: kept, nothing done
        ["mk-messages-disposition-notification.eml"] = new("AutoReply", "Disposition notification", "Joe_Recipient@example.com"), // a read receipt (disposition notification): opens nothing
        ["mk-messages-issue358.eml"] = new("NewTicket", "R: R: R: I: FR-selca LA selcaE", "jang.abcdef@xyzlinux12345678.it"),
        ["mk-messages-japanese.eml"] = new("NewTicket", "日本語メールテスト (testing Japanese emails)", "x@x.com"),
        ["mk-messages-missing-subtype.eml"] = new("NewTicket", "Test of an invalid mime-type", "someone@somewhere.com"),
        ["mk-messages-multipart-digest.eml"] = new("NewTicket", "", "user@domain.org"),
        ["mk-messages-multipart-related-mhtml.eml"] = new("UnknownSender", "", ""), // no readable sender address: waits in the unknown-senders list
        ["mk-messages-stack-overflow.eml"] = new("NewTicket", "Message Subject", "test@test.com"),
        ["mk-partial-message-partial.0.eml"] = new("NewTicket", "Photo of a girl with feather earrings", "anonymous@mit.edu"),
        ["mk-partial-message-partial.1.eml"] = new("NewTicket", "Photo of a girl with feather earrings", "anonymous@mit.edu"),
        ["mk-partial-message-partial.2.eml"] = new("NewTicket", "Photo of a girl with feather earrings", "anonymous@mit.edu"),
        ["mk-partial-message-partial.eml"] = new("NewTicket", "Photo of a girl with feather earrings", "anonymous@mit.edu"),
        ["mk-partial-rfc2046.0.eml"] = new("NewTicket", "Audio mail (part 1 of 2)", "Bill@host.com"),
        ["mk-partial-rfc2046.eml"] = new("NewTicket", "Audio mail", "Bill@host.com"),
        ["mk-smime-thunderbird-signed.eml"] = new("NewTicket", "This is a test of signing with S/MIME", "fejj@gnome.org"),
        ["mk-tnef-ukr.eml"] = new("NewTicket", "rr test 7", "rrtest1@xink.io"),
        ["mk-yenc-00000021.eml"] = new("NewTicket", "yEnc-Prefix: joystick.jpg (2/2) 18 yEnc kByte - yEnc test (2)", "develop@winews.net"),
        ["mk-yenc-simple.eml"] = new("NewTicket", "yEnc-Prefix: \"testfile.txt\" 584 yEnc bytes - yEnc test (1)", "develop@winews.net"),
        ["py-msg_01.eml"] = new("NewTicket", "This is a test message", "bbb@ddd.com"),
        ["py-msg_02.eml"] = new("NewTicket", "Ppp digest, Vol 1 #2 - 5 msgs", "ppp-request@zzz.org"),
        ["py-msg_09.eml"] = new("NewTicket", "Lyrics", "barry@python.org"),
        ["py-msg_12.eml"] = new("NewTicket", "Lyrics", "barry@python.org"),
        ["py-msg_13.eml"] = new("NewTicket", "Here is your dingus fish", "barry@digicool.com"),
        ["py-msg_14.eml"] = new("Duplicate", "This is a test message", "bbb@ddd.com"), // the same Message-ID as a file before it: one mail
        ["py-msg_25.eml"] = new("Bounce", "Returned mail: Too many hops 19 (17 max): from <linuxuser-admin@www.linux.org.uk> via [199.164.235.226], to <scoffman@wellpartner.com>", "MAILER-DAEMON@zinfandel.lacita.com"), // a delivery report about mail Baton did not send: kept, nothing done
        ["py-msg_27.eml"] = new("NewTicket", "bug demonstration	12345678911234567892123456789312345678941234567895123456789612345678971234567898112345678911234567892123456789112345678911234567892123456789	more text", "aperson@dom.ain"),
        ["py-msg_28.eml"] = new("NewTicket", "", "aperson@dom.ain"),
        ["py-msg_31.eml"] = new("NewTicket", "", "aperson@dom.ain"),
        ["py-msg_33.eml"] = new("NewTicket", "Re: Limiting Perl CPU Utilization...", "aperson@example.com"),
        ["py-msg_34.eml"] = new("NewTicket", "", "aperson@dom.ain"),
        ["py-msg_36.eml"] = new("NewTicket", "I-D ACTION:draft-ietf-mboned-mix-00.txt", "Internet-Drafts@ietf.org"),
        ["py-msg_37.eml"] = new("UnknownSender", "", ""), // no readable sender address: waits in the unknown-senders list
        ["py-msg_38.eml"] = new("UnknownSender", "", ""), // no readable sender address: waits in the unknown-senders list
        ["py-msg_40.eml"] = new("UnknownSender", "", ""), // no readable sender address: waits in the unknown-senders list
        ["py-msg_43.eml"] = new("Bounce", "Banned file: auto__mail.python.bat in mail from you", ""), // a delivery report about mail Baton did not send: kept, nothing done
        ["py-msg_46.eml"] = new("NewTicket", "GroupwiseForwardingTest", "sender@example.net"),
        ["rb-attachment_emails-attachment_message_rfc822.eml"] = new("NewTicket", "testing", "foo@example.com"),
        ["rb-attachment_emails-attachment_message_rfc822_inline_image.eml"] = new("NewTicket", "test", "test@example.com"),
        ["rb-attachment_emails-attachment_nonascii_filename.eml"] = new("Duplicate", "testing", "foo@example.com"), // the same Message-ID as a file before it: one mail
        ["rb-attachment_emails-attachment_pdf.eml"] = new("NewTicket", "Another PDF with 🎉 Unicode chars in it 🍿", "xxxx@xxxx.com"),
        ["rb-attachment_emails-attachment_with_quoted_filename.eml"] = new("NewTicket", "Eelanalüüsi päring", "jeff@37signals.com"),
        ["rb-attachment_emails-attachment_with_unquoted_name.eml"] = new("Duplicate", "testing", "foo@example.com"), // the same Message-ID as a file before it: one mail
        ["rb-error_emails-bad_date_header.eml"] = new("NewTicket", "You may_be Eligible for Legitimate_Cash from_GovAgencies!", "infoz@reactive-outpost.com"),
        ["rb-error_emails-content_transfer_encoding_empty.eml"] = new("NewTicket", "4d8119¡@(¤j¸ÉªwÄÑ±M½æ) ¤j®a»¡­^»y ¨C¤éÅ¥MP3 (2004¦~6¤ë¥÷) ÁcÅé¤¤¤å¥úºÐª© (­^»y±Ð¾Ç)¡@8afb90", "3712f2@msa.hinet.net"),
        ["rb-error_emails-content_transfer_encoding_qp_with_space.eml"] = new("NewTicket", "Low or High Blood Pressure? We can help.", "fyouizjnp@swissonline.ch"),
        ["rb-error_emails-content_transfer_encoding_text-html.eml"] = new("NewTicket", "Re: We will help you refinance your home.", "abhijit.862153drinnan@datavalet.com"),
        ["rb-error_emails-content_transfer_encoding_with_semi_colon.eml"] = new("NewTicket", "Attention", "nsukijamq@morozstudio.tk"),
        ["rb-error_emails-content_transfer_encoding_x_uuencode.eml"] = new("NewTicket", "PGP Comments on RTO West Release of Dec. 14", "lpeters@PACIFIER.COM"),
        ["rb-error_emails-empty_group_lists.eml"] = new("NewTicket", "Western Union Swift Money Transfer", "ceciledwards@sbcglobal.net"),
        ["rb-error_emails-header_fields_with_empty_values.eml"] = new("NewTicket", "Testmail", "jorn@prikkprikkprikk.no"),
        ["rb-error_emails-invalid_subject_characters.eml"] = new("NewTicket", "Formação FrenetikPolis: Mega Campanha Final Verão | Cursos de Setembro", "info@formacaofrenetik.info"),
        ["rb-error_emails-missing_body.eml"] = new("NewTicket", "REDACTED", "redacted@attglobal.net"),
        ["rb-error_emails-multiple_invalid_content_dispositions.eml"] = new("NewTicket", "Redacted", "redacted@flashmail.net"),
        ["rb-error_emails-must_supply_encoding.eml"] = new("NewTicket", "Impress your clients with a business phone���", "info@here2there-travelers-msgs.net"),
        ["rb-mime_emails-raw_email2.eml"] = new("NewTicket", "Fwd: Signed email causes file attachments", "xxxxxxxxx.xxxxxxx@gmail.com"),
        ["rb-mime_emails-raw_email4.eml"] = new("NewTicket", "Filth", "xxx@xxxx.xxx"),
        ["rb-mime_emails-sig_only_email.eml"] = new("NewTicket", "Re: Testing multipart/signed", "test@test.lindsaar.net"),
        ["rb-multi_charset-japanese_iso_2022.eml"] = new("NewTicket", "まみむめも", "raasdnil@gmail.com"),
        ["rb-multi_charset-japanese_shift_jis.eml"] = new("NewTicket", "test", "xxxxxxx@docomo.ne.jp"),
        ["rb-multi_charset-ks_c_5601-1987.eml"] = new("NewTicket", "test", "from@example.com"),
        ["rb-multipart_report_emails-report_422.eml"] = new("Bounce", "Warning: could not send message for past 8 hours", "MAILER-DAEMON@tppppp.com.au"), // a delivery report about mail Baton did not send: kept, nothing done
        ["rb-plain_emails-basic_email.eml"] = new("NewTicket", "Testing 123", "test@lindsaar.net"),
        ["rb-plain_emails-mix_caps_content_type.eml"] = new("UnknownSender", "undef method parameter bug", ""), // no readable sender address: waits in the unknown-senders list
        ["rb-plain_emails-raw_email10.eml"] = new("NewTicket", "", "xxx@xxxx.xxx"),
        ["rb-plain_emails-raw_email_bad_time.eml"] = new("NewTicket", "[0]: XXXXXXX XXXXX XXXXX !", "yusuf75thu@auracom.net"),
        ["rb-plain_emails-raw_email_incorrect_header.eml"] = new("NewTicket", "Stop adware/spyware once and for all.", "xxx@xxx.xxx"),
        ["rb-plain_emails-raw_email_multiple_from.eml"] = new("NewTicket", "/home/svn/public/minebox revision 214", "tim@powerupdev.com"),
        ["rb-plain_emails-raw_email_reply.eml"] = new("NewTicket", "Re: Test reply email", "xxxxxxxx@xxx.org"),
        ["rb-plain_emails-raw_email_string_in_date_field.eml"] = new("NewTicket", "NOTE: 한국말로 하는 것", "mikel@me.com"),
        ["rb-plain_emails-raw_email_trailing_dot.eml"] = new("NewTicket", "[skynet-help][60666] How are intermediate files handled in SkyNet?", "noreply@rubyforge.org"),
        ["rb-plain_emails-raw_email_with_partially_quoted_subject.eml"] = new("NewTicket", "Re: Test: \"漢字\" mid \"漢字\" tail", "jamis@37signals.com"),
        ["rb-rfc2822-example11.eml"] = new("NewTicket", "", "john.q.public@example.com"),
        ["rb-rfc2822-example12.eml"] = new("NewTicket", "Saying Hello", "jdoe@machine.example"),
    };
}
