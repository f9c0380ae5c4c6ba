using Baton.Web.Data;
using Baton.Web.Features.Mail;
using Baton.Web.Features.Outbox;
using Baton.Web.Features.Reports;
using Baton.Web.Features.Shared.Events;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Baton.Web.Tests.Mail;

/// <summary>Baton sending through a real SMTP server on loopback; the clock stands still, so only the tests dispatch.</summary>
public sealed class MailingDesk : IAsyncLifetime
{
    public const string From = "desk@msp.example";
    public const string GatewayToken = "gateway-secret-for-tests";

    public MailingDesk()
    {
        SendThrough(App, Sink);
        App.Settings["Mail:Inbound:GatewayToken"] = GatewayToken;
        App.Settings["Mail:Inbound:Address"] = From;
        App.Settings["DailyReport:SendAt"] = "07:00";
        App.Settings["DailyReport:Recipients"] = "support@msp.example; lead@msp.example";
        App.TestServices.Add(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public SmtpSink Sink { get; } = new();

    /// <summary>Points the app's outgoing mail at the sink, from the desk's address, with links to the desk.</summary>
    public static void SendThrough(BatonAppFactory app, SmtpSink sink)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(sink);
        app.Settings["Mail:Smtp:Host"] = "127.0.0.1";
        app.Settings["Mail:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Mail:Smtp:Security"] = "None";
        app.Settings["Mail:Smtp:FromAddress"] = From;
        app.Settings["Mail:Smtp:FromName"] = "MSP Service Desk";
        app.Settings["Mail:LinkBase"] = "https://desk.msp.example/";
    }

    public SettableClock Clock { get; } = SettableClock.WithFakeTimers(new DateTimeOffset(2031, 3, 4, 6, 0, 0, TimeSpan.Zero));

    public BatonAppFactory App { get; } = new();

    public IOutboxSender Sender => App.Services.GetRequiredService<IOutboxSender>();

    public Task InitializeAsync() => App.WithDbAsync(db => db.Clients.AnyAsync());

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Sink.DisposeAsync();
    }

    /// <summary>Queues a message the way a feature does, and returns its row id.</summary>
    public Task<long> QueueAsync(string recipients, string subject, string html = "<p>Hello</p>", string kind = "Test") => App.WithDbAsync(async db =>
    {
        var message = new OutboxMessage
        {
            Key = $"test:{Guid.NewGuid():N}",
            Kind = kind,
            Recipients = recipients,
            Subject = subject,
            HtmlBody = html,
            CreatedAt = Clock.Now,
        };
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    });

    public Task<OutboxMessage> RowAsync(long id) => App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    public Task<int> DispatchAsync(DateTimeOffset now, IOutboxSender? sender = null) =>
        App.WithDbAsync(db => OutboxQueue.DispatchAsync(db, sender ?? Sender, now, default));

    /// <summary>
    /// Lets every after-commit job finish (the request or the drain may still be running one; the clock stands still, so
    /// the drain's timer never fires and this drains too), then sends the outbox.
    /// </summary>
    public async Task DeliverAsync()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            using var scope = App.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<RecordEvents>().DrainAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), default);
            if (!await App.WithDbAsync(db => db.RecordEvents.AnyAsync(j => j.ProcessedAt == null && j.Attempts < RecordEvents.MaxAttempts)))
            {
                break;
            }

            await Task.Delay(20);
        }
        while (waited.Elapsed < TimeSpan.FromSeconds(10));

        while (await DispatchAsync(Clock.Now) > 0)
        {
            // a round sends at most 20: the whole queue goes
        }
    }

    /// <summary>Hands a raw message to the mail gateway as an MTA would; the body is read only on success.</summary>
    public async Task<(System.Net.HttpStatusCode Status, InboundMailResponse? Body, string Text)> PostMailAsync(
        byte[] raw, string? token = GatewayToken, string type = "message/rfc822")
    {
        using var http = App.CreateClient();
        using var content = new ByteArrayContent(raw);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/mail/inbound") { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.IsSuccessStatusCode ? System.Text.Json.JsonSerializer.Deserialize<InboundMailResponse>(text, BatonAppFactory.Json) : null, text);
    }

    /// <summary>The one message with the subject, once it has arrived (the server may still be storing it when MailKit returns).</summary>
    public async Task<SmtpSink.Received> ReceivedAsync(string subject)
    {
        await Sink.WaitUntilAsync(messages => messages.Any(m => m.Message.Subject == subject));
        return Assert.Single(Sink.Messages, m => m.Message.Subject == subject);
    }
}

