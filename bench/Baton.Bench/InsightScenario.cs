using System.Diagnostics;
using System.Globalization;
using Baton.Web.Data;
using Baton.Web.Features.Insight;
using Baton.Web.Features.Tickets;
using Baton.Web.Infrastructure.Auth;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Bench;

/// <summary>
/// Scenario "insight": what the project insight panel adds to a ticket page. On a SQLite file migrated by Baton and
/// filled like "queue" (N tickets, 200 clients), plus P projects (the same skew: a few big clients, a long tail; 75 %
/// closed over three years, 10 % cancelled, 8 % active, 4 % in hypercare, 3 % planned), ten engagements each (live
/// projects also one near "now"), and verdicts on 2 % of the tickets. Each measured call rents a BatonDb from the app's
/// pool and runs <see cref="TicketInsight.GetAsync"/> for a random ticket, as the ticket page does after it has read
/// the ticket; the ticket read itself (<see cref="TicketView.GetAsync"/>) is measured beside it for scale.
/// </summary>
internal static class InsightScenario
{
    public const double TargetP95Ms = 5;

    public sealed record Options(long Tickets, int Projects, int Iterations, int WarmUp, bool Plans);

    private static readonly DateTimeOffset Now = new(2026, 1, 2, 10, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var dir = Workspace.NewTempDirectory("insight");
        var explain = new QueueScenario.ExplainInterceptor();
        var timed = QueueScenario.Services(dir, null);
        var explaining = o.Plans ? QueueScenario.Services(dir, explain) : null;
        try
        {
            Console.WriteLine($"Migrating a fresh SQLite database in {dir} …");
            using (var scope = timed.CreateScope())
            {
                await DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), ct);
            }

            SqliteConnection.ClearAllPools();
            var path = Path.Combine(dir, "baton.db");
            Console.WriteLine($"Filling {o.Tickets:N0} tickets and {o.Projects:N0} projects …");
            var fill = Stopwatch.StartNew();
            await QueueData.FillAsync(path, o.Tickets, ct);
            var projects = await FillProjectsAsync(path, o.Projects, o.Tickets, ct);
            fill.Stop();
            var bytes = new FileInfo(path).Length;
            Console.WriteLine($"Filled in {fill.Elapsed.TotalSeconds:0.0} s; file {bytes / 1024.0 / 1024.0:0} MiB; {Machine.Load()}.");

            var random = new Random(4);
            var ids = Enumerable.Range(0, o.Iterations + o.WarmUp).Select(_ => 1 + random.NextInt64(o.Tickets)).ToArray();
            var tickets = new List<InsightTicket>();
            using (var scope = timed.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
                foreach (var id in ids)
                {
                    var t = db.Tickets.Where(x => x.Id == id).Select(x => new InsightTicket(x.Id, x.Number, x.ClientId, x.SiteId, x.ConfigurationItemId)).Single();
                    tickets.Add(t);
                }
            }

            var options = new ProjectInsightOptions();
            var staff = new CurrentUser("bench", "Bench", IsStaff: true, IsAdministrator: false, IsManager: false, ClientId: null, ContactId: null, TimeZoneId: "UTC");
            var insight = new Latencies();
            var view = new Latencies();
            var listed = new List<int>();
            for (var i = 0; i < tickets.Count; i++)
            {
                var measured = i >= o.WarmUp;
                using (var scope = timed.CreateScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
                    var start = Stopwatch.GetTimestamp();
                    await TicketView.GetAsync(db, staff, tickets[i].Number, ct);
                    if (measured)
                    {
                        view.Add(Latencies.Since(start));
                    }
                }

                using (var scope = timed.CreateScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
                    var start = Stopwatch.GetTimestamp();
                    var panel = await TicketInsight.GetAsync(db, tickets[i], options, Now, ct);
                    if (measured)
                    {
                        insight.Add(Latencies.Since(start));
                        listed.Add(panel.Projects.Count);
                    }
                }
            }

            var table = new MarkdownTable("read", "runs", "mean ms", "p50 ms", "p95 ms", "p99 ms", "max ms", $"p95 ≤ {TargetP95Ms} ms");
            var s = insight.Summarise();
            var met = s.P95 <= TargetP95Ms;
            table.Add("insight panel (TicketInsight.GetAsync: 2 queries)", Format.N(s.Count), Format.Ms(s.Mean), Format.Ms(s.P50), Format.Ms(s.P95), Format.Ms(s.P99), Format.Ms(s.Max), met ? "yes" : "**no**");
            var v = view.Summarise();
            table.Add("the ticket itself (TicketView.GetAsync), for scale", Format.N(v.Count), Format.Ms(v.Mean), Format.Ms(v.P50), Format.Ms(v.P95), Format.Ms(v.P99), Format.Ms(v.Max), "(not a target)");
            Console.WriteLine();
            Console.WriteLine($"### Insight panel, {o.Tickets:N0} tickets, {o.Projects:N0} projects ({Environment.ProcessorCount} cores, SQLite)");
            Console.WriteLine();
            Console.WriteLine($"Data: {projects.Live:N0} live projects (active, hypercare, planned), {projects.Closed:N0} closed, {projects.Engagements:N0} engagements, " +
                $"{projects.Attributions:N0} verdicts; the busiest client has {projects.BusiestClientProjects:N0} projects. Panels listed {listed.Average():0.0} projects on average, " +
                $"{listed.Max()} at most. Machine: {Machine.Load()} after the runs.");
            Console.WriteLine();
            Console.Write(table);

