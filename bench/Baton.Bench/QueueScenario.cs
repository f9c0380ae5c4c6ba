using System.Data.Common;
using System.Diagnostics;
using System.Text;
using Baton.Domain.Tickets;
using Baton.Web.Data;
using Baton.Web.Features.Shared.Caching;
using Baton.Web.Features.Shared.Events;
using Baton.Web.Features.Tickets;
using Baton.Web.Infrastructure.Auth;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Bench;

/// <summary>
/// Scenario "queue": one page (25 rows) of the ticket queue through <see cref="TicketQueue.ListAsync"/>, in process,
/// on a SQLite file migrated by Baton and filled with N tickets. Each call rents a BatonDb from the same pool the
/// app registers (<see cref="DatabaseSetup.AddBatonDatabase"/>), as a request would.
/// </summary>
internal static class QueueScenario
{
    public const double TargetP95Ms = 50;

    public sealed record Options(long[] Sizes, int Iterations, int WarmUp, bool Plans, bool Analyze, int SearchIterations);

    private sealed record Case(string Name, CurrentUser User, QueueFilter Filter, bool InTarget = true);

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var missed = 0;
        foreach (var size in o.Sizes)
        {
            missed += await RunOneAsync(o, size, ct);
        }

        return missed == 0 ? 0 : 1;
    }

    private static async Task<int> RunOneAsync(Options o, long size, CancellationToken ct)
    {
        var dir = Workspace.NewTempDirectory("queue");
        var explain = new ExplainInterceptor();
        var timed = Services(dir, null);
        var explaining = o.Plans ? Services(dir, explain) : null;
        try
        {
            Console.WriteLine($"Migrating a fresh SQLite database in {dir} …");
            using (var scope = timed.CreateScope())
            {
                await DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), ct);
            }

            SqliteConnection.ClearAllPools();
            Console.WriteLine($"Filling {size:N0} tickets …");
            var fill = Stopwatch.StartNew();
            var data = await QueueData.FillAsync(Path.Combine(dir, "baton.db"), size, ct);
            fill.Stop();
            if (o.Analyze)
            {
                await using var c = new SqliteConnection($"Data Source={Path.Combine(dir, "baton.db")};Pooling=False");
                await c.OpenAsync(ct);
                await using var analyze = c.CreateCommand();
                analyze.CommandText = "ANALYZE;";
                await analyze.ExecuteNonQueryAsync(ct);
            }

            var bytes = new FileInfo(Path.Combine(dir, "baton.db")).Length;
            Console.WriteLine($"Filled in {fill.Elapsed.TotalSeconds:0.0} s; file {bytes / 1024.0 / 1024.0:0} MiB; {Machine.Load()}.");

            var cases = Cases(data);
            var (table, failed) = await MeasureAsync(timed, cases, o, ct);
            var loadAfter = Machine.Load();
            Console.WriteLine();
            Console.WriteLine($"### Queue page, {size:N0} tickets ({Environment.ProcessorCount} cores, SQLite{(o.Analyze ? ", after ANALYZE" : "")})");
            Console.WriteLine();
            Console.WriteLine($"Data: {size:N0} tickets, {bytes / 1024.0 / 1024.0:0} MiB, filled in {fill.Elapsed.TotalSeconds:0.0} s; " +
                $"{data.InProgress:N0} in progress, {data.TeamCount:N0} for team {data.BusyTeamId}, {data.MineCount:N0} assigned to 'me'. Machine: {loadAfter} after the runs.");
            Console.WriteLine();
            Console.Write(table);
            Console.WriteLine();
            if (explaining is not null)
            {
                await PrintPlansAsync(explaining, explain, cases, ct);
            }

            return failed;
        }
        finally
        {
            await timed.DisposeAsync();
            if (explaining is not null)
            {
                await explaining.DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
            Workspace.Remove(dir);
        }
    }

    private static async Task<(MarkdownTable Table, int Failed)> MeasureAsync(ServiceProvider timed, IReadOnlyList<Case> cases, Options o, CancellationToken ct)
    {
        var table = new MarkdownTable("queue page (25 rows)", "rows", "runs", "p50 ms", "p95 ms", "p99 ms", "max ms", $"p95 ≤ {TargetP95Ms} ms");
        var failed = 0;
        foreach (var c in cases)
        {
            var iterations = c.InTarget ? o.Iterations : o.SearchIterations;
            if (iterations == 0)
            {
                continue;
            }

            var warmUp = c.InTarget ? o.WarmUp : 1;
            var rows = 0;
            for (var i = 0; i < warmUp; i++)
            {
                rows = await OnceAsync(timed, c, ct);
            }

            // A slow page gets at least 30 runs but no more than ~20 s, so a miss does not stretch the run to many minutes.
            var latencies = new Latencies();
            var spent = Stopwatch.StartNew();
            for (var i = 0; i < iterations && (i < 30 || spent.Elapsed < TimeSpan.FromSeconds(20)); i++)
            {
                var start = Stopwatch.GetTimestamp();
                rows = await OnceAsync(timed, c, ct);
                latencies.Add(Latencies.Since(start));
            }

            var s = latencies.Summarise();
            var met = s.P95 <= TargetP95Ms;
            failed += c.InTarget && !met ? 1 : 0;
            table.Add(c.Name, Format.N(rows), Format.N(s.Count), Format.Ms(s.P50), Format.Ms(s.P95), Format.Ms(s.P99), Format.Ms(s.Max), c.InTarget ? (met ? "yes" : "**no**") : "(not a target)");
            Console.WriteLine($"  {c.Name}: p95 {Format.Ms(s.P95)} ms");
        }

        return (table, failed);
    }

    private static async Task PrintPlansAsync(ServiceProvider explaining, ExplainInterceptor explain, IReadOnlyList<Case> cases, CancellationToken ct)
    {
        explain.Enabled = true;
        foreach (var c in cases)
        {
            explain.Captured.Clear();
            await OnceAsync(explaining, c, ct);
            Console.WriteLine($"#### {c.Name}");
            Console.WriteLine();
            Console.WriteLine("```sql");
            Console.WriteLine(string.Join(Environment.NewLine + Environment.NewLine, explain.Captured));
            Console.WriteLine("```");
            Console.WriteLine();
        }

        explain.Enabled = false;
    }

    private static List<Case> Cases(QueueDataSet d)
    {
        var me = new CurrentUser(d.MeId, "Agent 01-0", IsStaff: true, IsAdministrator: false, IsManager: false, ClientId: null, ContactId: null, TimeZoneId: "UTC");
        var contact = new CurrentUser(Guid.NewGuid().ToString(), "Contact 0001", IsStaff: false, IsAdministrator: false, IsManager: false, d.ClientId, d.ClientContactId, "UTC");
        var middle = d.Tickets / 2;
        return
        [
            new("default (newest first)", me, new QueueFilter()),
            new("status=InProgress", me, new QueueFilter { Status = [TicketStatus.InProgress] }),
            new($"teamId={d.BusyTeamId}", me, new QueueFilter { TeamId = d.BusyTeamId }),
            new("mine (assignee = me)", me, new QueueFilter { Mine = true }),
            new("sort=Priority", me, new QueueFilter { Sort = QueueSort.Priority }),
            new("sort=Updated", me, new QueueFilter { Sort = QueueSort.Updated }),
            new($"open, teamId={d.BusyTeamId} (a team's working queue)", me, new QueueFilter { OpenOnly = true, TeamId = d.BusyTeamId }),
            new("open, mine, sort=Priority (my working queue)", me, new QueueFilter { OpenOnly = true, Mine = true, Sort = QueueSort.Priority }),
            new("status=InProgress, sort=Priority", me, new QueueFilter { Status = [TicketStatus.InProgress], Sort = QueueSort.Priority }),
            new("client contact (own organisation)", contact, new QueueFilter()),
            new($"deep page: cursor at id {middle:N0}", me, new QueueFilter { Cursor = Cursor(QueueSort.Newest, middle, Priority.P1, default) }),
            new($"deep page: teamId={d.BusyTeamId}, cursor at id {middle:N0}", me, new QueueFilter { TeamId = d.BusyTeamId, Cursor = Cursor(QueueSort.Newest, middle, Priority.P1, default) }),
            new($"deep page: sort=Priority, cursor at P3 / id {middle:N0}", me, new QueueFilter { Sort = QueueSort.Priority, Cursor = Cursor(QueueSort.Priority, middle, Priority.P3, default) }),
            new("q=INC-000123 (number lookup)", me, new QueueFilter { Q = "INC-000123" }),
            new("q=printer (word search)", me, new QueueFilter { Q = "printer" }, InTarget: false),
            new("q=vpn branch (two words)", me, new QueueFilter { Q = "vpn branch" }, InTarget: false),
            new("q=xylophone (no match: reads every ticket)", me, new QueueFilter { Q = "xylophone" }, InTarget: false),
        ];
    }

    /// <summary>
    /// The queue's opaque cursor, built the way TicketQueue.Cursor.Encode builds it (sort|id|priority|ticks, base64url),
    /// so a page deep in the list can be asked for without walking there. If the format changes, Decode rejects it loudly.
    /// </summary>
    private static string Cursor(QueueSort sort, long id, Priority priority, DateTimeOffset updated)
    {
        var raw = string.Join('|', (int)sort, id, (int)priority, updated.UtcTicks);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static async Task<int> OnceAsync(ServiceProvider services, Case c, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
        var page = await TicketQueue.ListAsync(db, c.User, c.Filter, TimeProvider.System, ct);
        return page.Items.Count;
    }

    /// <summary>The app's own database registration (provider, connection string, pragmas, context pool) for a data directory.</summary>
    internal static ServiceProvider Services(string dataDirectory, ExplainInterceptor? explain)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();
        services.AddBatonDatabase(configuration, dataDirectory);
        // What BatonDb itself needs besides its options (the catalogue cache it invalidates on save; the record events it writes).
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddCatalogueCache();
        services.AddRecordEvents(configuration);
        if (explain is not null)
        {
            services.ConfigureDbContext<BatonDb>(b => b.AddInterceptors(explain));
        }

        return services.BuildServiceProvider();
    }

    /// <summary>Before a query runs, asks SQLite for its plan with the same parameters, and keeps SQL and plan.</summary>
    internal sealed class ExplainInterceptor : DbCommandInterceptor
    {
        public bool Enabled { get; set; }
        public List<string> Captured { get; } = [];

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Enabled && command is SqliteCommand sqlite)
            {
                var sb = new StringBuilder();
                foreach (SqliteParameter p in sqlite.Parameters)
                {
                    sb.Append("-- ").Append(p.ParameterName).Append(" = ").AppendLine(Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture));
                }

                sb.AppendLine(command.CommandText).AppendLine().AppendLine("-- EXPLAIN QUERY PLAN");
                await using var plan = sqlite.Connection!.CreateCommand();
                plan.Transaction = sqlite.Transaction;
                plan.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
                foreach (SqliteParameter p in sqlite.Parameters)
                {
                    plan.Parameters.AddWithValue(p.ParameterName, p.Value);
                }

                await using var reader = await plan.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    sb.Append("-- ").Append(reader.GetInt32(0)).Append(' ').Append(reader.GetInt32(1)).Append(' ').AppendLine(reader.GetString(3));
                }

                Captured.Add(sb.ToString().TrimEnd());
            }

            return await base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