public sealed class SmtpDeliveryTests(MailingDesk desk) : IClassFixture<MailingDesk>
{
    [Fact]
    public async Task TheDailyReport_ReachesEachRecipient_OverSmtp_AsPlainTextAndHtml_MarkedAutomatic()
    {
        var morning = new DateTimeOffset(2031, 3, 4, 7, 5, 0, TimeSpan.Zero);
        using (var scope = desk.App.Services.CreateScope())
        {
            Assert.NotNull(await desk.App.Services.GetRequiredService<DailyReportJob>().RunIfDueAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), morning, default));
        }

        await desk.DispatchAsync(morning);

        await desk.Sink.WaitUntilAsync(messages => messages.Any(m => m.Recipients.Contains("lead@msp.example")));
        var report = Assert.Single(desk.Sink.Messages, m => m.Recipients.Contains("lead@msp.example"));
        Assert.Equal(["support@msp.example", "lead@msp.example"], report.Recipients);
        Assert.Equal("MSP Service Desk", report.Message.From.Mailboxes.Single().Name);
        Assert.Equal(MailingDesk.From, report.Message.From.Mailboxes.Single().Address);
        var alternative = Assert.IsType<MultipartAlternative>(report.Message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.DoesNotContain("<", report.Message.TextBody ?? "<", StringComparison.Ordinal);
        Assert.Equal("auto-generated", report.Message.Headers["Auto-Submitted"]);
        Assert.Equal("All", report.Message.Headers["X-Auto-Response-Suppress"]);

        var row = await desk.App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Kind == "DailyReport" && m.CreatedAt == morning));
        Assert.Equal(morning, row.SentAt);
        Assert.Equal(row.MessageId, report.Message.MessageId);
    }

    [Fact]
    public async Task EveryMessage_GoesOutSevenBitSafe_EvenWithAccentsAndEmoji()
    {
        var id = await desk.QueueAsync("renee@msp.example", "Réunion de clôture — ✅", "<p>Déjà résolu ✅ — merci, Zoë</p>");
        await desk.DispatchAsync(desk.Clock.Now);

        var mail = await desk.ReceivedAsync("Réunion de clôture — ✅");
        Assert.All(mail.Raw, b => Assert.True(b < 0x80, "a byte above 0x7F went out"));
        Assert.Contains("Déjà résolu ✅ — merci, Zoë", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Déjà résolu ✅", mail.Message.HtmlBody, StringComparison.Ordinal);
        Assert.NotNull((await desk.RowAsync(id)).SentAt);
    }

    [Fact]
    public async Task ATechniciansReply_IsNotMarkedAutomatic()
    {
        await desk.QueueAsync("user@client.example", "A person's reply", kind: "Reply");
        await desk.DispatchAsync(desk.Clock.Now);

        var mail = await desk.ReceivedAsync("A person's reply");
        Assert.False(mail.Message.Headers.Contains("Auto-Submitted"));
        Assert.False(mail.Message.Headers.Contains("X-Auto-Response-Suppress"));
    }

    [Fact]
    public async Task TheMessageId_NamesThisInstallationAndTheRow_AndIsRecognisedAsOurs()
    {
        var id = await desk.QueueAsync("someone@msp.example", "Whose is this");
        await desk.DispatchAsync(desk.Clock.Now);

        var mail = await desk.ReceivedAsync("Whose is this");
        var key = await desk.App.WithDbAsync(db => db.Installation.Select(i => i.Key).SingleAsync());
        Assert.Equal($"baton.{key}.{id}@msp.example", mail.Message.MessageId);
        Assert.Equal(id, OwnMessageIds.OutboxIdOf($"<{mail.Message.MessageId}>", key));
        Assert.Null(OwnMessageIds.OutboxIdOf(mail.Message.MessageId, "0123456789abcdef0123456789abcdef"));
    }

    [Fact]
    public async Task ARecipientTheServerRefuses_FailsTheMessageForGood_WithTheServersAnswer_AndNoRetry()
    {
        var id = await desk.QueueAsync($"nobody@{SmtpSink.RefusedDomain}", "Refused");
        await desk.DispatchAsync(desk.Clock.Now);

        var row = await desk.RowAsync(id);
        Assert.Null(row.SentAt);
        Assert.Equal(desk.Clock.Now, row.FailedAt);
        Assert.Null(row.NextAttemptAt);
        Assert.Contains("550", row.LastError, StringComparison.Ordinal);
        Assert.Contains($"nobody@{SmtpSink.RefusedDomain}", row.LastError, StringComparison.Ordinal);

        await desk.DispatchAsync(desk.Clock.Now.AddHours(3));
        Assert.Equal(1, (await desk.RowAsync(id)).Attempts);
    }

    [Fact]
    public async Task WhileTheServerIsDown_TheMessageWaitsOnTheSchedule_ThenGoesOutOnce_WithTheSameMessageId()
    {
        var start = desk.Clock.Now.AddDays(1);
        var id = await desk.App.WithDbAsync(async db =>
        {
            var message = new OutboxMessage { Key = "test:down", Kind = "Test", Recipients = "ops@msp.example", Subject = "Server down", HtmlBody = "<p>x</p>", CreatedAt = start };
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        });
        var down = new SmtpSettings { Host = "127.0.0.1", Port = SmtpSink.FreePort(), Security = SmtpSecurity.None, FromAddress = MailingDesk.From, Timeout = TimeSpan.FromSeconds(5) };
        using var unreachable = new SmtpOutboxSender(Options.Create(down), desk.Clock, NullLogger<SmtpOutboxSender>.Instance);

        await desk.DispatchAsync(start, unreachable);
        var failed = await desk.RowAsync(id);
        Assert.Null(failed.SentAt);
        Assert.Null(failed.FailedAt);
        Assert.Equal(start.AddMinutes(1), failed.NextAttemptAt);
        Assert.False(string.IsNullOrEmpty(failed.LastError));

        await desk.DispatchAsync(start.AddSeconds(30)); // the server is back, but the back-off has not passed
        Assert.Null((await desk.RowAsync(id)).SentAt);

        await desk.DispatchAsync(start.AddMinutes(1));
        var sent = await desk.RowAsync(id);
        Assert.Equal(start.AddMinutes(1), sent.SentAt);
        Assert.Equal(2, sent.Attempts);
        Assert.Equal(failed.MessageId, (await desk.ReceivedAsync("Server down")).Message.MessageId);
    }

    [Fact]
    public async Task TwoInstancesDispatchingAtOnce_SendEachMessageOnce()
    {
        var subjects = Enumerable.Range(1, 30).Select(i => $"Race {i}").ToList();
        foreach (var subject in subjects)
        {
            await desk.QueueAsync("race@msp.example", subject);
        }

        // Two senders with their own connections, as two instances have, sharing one database.
        var settings = desk.App.Services.GetRequiredService<IOptions<SmtpSettings>>();
        using var a = new SmtpOutboxSender(settings, desk.Clock, NullLogger<SmtpOutboxSender>.Instance);
        using var b = new SmtpOutboxSender(settings, desk.Clock, NullLogger<SmtpOutboxSender>.Instance);
        var now = desk.Clock.Now;
        async Task<int> Drain(IOutboxSender sender)
        {
            var total = 0;
            for (var sent = -1; sent != 0; total += sent)
            {
                sent = await desk.DispatchAsync(now, sender);
            }

            return total;
        }

        var counts = await Task.WhenAll(Drain(a), Drain(b));

        Assert.Equal(30, counts.Sum());
        foreach (var subject in subjects)
        {
            await desk.ReceivedAsync(subject);
        }
    }

    [Fact]
    public async Task ABurst_GoesOutOverSeveralConnectionsAtOnce_EachMessageOnce()
    {
        await using var sink = new SmtpSink(); // its own, so the sessions it counts are this test's
        var subjects = Enumerable.Range(1, 24).Select(i => $"Burst {i}").ToList();
        foreach (var subject in subjects)
        {
            await desk.QueueAsync($"burst{subject[6..]}@msp.example", subject);
        }

        using var sender = new SmtpOutboxSender(
            Options.Create(new SmtpSettings { Host = "127.0.0.1", Port = sink.Port, Security = SmtpSecurity.None, FromAddress = MailingDesk.From, Connections = 4 }),
            desk.Clock, NullLogger<SmtpOutboxSender>.Instance);
        var sent = 0;
        for (var round = -1; round != 0; sent += round)
        {
            round = await desk.DispatchAsync(desk.Clock.Now, sender);
        }

        Assert.Equal(24, sent);
        await sink.WaitUntilAsync(m => m.Count >= 24);
        Assert.Equal(subjects.Order(StringComparer.Ordinal), sink.Messages.Select(m => m.Message.Subject).Order(StringComparer.Ordinal));
        Assert.InRange(sink.MostSessionsAtOnce, 2, 4);
    }

    [Fact]
    public async Task ATicketsMail_ArrivesInTheOrderItWasWritten_WhileOtherMailGoesSideBySide()
    {
        var client = await desk.App.CreateClientAsync();
        using var agent = await desk.App.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agent, client, "Ordered mail");
        await desk.DeliverAsync();
        var ours = Enumerable.Range(1, 5).Select(i => $"[{ticket.Number}] update {i}").ToList();
        await desk.App.WithDbAsync(async db =>
        {
            foreach (var (subject, i) in ours.Select((s, i) => (s, i)))
            {
                db.OutboxMessages.Add(new OutboxMessage { Key = $"order:{ticket.Id}:{i}", Kind = "Test", Recipients = "ordered@msp.example", Subject = subject, HtmlBody = "<p>Update</p>", CreatedAt = desk.Clock.Now, TicketId = ticket.Id });
                db.OutboxMessages.Add(new OutboxMessage { Key = $"order:other:{ticket.Id}:{i}", Kind = "Test", Recipients = "other@msp.example", Subject = $"Unrelated {ticket.Number} {i}", HtmlBody = "<p>Other</p>", CreatedAt = desk.Clock.Now });
            }

            return await db.SaveChangesAsync();
        });

        await desk.DeliverAsync();

        await desk.Sink.WaitUntilAsync(m => m.Count(r => ours.Contains(r.Message.Subject ?? "")) == 5);
        Assert.Equal(ours, desk.Sink.Messages.Select(m => m.Message.Subject ?? "").Where(ours.Contains));
        var threaded = desk.Sink.Messages.Single(m => m.Message.Subject == ours[^1]).Message;
        Assert.Equal(5, threaded.References.Count); // the acknowledgement and the four updates before it
    }

    [Fact]
    public async Task TheBrake_HoldsBackMailToAnAddressPastItsDailyCap_VisiblyAndWithoutDroppingIt()
    {
        var address = $"loop.{Guid.NewGuid():N}@msp.example";
        var ids = new List<long>();
        foreach (var i in Enumerable.Range(1, 3))
        {
            ids.Add(await desk.QueueAsync(address, $"Auto-reply ping-pong {i} {address}"));
        }

        var now = desk.Clock.Now;
        await desk.App.WithDbAsync(db => OutboxQueue.DispatchAsync(db, desk.Sender, now, default, new Baton.Domain.Mail.MailBrake(PerRecipientPerDay: 2, PerTicketPerHour: 10)));

        await desk.ReceivedAsync($"Auto-reply ping-pong 2 {address}");
        var held = await desk.RowAsync(ids[2]);
        Assert.Null(held.SentAt);
        Assert.Null(held.FailedAt);
        Assert.Equal(0, held.Attempts);
        Assert.Equal(now.AddDays(1), held.NextAttemptAt);
        Assert.Contains($"Held back by the brake: 2 messages to {address} in 24 hours", held.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(desk.Sink.Messages, m => m.Message.Subject == $"Auto-reply ping-pong 3 {address}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void TheSettings_RefuseConnectionsOutOfRange_NamingTheSetting(int connections)
    {
        var result = new SmtpSettings.Validator().Validate(null, new SmtpSettings { Host = "smtp.example", FromAddress = "desk@msp.example", Connections = connections });
        Assert.True(result.Failed);
        Assert.Contains($"Mail:Smtp:Connections {connections} is out of range", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSettings_RefuseAFromThatIsNoAddress_NamingTheSetting()
    {
        var result = new SmtpSettings.Validator().Validate(null, new SmtpSettings { Host = "smtp.example", FromAddress = "the desk" });
        Assert.True(result.Failed);
        Assert.Contains("Mail:Smtp:FromAddress 'the desk'", result.FailureMessage, StringComparison.Ordinal);
    }
}

public sealed class MailSettingsAtStartupTests
{
    [Fact]
    public void ABrakeOfZero_StopsStartup_NamingTheSetting()
    {
        using var app = new BatonAppFactory();
        app.Settings["Mail:Brake:PerRecipientPerDay"] = "0";
        var e = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("Mail:Brake:PerRecipientPerDay must be a whole number of at least 1", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnSmtpServerWithoutAFromAddress_StopsStartup_NamingTheSetting()
    {
        using var app = new BatonAppFactory();
        app.Settings["Mail:Smtp:Host"] = "smtp.example";
        var e = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("Mail:Smtp:FromAddress", e.ToString(), StringComparison.Ordinal);
    }
}

public sealed class HtmlTextTests
{
    [Fact]
    public void ThePlainTextPart_KeepsParagraphsListsAndLinkAddresses_AndDropsMarkup()
    {
        var text = HtmlText.ToPlainText("<h1>Report</h1><p>Two <b>projects</b> are live.</p><ul><li>Phones</li><li>Wi-Fi</li></ul><p>See <a href=\"https://desk.example/p/1\">the project</a>.</p><script>alert(1)</script>");
        Assert.Equal("Report\n\nTwo projects are live.\n\n- Phones\n- Wi-Fi\n\nSee the project (https://desk.example/p/1).\n", text);
    }
}
