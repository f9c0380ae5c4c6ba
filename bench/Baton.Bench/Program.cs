using System.Globalization;

namespace Baton.Bench;

/// <summary>
/// dotnet run -c Release --project bench/Baton.Bench -- create [--sequential 2000] [--clients 8] [--per-client 1000] [--warm-up 400] [--log-level Warning] [--keep] [--dll other/Baton.Web.dll]
/// dotnet run -c Release --project bench/Baton.Bench -- create-rules [--rounds 4] [--clients 8] [--per-client 400] [--warm-up 400] [--extra-rules 20] [--keep] [--dll other/Baton.Web.dll]
/// dotnet run -c Release --project bench/Baton.Bench -- queue [--tickets 100000,1000000] [--iterations 200] [--warm-up 20] [--search 5] [--plans] [--analyze]
/// dotnet run -c Release --project bench/Baton.Bench -- sla [--tickets 1000000] [--recompute-only]
/// dotnet run -c Release --project bench/Baton.Bench -- projects [--tickets 1000000] [--projects 10000] [--iterations 100] [--warm-up 10] [--keep]
/// dotnet run -c Release --project bench/Baton.Bench -- startup [--runs 3] [--dll path/Baton.Web.dll] [--data-directory DIR] [--server-args "--Baton:WarmUp=false"]
/// dotnet run -c Release --project bench/Baton.Bench -- insight [--tickets 1000000] [--projects 10000] [--iterations 500] [--warm-up 50] [--plans]
/// dotnet run -c Release --project bench/Baton.Bench -- mail-gateway [--messages 2000] [--clients 8[,16…]] [--warm-up 200] [--contacts 50] [--server-args "…"] [--keep]
/// dotnet run -c Release --project bench/Baton.Bench -- mail-imap [--messages 1000] [--contacts 50] [--keep]
/// dotnet run -c Release --project bench/Baton.Bench -- mail-out [--messages 2000] [--contacts 200] [--server-args "--Mail:Brake:PerRecipientPerDay=1000"] [--keep]
/// dotnet run -c Release --project bench/Baton.Bench -- create-mail [--rate 100] [--seconds 60] [--contacts 200] [--warm-up 300] [--server-args "--Mail:Smtp:Connections=8"] [--keep]
/// dotnet run -c Release --project bench/Baton.Bench -- mail-crash [--rounds 10] [--gateway 1500] [--imap 500] [--clients 4] [--min-up-ms 1000] [--max-up-ms 3000] [--pause-ms 20] [--seed 7] [--keep]
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
#if DEBUG
        Console.Error.WriteLine("Warning: a Debug build of the benchmark; run with -c Release for numbers worth keeping.");
