using System.Diagnostics;
using System.Globalization;
using Baton.Web.Tests.Mail;

namespace Baton.Bench;

/// <summary>
/// Scenario "mail-imap": a Dovecot mailbox holding N messages (started as the tests start it), added as a Baton
/// mailbox on the admin page of a real Baton process; timed from the save until every message is filed and moved to
/// the processed folder.
/// </summary>
internal static class MailImapScenario
{
    public sealed record Options(int Messages, int Contacts, bool Keep);

    public const string User = "support";

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        if (MailDesk.DovecotMissing())
        {
            return 2;
        }

        var dir = Workspace.NewTempDirectory("mail-imap");
        var dovecot = new DovecotServer();
        try
        {
            await dovecot.InitializeAsync();
            var adminPassword = "Bench-" + Guid.NewGuid().ToString("N")[..16];
            Console.WriteLine($"Starting Baton (Release, SQLite in {dir}); Dovecot on 127.0.0.1:{dovecot.Port} …");
            await using var server = await BatonServer.StartAsync(dir, "Warning", ct, adminPassword: adminPassword, extraArgs: MailDesk.Settings());
            using var api = MailDesk.Api(server.BaseAddress, await server.CreateAdminTokenAsync(ct));
            var contacts = await MailDesk.ContactsAsync(api, o.Contacts, ct);

            var plan = new MailPlan(new MailTraffic(contacts, MailDesk.Address, "imap"), o.Messages, numbersInSubjects: false);
            var delivery = Stopwatch.StartNew();
            await dovecot.DeliverAsync(User, await plan.MessagesAsync(ct));
            Console.WriteLine($"Delivered {plan.Count:N0} messages to INBOX (IMAP APPEND) in {delivery.Elapsed.TotalSeconds:0.0} s; adding the mailbox ({Machine.Load()}) …");

            var (serverCpu, benchCpu) = (server.ProcessorTime, CreateScenario.CurrentCpu());
            var wall = Stopwatch.StartNew();
            await MailDesk.AddMailboxAsync(server.BaseAddress, adminPassword, dovecot.Port, User, DovecotServer.Password, ct);
            TimeSpan? first = null;
            TimeSpan? allFiled = null;
            var drained = await MailDesk.WaitUntilAsync(
                async () =>
                {
                    var counts = await MailDesk.CountAsync(server.DatabasePath, ct);
                    first ??= counts.Mails > 0 ? wall.Elapsed : null;
                    if (counts.Filed < plan.Count)
                    {
                        return false;
                    }

                    allFiled ??= wall.Elapsed;
                    return await dovecot.CountAsync(User, "INBOX") == 0;
                },
                TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), ct);
            wall.Stop();
            var (serverUsed, benchUsed) = (server.ProcessorTime - serverCpu, CreateScenario.CurrentCpu() - benchCpu);
            var loadAfter = Machine.Load();

            var inbox = await dovecot.CountAsync(User, "INBOX");
            var processed = await dovecot.CountAsync(User, "Baton/Processed");
            var found = await MailDesk.CountAsync(server.DatabasePath, ct);
            var (lost, misfiled) = plan.Check(await MailDesk.FiledOnAsync(server.DatabasePath, ct));
            var expected = new MailDesk.Counts(plan.Count, plan.Count, plan.NewRequests, plan.Replies, 0, plan.NewRequests, plan.Replies, plan.Count, 0);

            var table = new MarkdownTable("messages", "new / replies", "first mail stored s", "all filed s", "drained s", "messages/s", "left in INBOX", "in Baton/Processed", "server CPU ms/msg", "server cores busy", "bench CPU ms/msg");
            table.Add(
                Format.N(plan.Count), $"{plan.NewRequests:N0} / {plan.Replies:N0}", Seconds(first), Seconds(allFiled), Seconds(drained ? wall.Elapsed : null),
                Format.N(plan.Count / wall.Elapsed.TotalSeconds), Format.N(inbox), Format.N(processed),
                Format.Ms(serverUsed.TotalMilliseconds / plan.Count), (serverUsed / wall.Elapsed).ToString("0.00", CultureInfo.InvariantCulture),
                Format.Ms(benchUsed.TotalMilliseconds / plan.Count));
            Console.WriteLine();
            Console.WriteLine($"### One IMAP mailbox drained ({Environment.ProcessorCount} cores, SQLite, Dovecot on loopback, Mail:Imap:PollInterval 5 s; timed from the mailbox's save on the admin page)");
            Console.WriteLine();
            Console.Write(table);
            Console.WriteLine();
            Console.WriteLine($"Machine: {loadAfter} at the end.");
            Console.WriteLine($"Expected: {expected}.");
            Console.WriteLine($"Database: {found}.");
            Console.WriteLine($"Lost (no ticket): {lost}; replies on the wrong ticket: {misfiled}.");
            return drained && inbox == 0 && processed == plan.Count && lost == 0 && misfiled == 0 && found == expected ? 0 : 1;
        }
        finally
        {
            await dovecot.DisposeAsync();
            Workspace.Finish(dir, o.Keep);
        }
    }

    private static string Seconds(TimeSpan? t) => t is { } value ? value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "—";
}
