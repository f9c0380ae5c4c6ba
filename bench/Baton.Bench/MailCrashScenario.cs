using System.Diagnostics;
using System.Globalization;
using System.Net;
using Baton.Web.Tests.Mail;

namespace Baton.Bench;

/// <summary>
/// Scenario "mail-crash": a Baton process taking mail in from both sides — C senders posting to the gateway (each
/// retrying a message until Baton answers that it is filed, as an MTA keeps a message it could not hand over) and an
/// IMAP mailbox — is killed with SIGKILL at random moments for R rounds and started again on the same file each time.
/// At the end every message must be exactly one stored mail, filed once (one ticket or one reply), and the mailbox
/// drained into the processed folder.
/// </summary>
internal static class MailCrashScenario
{
    public sealed record Options(int Rounds, int GatewayMessages, int ImapMessages, int Clients, int MinUpMs, int MaxUpMs, int PauseMs, int Seed, bool Keep);

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        if (MailDesk.DovecotMissing())
        {
            return 2;
        }

        var dir = Workspace.NewTempDirectory("mail-crash");
        var dovecot = new DovecotServer();
        BatonServer? server = null;
        try
        {
            await dovecot.InitializeAsync();
            var adminPassword = "Bench-" + Guid.NewGuid().ToString("N")[..16];
            Console.WriteLine($"Starting Baton (Release, SQLite in {dir}); Dovecot on 127.0.0.1:{dovecot.Port} …");
            server = await BatonServer.StartAsync(dir, "Warning", ct, adminPassword: adminPassword, extraArgs: MailDesk.Settings());
            List<string> contacts;
            using (var api = MailDesk.Api(server.BaseAddress, await server.CreateAdminTokenAsync(ct)))
            {
                contacts = await MailDesk.ContactsAsync(api, 50, ct);
            }

            var imap = new MailPlan(new MailTraffic(contacts, MailDesk.Address, "crash-imap"), o.ImapMessages, numbersInSubjects: false);
            await dovecot.DeliverAsync(MailImapScenario.User, await imap.MessagesAsync(ct));
            var gateway = new MailPlan(new MailTraffic(contacts, MailDesk.Address, "crash-gw"), o.GatewayMessages);
            await MailDesk.AddMailboxAsync(server.BaseAddress, adminPassword, dovecot.Port, MailImapScenario.User, DovecotServer.Password, ct);
            Console.WriteLine($"{imap.Count:N0} messages in the mailbox, {gateway.Count:N0} to post from {o.Clients} senders; {o.Rounds} rounds of SIGKILL after {o.MinUpMs}–{o.MaxUpMs} ms up ({Machine.Load()}) …");

            var current = server;
            using var senders = new Senders(gateway, () => Volatile.Read(ref current), o.PauseMs);
            var sending = Task.WhenAll(Enumerable.Range(0, o.Clients).Select(_ => Task.Run(() => senders.RunAsync(ct), ct)));
            var random = new Random(o.Seed);
            var restarts = new Latencies();
            var kills = 0;
            for (var round = 1; round <= o.Rounds; round++)
            {
                // The kill falls while mail is flowing: once the restarted process has filed a posted message again.
                var filedBefore = senders.Filed;
                await MailDesk.WaitUntilAsync(() => Task.FromResult(senders.Filed > filedBefore || sending.IsCompleted), TimeSpan.FromMilliseconds(20), TimeSpan.FromMinutes(1), ct);
                await Task.Delay(random.Next(o.MinUpMs, o.MaxUpMs + 1), ct);
                await current.DisposeAsync(); // Process.Kill: SIGKILL, wherever it is
                kills++;
                var restart = Stopwatch.GetTimestamp();
                var next = await BatonServer.StartAsync(dir, "Warning", ct, adminPassword: adminPassword, extraArgs: MailDesk.Settings());
                var took = Latencies.Since(restart);
                restarts.Add(took);
                Volatile.Write(ref current, next);
                server = next;
                var counts = await MailDesk.CountAsync(next.DatabasePath, ct);
                Console.WriteLine($"  round {round}: killed, ready again after {took / 1000:0.0} s; {counts.Filed:N0} filed of {counts.Mails:N0} stored so far");
            }

            var settle = Stopwatch.StartNew();
            var total = gateway.Count + imap.Count;
            var settled = await sending.WaitAsync(TimeSpan.FromMinutes(5), ct).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default)
                && await MailDesk.WaitUntilAsync(
                    async () => (await MailDesk.CountAsync(server.DatabasePath, ct)).Filed >= total && await dovecot.CountAsync(MailImapScenario.User, "INBOX") == 0,
                    TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(3), ct);
            settle.Stop();

