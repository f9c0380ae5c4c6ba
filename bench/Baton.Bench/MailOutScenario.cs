using System.Diagnostics;
using System.Globalization;
using Baton.Web.Data;
using Baton.Web.Features.Mail;
using Baton.Web.Tests.Mail;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Bench;

/// <summary>
/// Scenario "mail-out": N acknowledgements waiting in the outbox, delivered by a real Baton process's dispatcher to an
/// SMTP sink (the tests' SmtpSink, in this process). The tickets are opened through the API by a first Baton process
/// without SMTP; their acknowledgements are then queued the way the acknowledgement job queues them
/// (<see cref="RequesterMail.QueueAsync"/>), and a second process with Mail:Smtp pointing at the sink sends them.
/// </summary>
internal static class MailOutScenario
{
    public sealed record Options(int Messages, int Contacts, bool Keep, IReadOnlyList<string> ServerArgs);

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var dir = Workspace.NewTempDirectory("mail-out");
        try
        {
            Console.WriteLine($"Opening {o.Messages:N0} tickets for {o.Contacts} contacts through the API (Baton without SMTP, SQLite in {dir}) …");
            var ticketIds = new List<long>();
            await using (var opening = await BatonServer.StartAsync(dir, "Warning", ct, extraArgs: MailDesk.Settings()))
            {
                using var api = MailDesk.Api(opening.BaseAddress, await opening.CreateAdminTokenAsync(ct));
                var (clientId, contacts) = await MailDesk.ClientAsync(api, o.Contacts, ct);
                var next = -1;
                var ids = new long[o.Messages];
                await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(
                    async () =>
                    {
                        while (Interlocked.Increment(ref next) is var i && i < o.Messages)
                        {
                            ids[i] = await CreateScenario.PostForIdAsync(api, "/api/v1/tickets",
                                new { title = $"Outbound bench ticket {i}", description = "Opened for the mail-out scenario.", clientId, requesterId = contacts[i % contacts.Count].Id }, ct);
                        }
                    },
                    ct)));
                ticketIds.AddRange(ids);
            }

            SqliteConnection.ClearAllPools();
            Console.WriteLine("Queuing their acknowledgements as the acknowledgement job does …");
            await QueueAcknowledgementsAsync(dir, ticketIds, ct);

            await using var sink = new SmtpSink();
            var args = MailDesk.Settings(
                "--Mail:Smtp:Host=127.0.0.1", $"--Mail:Smtp:Port={sink.Port.ToString(CultureInfo.InvariantCulture)}", "--Mail:Smtp:Security=None",
                $"--Mail:Smtp:FromAddress={MailDesk.Address}", "--Mail:LinkBase=https://desk.msp.example/");
            args.AddRange(o.ServerArgs);
            Console.WriteLine($"Starting Baton with Mail:Smtp at the sink on 127.0.0.1:{sink.Port} ({Machine.Load()}) …");
            var wall = Stopwatch.StartNew();
            await using var server = await BatonServer.StartAsync(dir, "Warning", ct, extraArgs: args);
            var ready = wall.Elapsed;
            var (serverCpu, benchCpu) = (server.ProcessorTime, CreateScenario.CurrentCpu());
            TimeSpan? first = null;
            var delivered = await MailDesk.WaitUntilAsync(
                () =>
                {
                    first ??= sink.Messages.IsEmpty ? null : wall.Elapsed;
                    return Task.FromResult(sink.Messages.Count >= o.Messages);
                },
                TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5), ct);
            var last = wall.Elapsed;
            var (serverUsed, benchUsed) = (server.ProcessorTime - serverCpu, CreateScenario.CurrentCpu() - benchCpu);
            var loadAfter = Machine.Load();
            await Task.Delay(TimeSpan.FromSeconds(2), ct); // anything sent twice would arrive now
            var received = sink.Messages.ToList();
            var distinct = received.Select(m => m.Message.MessageId).Distinct(StringComparer.Ordinal).Count();
            var sent = await SentAsync(server.DatabasePath, ct);
            var sending = last - (first ?? last);
            var sinkAlone = await SinkAloneAsync(sink, 200, noDelay: false, ct);
            var sinkAloneNoDelay = await SinkAloneAsync(sink, 200, noDelay: true, ct);

            var table = new MarkdownTable("messages", "received by the sink", "distinct Message-IDs", "marked sent", "ready → first s", "first → last s", "messages/s (first → last)", "messages/s (ready → last)", "server CPU ms/msg", "bench CPU ms/msg");
            table.Add(
                Format.N(o.Messages), Format.N(received.Count), Format.N(distinct), Format.N(sent),
                ((first ?? last) - ready).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture), sending.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                Format.N((received.Count - 1) / Math.Max(sending.TotalSeconds, 0.001)), Format.N(received.Count / (last - ready).TotalSeconds),
                Format.Ms(serverUsed.TotalMilliseconds / Math.Max(1, received.Count)), Format.Ms(benchUsed.TotalMilliseconds / Math.Max(1, received.Count)));
            Console.WriteLine();
            Console.WriteLine($"### Outbox to SMTP ({Environment.ProcessorCount} cores, SQLite, SmtpServer sink on loopback; {o.Contacts} recipients, {Math.Ceiling(o.Messages / (double)o.Contacts)} acknowledgements each, default brakes unless --server-args)");
            Console.WriteLine();
            Console.Write(table);
            Console.WriteLine();
            Console.WriteLine($"Machine: {loadAfter} at the end.");
            Console.WriteLine($"The sink alone, for scale (MailKit straight to it, one connection, one message after another, no Baton): {sinkAlone:N0} messages/s; with TCP_NODELAY on the client's socket: {sinkAloneNoDelay:N0} messages/s.");
            return delivered && received.Count == o.Messages && distinct == o.Messages && sent == o.Messages ? 0 : 1;
        }
        finally
        {
            Workspace.Finish(dir, o.Keep);
        }
    }

    /// <summary>Each ticket's acknowledgement, queued by Baton's own code on the stopped server's file.</summary>
    private static async Task QueueAcknowledgementsAsync(string dir, List<long> ticketIds, CancellationToken ct)
    {
        await using var services = QueueScenario.Services(dir, null);
        var mail = new RequesterMail(
            Microsoft.Extensions.Options.Options.Create(new SmtpSettings { Host = "127.0.0.1", FromAddress = MailDesk.Address }),
            Microsoft.Extensions.Options.Options.Create(new RequesterMailOptions { LinkBase = "https://desk.msp.example/" }),
            Microsoft.Extensions.Options.Options.Create(new InboundMailOptions { Address = MailDesk.Address }),
            TimeProvider.System);
        foreach (var id in ticketIds)
        {
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
            await mail.QueueAsync(db, id, $"ticket-acknowledgement:{id}", RequesterMail.AcknowledgementKind,
                Baton.Domain.Mail.ShippedMailTemplates.Acknowledgement, fill: null, TimeProvider.System.GetUtcNow(), ct);
        }
    }

    /// <summary>How fast the sink takes mail from MailKit without Baton in between: the ceiling of one sequential connection.</summary>
    private static async Task<double> SinkAloneAsync(SmtpSink sink, int count, bool noDelay, CancellationToken ct)
    {
        using var client = new MailKit.Net.Smtp.SmtpClient();
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = noDelay };
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, sink.Port, ct);
        await client.ConnectAsync(socket, "127.0.0.1", sink.Port, MailKit.Security.SecureSocketOptions.None, ct);
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            using var message = new MimeKit.MimeMessage();
            message.From.Add(MimeKit.MailboxAddress.Parse(MailDesk.Address));
            message.To.Add(MimeKit.MailboxAddress.Parse($"sink.{i}@northwind.example"));
            message.Subject = $"Sink alone {i}";
            message.Body = new MimeKit.TextPart("plain") { Text = "How fast the sink takes mail." };
            await client.SendAsync(message, ct);
        }

        var rate = count / wall.Elapsed.TotalSeconds;
        await client.DisconnectAsync(quit: true, ct);
        return rate;
    }

    private static async Task<long> SentAsync(string databasePath, CancellationToken ct)
    {
        await using var connection = MailDesk.ReadOnly(databasePath);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT COUNT(*) FROM "OutboxMessages" WHERE "SentAt" IS NOT NULL""";
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
