using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Data;
using Baton.Web.Features.Mail;
using Baton.Web.Tests.Infrastructure;
using Baton.Web.Tests.Platform;
using Microsoft.Data.Sqlite;
using MimeKit;

namespace Baton.Web.Tests.Mail;

/// <summary>
/// Mail taken in while the real Baton process is killed (SIGKILL) at random moments and started again on the same
/// file: the gateway's sender keeps a message until Baton answers that it is filed, as an MTA does, so every message
/// ends as exactly one stored mail and one ticket or one reply — none lost, none doubled.
/// </summary>
public sealed class IngestionCrashTests : IDisposable
{
    private const string Token = "crash-gateway-token";
    private const int Messages = 60;
    private const int Rounds = 2;

    private readonly CrashableBaton _baton = new(new Dictionary<string, string>
    {
        ["Mail:Inbound:GatewayToken"] = Token,
        ["Mail:Inbound:Address"] = MailingDesk.From,
    });

    [SqliteFact]
    public async Task MailPostedThroughTheGateway_WhileBatonIsKilled_IsFiledExactlyOnce_AsOneTicketOrOneReply()
    {
        var requester = await RequesterAsync();
        // Every fifth mail answers the request four before it by In-Reply-To: it must land on that request's ticket.
        var mails = new List<MimeMessage>();
        for (var i = 0; i < Messages; i++)
        {
            var mail = InboundMailTests.Mail(requester, $"Crash intake {i}", $"Request {i}: the VPN drops.");
            if (i % 5 == 4)
            {
                mail.Subject = $"Re: Crash intake {i - 4}";
                mail.InReplyTo = mails[i - 4].MessageId;
            }

            mails.Add(mail);
        }

        var url = _baton.Url;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var sending = Task.Run(async () =>
        {
            foreach (var mail in mails)
            {
                await PostUntilFiledAsync(http, () => Volatile.Read(ref url), InboundMailTests.Raw(mail));
            }
        });

        var random = new Random(12);
        for (var round = 0; round < Rounds && !sending.IsCompleted; round++)
        {
            await Task.WhenAny(sending, Task.Delay(random.Next(300, 1500)));
            _baton.Kill(); // wherever it is: storing, filing, opening the ticket, answering
            Volatile.Write(ref url, await _baton.StartAsync());
        }

        await sending.WaitAsync(Eventually.Ceiling);

        var filed = FiledMails();
        foreach (var mail in mails)
        {
            var id = (mail.MessageId ?? "").ToLowerInvariant();
            Assert.True(filed.TryGetValue(id, out var rows), $"{mail.Subject} was lost");
            var row = Assert.Single(rows);
            Assert.Equal(InboundMailState.Filed, row.State);
            Assert.Equal(mail.InReplyTo is null ? InboundMailOutcome.NewTicket : InboundMailOutcome.Reply, row.Outcome);
            if (mail.InReplyTo is { } original)
            {
                Assert.Equal(Assert.Single(filed[original.ToLowerInvariant()]).Ticket, row.Ticket);
            }
        }

        var (tickets, replies) = TicketsAndReplies();
        Assert.Equal((Messages - (Messages / 5), Messages / 5), (tickets, replies));
    }

    /// <summary>Posts until Baton answers 200 with the ticket: refused, reset, 5xx or "stored, not filed yet" mean again.</summary>
    private static async Task PostUntilFiledAsync(HttpClient http, Func<string> url, byte[] raw)
    {
        while (true)
        {
            try
            {
                using var content = new ByteArrayContent(raw);
                content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
                using var request = new HttpRequestMessage(HttpMethod.Post, url() + "/api/v1/mail/inbound") { Content = content };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadFromJsonAsync<InboundMailResponse>())?.Ticket is not null)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                // killed under us, or not listening yet
            }

            await Task.Delay(100);
        }
    }

    private async Task<string> RequesterAsync()
    {
        var url = await _baton.StartAsync();
        using var api = new HttpClient { BaseAddress = new Uri(url) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", _baton.IssueAdminToken());
        var client = await (await api.PostAsJsonAsync("/api/v1/clients", new { name = "Crash Intake Ltd", code = "CRIN" })).Content.ReadFromJsonAsync<JsonElement>();
        const string Email = "ann@crash-intake.test";
        var contact = await api.PostAsJsonAsync($"/api/v1/clients/{client.GetProperty("id").GetInt32()}/contacts", new { name = "Ann", email = Email });
        Assert.Equal(HttpStatusCode.Created, contact.StatusCode);
        return Email;
    }

    private sealed record Filed(InboundMailState State, InboundMailOutcome Outcome, string? Ticket);

    private Dictionary<string, List<Filed>> FiledMails()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT m."MessageId", m."State", m."Outcome", t."Number" FROM "InboundMails" m LEFT JOIN "Tickets" t ON t."Id" = m."TicketId" """;
        using var reader = command.ExecuteReader();
        var filed = new Dictionary<string, List<Filed>>();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            if (!filed.TryGetValue(id, out var rows))
            {
                filed[id] = rows = [];
            }

            rows.Add(new Filed((InboundMailState)reader.GetInt32(1), (InboundMailOutcome)reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return filed;
    }

    /// <summary>The tickets, and the messages written by the contact on them (each reply is one; a new ticket's mail is its description).</summary>
    private (long Tickets, long Replies) TicketsAndReplies()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT (SELECT COUNT(*) FROM "Tickets"), (SELECT COUNT(*) FROM "TicketMessages" WHERE "AuthorId" LIKE 'contact:%')""";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_baton.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    public void Dispose() => _baton.Dispose();
}