            // Not a target: the project-caused incidents report for the last month of tickets, all clients.
            var report = new Latencies();
            var counted = 0;
            for (var i = 0; i < 6; i++)
            {
                using var scope = timed.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<BatonDb>();
                var start = Stopwatch.GetTimestamp();
                var scope2 = await ProjectIncidents.ResolveScopeAsync(db, null, new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 31), Now, ct);
                var run = await ProjectIncidents.RunAsync(db, scope2, ct);
                if (i > 0)
                {
                    report.Add(Latencies.Since(start));
                }

                counted = run.Projects.Sum(p => p.Incidents.Count);
            }

            Console.WriteLine();
            Console.WriteLine($"Project-caused incidents report, December 2025, all clients ({counted:N0} counted lines): median {Format.Ms(report.Summarise().P50)} ms over {report.Count} runs (not a target).");
            if (explaining is not null)
            {
                explain.Enabled = true;
                using var scope = explaining.CreateScope();
                await TicketInsight.GetAsync(scope.ServiceProvider.GetRequiredService<BatonDb>(), tickets[0], options, Now, ct);
                Console.WriteLine();
                Console.WriteLine("```sql");
                Console.WriteLine(string.Join(Environment.NewLine + Environment.NewLine, explain.Captured));
                Console.WriteLine("```");
            }

            return met ? 0 : 1;
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

    private sealed record ProjectData(int Live, int Closed, int Engagements, int Attributions, int BusiestClientProjects);

    /// <summary>Projects, engagements, sites, configuration items and verdicts, in one transaction with prepared INSERTs.</summary>
    private static async Task<ProjectData> FillProjectsAsync(string path, int count, long tickets, CancellationToken ct)
    {
        var random = new Random(20261201);
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync(ct);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        var lead = (string)(await Scalar(c, tx, """SELECT "Id" FROM "AspNetUsers" ORDER BY "Id" LIMIT 1""", ct))!;
        var typeIds = new List<long>();
        for (var t = 1; t <= 4; t++)
        {
            typeIds.Add((long)(await Scalar(c, tx, $"""INSERT INTO "ProjectTypes" ("Name", "NameKey", "IsActive") VALUES ('Bench type {t}', 'BENCH TYPE {t}', 1) RETURNING "Id" """, ct))!);
        }

        for (var client = 1; client <= QueueData.Clients; client++)
        {
            await Scalar(c, tx, $"""INSERT INTO "Sites" ("Id", "ClientId", "Name", "Address") VALUES ({client}, {client}, 'Head office', '')""", ct);
            for (var k = 0; k < 3; k++)
            {
                await Scalar(c, tx, $"""INSERT INTO "ConfigurationItems" ("Id", "ClientId", "Name", "Type", "SiteId") VALUES ({(client * 3) + k}, {client}, 'SRV{client:000}-{k}', 'Server', {client})""", ct);
            }
        }

        await using var project = Prepared(c, tx, """
            INSERT INTO "Projects" ("Id", "Number", "ClientId", "Name", "ProjectTypeId", "Status", "LeadTechId", "Description", "SiteIds", "ConfigurationItemIds",
                "CreatedAt", "UpdatedAt", "Version", "ClosedAt", "CancelledAt", "HypercareStartedAt", "HypercareEndsAt", "EscalationContacts", "StartsOn")
            VALUES ($id, $number, $client, $name, $type, $status, $lead, $description, $sites, $items, $created, $created, 1, $closed, $cancelled, $hcFrom, $hcTo, $contacts, $startsOn)
            """, "$id", "$number", "$client", "$name", "$type", "$status", "$lead", "$description", "$sites", "$items", "$created", "$closed", "$cancelled", "$hcFrom", "$hcTo", "$contacts", "$startsOn");
        await using var engagement = Prepared(c, tx, """
            INSERT INTO "Engagements" ("ProjectId", "Date", "StartTime", "EndTime", "TimeZoneId", "StartsAt", "EndsAt", "Kind", "TechnicianIds", "Touches", "Notes",
                "CreatedAt", "UpdatedAt", "Sequence", "IsCancelled")
            VALUES ($project, $date, $startTime, $endTime, 'UTC', $starts, $ends, $kind, $techs, 'Core switch', '', $starts, $starts, 1, $cancelled)
            """, "$project", "$date", "$startTime", "$endTime", "$starts", "$ends", "$kind", "$techs", "$cancelled");
        const string contacts = """[{"name":"Pat Engineer","role":"Network engineer","phone":"+44 20 7946 0000","email":"pat@msp.example","kind":1},{"name":"Sam Boss","role":"Delivery manager","phone":"","email":"sam@msp.example","kind":2}]""";
        var description = string.Concat(Enumerable.Repeat("Replacing the core switches and re-cabling the comms room. ", 12));
        int live = 0, closed = 0, engagements = 0;
        var perClient = new int[QueueData.Clients + 1];
        for (var id = 1; id <= count; id++)
        {
            var client = Math.Clamp(1 + (int)(Math.Abs(random.NextDouble() - random.NextDouble()) * QueueData.Clients), 1, QueueData.Clients);
            perClient[client]++;
            var roll = random.Next(100);
            var status = roll < 75 ? 4 : roll < 85 ? 5 : roll < 93 ? 2 : roll < 97 ? 3 : 1;
            var created = Now - TimeSpan.FromDays(random.Next(30, 3 * 365));
            DateTimeOffset? closedAt = status == 4 ? Now - TimeSpan.FromDays(random.NextDouble() * (Now - created).TotalDays) : null;
            live += status is 1 or 2 or 3 ? 1 : 0;
            closed += status == 4 ? 1 : 0;
            Set(project, id, $"PRJ-{id:000000}", client, $"Project {id}", typeIds[id % 4], status, lead, description, client.ToString(CultureInfo.InvariantCulture),
                (client * 3).ToString(CultureInfo.InvariantCulture), Text(created), Text(closedAt), status == 5 ? Text(created.AddDays(20)) : null,
                status == 3 ? Text(Now.AddDays(-random.Next(1, 28))) : null, status == 3 ? Text(Now.AddDays(random.Next(2, 60))) : null, contacts,
                DateOnly.FromDateTime(created.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await project.ExecuteNonQueryAsync(ct);
            var end = closedAt ?? Now.AddDays(30);
            for (var k = 0; k < 10; k++)
            {
                var near = k == 0 && status is 1 or 2 or 3;
                var day = near ? Now.AddHours(-random.Next(-30, 50)) : created + TimeSpan.FromDays(random.NextDouble() * (end - created).TotalDays);
                var starts = new DateTimeOffset(day.Year, day.Month, day.Day, day.Hour, 0, 0, TimeSpan.Zero);
                var ends = starts.AddHours(random.Next(1, 9));
                Set(engagement, id, DateOnly.FromDateTime(starts.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), starts.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                    ends.ToString("HH:mm:ss", CultureInfo.InvariantCulture), Text(starts), Text(ends), 1 + random.Next(4), lead, random.Next(20) == 0 ? 1 : 0);
                await engagement.ExecuteNonQueryAsync(ct);
                engagements++;
            }
        }

        // Verdicts on 2 % of the tickets, each against a project of the ticket's client when it has one.
        var byClient = new Dictionary<long, List<int>>();
        await using (var read = c.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = """SELECT "ClientId", "Id" FROM "Projects" """;
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                (byClient.TryGetValue(reader.GetInt64(0), out var list) ? list : byClient[reader.GetInt64(0)] = []).Add(reader.GetInt32(1));
            }
        }

        await using var verdict = Prepared(c, tx, """
            INSERT OR IGNORE INTO "ProjectAttributions" ("TicketId", "ProjectId", "Verdict", "Note", "ById", "ByName", "At")
            SELECT $ticket, $project, $verdict, 'bench', $lead, 'Bench', $at
            """, "$ticket", "$project", "$verdict", "$lead", "$at");
        var attributions = 0;
        await using var clientOf = Prepared(c, tx, """SELECT "ClientId" FROM "Tickets" WHERE "Id" = $id""", "$id");
        for (var i = 0; i < tickets / 50; i++)
        {
            var ticket = 1 + random.NextInt64(tickets);
            clientOf.Parameters["$id"].Value = ticket;
            if (await clientOf.ExecuteScalarAsync(ct) is long clientId && byClient.TryGetValue(clientId, out var candidates))
            {
                Set(verdict, ticket, candidates[random.Next(candidates.Count)], 1 + random.Next(2), lead, Text(Now.AddDays(-1)));
                attributions += await verdict.ExecuteNonQueryAsync(ct);
            }
        }

        await tx.CommitAsync(ct);
        return new ProjectData(live, closed, engagements, attributions, perClient.Max());
    }

    /// <summary>How EF stores a UTC instant in SQLite (Baton converts DateTimeOffset to a UTC DateTime).</summary>
    private static string? Text(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static SqliteCommand Prepared(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.AddWithValue(name, DBNull.Value);
        }

        command.Prepare();
        return command;
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static async Task<object?> Scalar(SqliteConnection c, SqliteTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }
}