            var found = await MailDesk.CountAsync(server.DatabasePath, ct);
            var filedOn = await MailDesk.FiledOnAsync(server.DatabasePath, ct);
            var (gatewayLost, gatewayMisfiled) = gateway.Check(filedOn);
            var (imapLost, imapMisfiled) = imap.Check(filedOn);
            var inbox = await dovecot.CountAsync(MailImapScenario.User, "INBOX");
            var processed = await dovecot.CountAsync(MailImapScenario.User, "Baton/Processed");
            var news = gateway.NewRequests + imap.NewRequests;
            var replies = gateway.Replies + imap.Replies;
            var doubled = Math.Max(0, found.Mails - found.DistinctMessageIds) + Math.Max(0, found.Tickets - news) + Math.Max(0, found.ReplyMessages - replies);
            var lost = gatewayLost + imapLost + (int)Math.Max(0, news - found.Tickets) + (int)Math.Max(0, replies - found.ReplyMessages);
            var ok = settled && lost == 0 && doubled == 0 && gatewayMisfiled + imapMisfiled == 0 && found.Filed == total && found.Other == 0 && inbox == 0 && processed == imap.Count
                && senders.Failures == 0;

            var r = restarts.Summarise();
            var table = new MarkdownTable("rounds (SIGKILL)", "gateway messages", "IMAP messages", "posts retried", "answered 'duplicate'", "redeliveries recognised", "restart p50 / max s", "settled after last restart s", "tickets (expected)", "replies (expected)", "lost", "doubled", "misfiled", "INBOX / Processed", "result");
            table.Add(
                Format.N(kills), Format.N(gateway.Count), Format.N(imap.Count), Format.N(senders.Retries), Format.N(senders.Duplicates), Format.N(found.Redeliveries),
                $"{r.P50 / 1000:0.0} / {r.Max / 1000:0.0}", settle.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                $"{found.Tickets:N0} ({news:N0})", $"{found.ReplyMessages:N0} ({replies:N0})", Format.N(lost), Format.N(doubled), Format.N(gatewayMisfiled + imapMisfiled),
                $"{inbox} / {processed}", ok ? "pass" : "**fail**");
            Console.WriteLine();
            Console.WriteLine($"### Ingestion under SIGKILL ({Environment.ProcessorCount} cores, SQLite, gateway + one IMAP mailbox, seed {o.Seed})");
            Console.WriteLine();
            Console.Write(table);
            Console.WriteLine();
            Console.WriteLine($"Database: {found}.");
            if (senders.FirstFailure is { } failure)
            {
                Console.WriteLine($"First sender failure: {failure}");
            }

            return ok ? 0 : 1;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            await dovecot.DisposeAsync();
            Workspace.Finish(dir, o.Keep);
        }
    }

    /// <summary>
    /// Gateway senders that behave like an MTA: a message is handed over again until Baton answers 200 with the
    /// ticket it is on (a refused connection, a reset, a 5xx or an answer "stored, not filed yet" all mean again).
    /// </summary>
    private sealed class Senders(MailPlan plan, Func<BatonServer> server, int pauseMs) : IDisposable
    {
        /// <summary>How long one message is tried before the sender gives up (an MTA keeps it for days).</summary>
        private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(5);

        private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(30) };
        private int _retries;
        private int _duplicates;
        private int _failures;
        private int _filed;
        private string? _firstFailure;

        public int Retries => Volatile.Read(ref _retries);
        public int Duplicates => Volatile.Read(ref _duplicates);
        public int Failures => Volatile.Read(ref _failures);
        public int Filed => Volatile.Read(ref _filed);
        public string? FirstFailure => Volatile.Read(ref _firstFailure);

        public async Task RunAsync(CancellationToken ct)
        {
            while (plan.TryTake(out var i))
            {
                var raw = await plan.RawAsync(i, ct);
                var expected = MailPlan.OriginalOf(i) is null ? "NewTicket" : "Reply";
                var since = Stopwatch.StartNew();
                while (true)
                {
                    MailDesk.GatewayAnswer? answer = null;
                    try
                    {
                        answer = await MailDesk.PostAsync(_http, server().BaseAddress, raw, ct);
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
                    {
                        // killed under us, or not listening yet: the message is kept and tried again
                    }

                    if (answer is { Status: HttpStatusCode.OK, Ticket: { } ticket } && answer.Outcome == expected)
                    {
                        Interlocked.Add(ref _duplicates, answer.Duplicate ? 1 : 0);
                        Interlocked.Increment(ref _filed);
                        plan.Filed(i, ticket);
                        break;
                    }

                    if (since.Elapsed > GiveUpAfter)
                    {
                        Interlocked.Increment(ref _failures);
                        Interlocked.CompareExchange(ref _firstFailure, $"message {i}: {answer?.Status} {answer?.Text}", null);
                        plan.Filed(i, "");
                        break;
                    }

                    Interlocked.Increment(ref _retries);
                    await Task.Delay(100, ct);
                }

                await Task.Delay(pauseMs, ct);
            }
        }

        public void Dispose() => _http.Dispose();
    }
}