#endif
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        var options = new Args(args.Skip(1));
        switch (args.FirstOrDefault())
        {
            case "create":
                return await CreateScenario.RunAsync(
                    new CreateScenario.Options(
                        options.Int("sequential", 2000),
                        options.Int("clients", 8),
                        options.Int("per-client", 1000),
                        options.Int("warm-up", 400),
                        options.Text("log-level", "Warning"),
                        options.Flag("keep"),
                        options.Text("dll", "") is { Length: > 0 } dll ? dll : null),
                    cts.Token);
            case "create-rules":
                return await CreateRulesScenario.RunAsync(
                    new CreateRulesScenario.Options(
                        options.Int("rounds", 4),
                        options.Int("clients", 8),
                        options.Int("per-client", 400),
                        options.Int("warm-up", 400),
                        options.Int("extra-rules", 20),
                        options.Flag("keep"),
                        options.TextOrNull("dll")),
                    cts.Token);
            case "queue":
                return await QueueScenario.RunAsync(
                    new QueueScenario.Options(
                        [.. options.Text("tickets", "100000,1000000").Split(',').Select(s => long.Parse(s, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))],
                        options.Int("iterations", 200),
                        options.Int("warm-up", 20),
                        options.Flag("plans"),
                        options.Flag("analyze"),
                        options.Int("search", 5)),
                    cts.Token);
            case "rules":
                return RulesScenario.Run(new RulesScenario.Options(options.Int("rules", 50), options.Int("events", 100_000), options.Int("warm-up", 10_000)));
            case "sla":
                return SlaScenario.Run(new SlaScenario.Options(options.Int("tickets", 1_000_000), options.Flag("recompute-only")));
            case "projects":
                return await ProjectsScenario.RunAsync(
                    new ProjectsScenario.Options(options.Int("tickets", 1_000_000), options.Int("projects", 10_000), options.Int("iterations", 100), options.Int("warm-up", 10), options.Flag("keep")),
                    cts.Token);
            case "insight":
                return await InsightScenario.RunAsync(
                    new InsightScenario.Options(
                        options.Int("tickets", 1_000_000), options.Int("projects", 10_000), options.Int("iterations", 500), options.Int("warm-up", 50), options.Flag("plans")),
                    cts.Token);
            case "startup":
                return await StartupScenario.RunAsync(
                    new StartupScenario.Options(
                        options.Int("runs", 3), options.TextOrNull("dll"), options.TextOrNull("data-directory"),
                        options.Text("server-args", "").Split(' ', StringSplitOptions.RemoveEmptyEntries)),
                    cts.Token);
            case "recompute":
                return await RecomputeScenario.RunAsync(new RecomputeScenario.Options(options.Int("tickets", 1_000_000), options.Text("change", "holiday")), cts.Token);
            case "mail-gateway":
                return await MailGatewayScenario.RunAsync(
                    new MailGatewayScenario.Options(
                        options.Int("messages", 2000),
                        [.. options.Text("clients", "8").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
                        options.Int("warm-up", 200),
                        options.Int("contacts", 50),
                        options.Flag("keep"),
                        options.Text("server-args", "").Split(' ', StringSplitOptions.RemoveEmptyEntries)),
                    cts.Token);
            case "mail-imap":
                return await MailImapScenario.RunAsync(new MailImapScenario.Options(options.Int("messages", 1000), options.Int("contacts", 50), options.Flag("keep")), cts.Token);
            case "mail-out":
                return await MailOutScenario.RunAsync(
                    new MailOutScenario.Options(
                        options.Int("messages", 2000), options.Int("contacts", 200), options.Flag("keep"),
                        options.Text("server-args", "").Split(' ', StringSplitOptions.RemoveEmptyEntries)),
                    cts.Token);
            case "create-mail":
                return await CreateMailScenario.RunAsync(
                    new CreateMailScenario.Options(
                        options.Int("rate", 100), options.Int("seconds", 60), options.Int("contacts", 200), options.Int("warm-up", 300), options.Flag("keep"),
                        options.Text("server-args", "").Split(' ', StringSplitOptions.RemoveEmptyEntries)),
                    cts.Token);
            case "mail-crash":
                return await MailCrashScenario.RunAsync(
                    new MailCrashScenario.Options(
                        options.Int("rounds", 10), options.Int("gateway", 1500), options.Int("imap", 500), options.Int("clients", 4),
                        options.Int("min-up-ms", 1000), options.Int("max-up-ms", 3000), options.Int("pause-ms", 20), options.Int("seed", 7), options.Flag("keep")),
                    cts.Token);
            default:
                Console.Error.WriteLine("Usage: Baton.Bench create|create-rules|queue|rules|sla|recompute|projects|insight|startup|create-mail|mail-gateway|mail-imap|mail-out|mail-crash [options]; see bench/README.md.");
                return 2;
        }
    }

    private sealed class Args(IEnumerable<string> args)
    {
        private readonly List<string> _args = [.. args];

        public bool Flag(string name) => _args.Contains("--" + name);

        public string Text(string name, string fallback) => TextOrNull(name) ?? fallback;

        public string? TextOrNull(string name)
        {
            var i = _args.IndexOf("--" + name);
            return i >= 0 && i + 1 < _args.Count ? _args[i + 1] : null;
        }

        public int Int(string name, int fallback) => int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
    }
}
