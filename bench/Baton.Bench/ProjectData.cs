using System.Diagnostics;
using Baton.Domain.Projects;
using Microsoft.Data.Sqlite;

namespace Baton.Bench;

/// <summary>What the project fill created, for choosing the tickets and pages to measure.</summary>
internal sealed record ProjectDataSet(
    int Projects, int Engagements, int Attributions, long BusyTicketId, int BusyClientId, int BusyClientProjects,
    long TypicalTicketId, int TypicalClientId, int TypicalClientProjects, long QuietTicketId, int QuietClientId);

/// <summary>
/// Adds a project history to a desk QueueData filled: 3 sites and 5 configuration items per client; N projects over
/// the first 190 clients (the last 10 have none, for a baseline), in every status — 10 % planned, 35 % active, 8 % in
/// hypercare, 40 % closed over two years, 7 % cancelled — with escalation contacts and touched sites/CIs; three
/// engagements per project around its life, and for 1 in 10 active projects one today or yesterday; and one
/// attribution on every 50th ticket to a project of its client.
/// </summary>
internal static class ProjectData
{
    public const int ClientsWithProjects = 190;
    private const int SitesPerClient = 3;
    private const int ItemsPerClient = 5;

    public static async Task<ProjectDataSet> FillAsync(string databasePath, int count, IReadOnlyList<string> agentIds, DateTimeOffset now, CancellationToken ct)
    {
        var random = new Random(20261201);
        await using var c = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await c.OpenAsync(ct);
        await Exec(c, null, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;", ct);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        var watch = Stopwatch.StartNew();

        string[] types = ["UCaaS migration", "Network refresh", "Microsoft 365 migration", "New client onboarding"];
        for (var i = 0; i < types.Length; i++)
        {
            await Exec(c, tx, """INSERT INTO "ProjectTypes" ("Id", "Name", "NameKey", "IsActive") VALUES ($1, $2, $3, 1)""", ct, i + 1, types[i], Baton.Domain.Text.NameKey(types[i]));
        }

        for (var client = 1; client <= QueueData.Clients; client++)
        {
            for (var s = 1; s <= SitesPerClient; s++)
            {
                await Exec(c, tx, """INSERT INTO "Sites" ("Id", "ClientId", "Name", "Address") VALUES ($1, $2, $3, '')""", ct, SiteId(client, s), client, $"Site {s}");
            }

            for (var k = 1; k <= ItemsPerClient; k++)
            {
                await Exec(c, tx, """INSERT INTO "ConfigurationItems" ("Id", "ClientId", "Name", "Type", "SiteId") VALUES ($1, $2, $3, 'Server', $4)""", ct,
                    ItemId(client, k), client, $"C{client:000}-SRV{k:00}", SiteId(client, 1 + (k % SitesPerClient)));
            }
        }

        await using var project = Prepared(c, tx, """
            INSERT INTO "Projects" ("Id", "Number", "ClientId", "Name", "ProjectTypeId", "Status", "LeadTechId", "ProjectManagerId", "StartsOn",
                "PlannedGoLiveOn", "ActualGoLiveOn", "EndsOn", "Description", "SiteIds", "ConfigurationItemIds", "CreatedAt", "UpdatedAt", "Version",
                "CloseoutSignedOffAt", "CloseoutSignedOffBy", "LeadReleasedAt", "LeadReleasedBy", "HypercareStartedAt", "HypercareEndsAt", "ClosedAt",
                "CancelledAt", "CancellationReason", "EscalationContacts")
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, 3, $17, $18, $17, $18, $19, $20, $21, $22, $23, $24)
            """, 24);
        await using var engagement = Prepared(c, tx, """
            INSERT INTO "Engagements" ("ProjectId", "Date", "StartTime", "EndTime", "TimeZoneId", "StartsAt", "EndsAt", "Kind", "TechnicianIds",
                "Touches", "Notes", "CreatedAt", "UpdatedAt", "Sequence", "IsCancelled")
            VALUES ($1, $2, $3, $4, 'UTC', $5, $6, $7, $8, $9, '', $10, $10, 0, 0)
            """, 10);

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var projectsByClient = new Dictionary<int, List<int>>();
        var engagements = 0;
        var contacts = """[{"name":"Sam Li","role":"Network lead","phone":"+44 20 7946 0000","email":"sam.li@client.example","kind":2},{"name":"Ana Ruiz","role":"Project engineer","phone":"","email":"ana.ruiz@msp.example","kind":1}]""";
        for (var id = 1; id <= count; id++)
        {
            var client = 1 + (int)(Math.Abs(random.NextDouble() - random.NextDouble()) * ClientsWithProjects);
            client = Math.Clamp(client, 1, ClientsWithProjects);
            (projectsByClient.TryGetValue(client, out var list) ? list : projectsByClient[client] = []).Add(id);
            var status = (ProjectStatus)(random.Next(100) switch { < 10 => 1, < 45 => 2, < 53 => 3, < 93 => 4, _ => 5 });
            var start = now.AddDays(-random.Next(20, 900));
            var closedAt = status == ProjectStatus.Closed ? now.AddDays(-random.Next(0, 730)).AddMinutes(-random.Next(0, 1440)) : (DateTimeOffset?)null;
            if (closedAt < start)
            {
                start = closedAt.Value.AddDays(-random.Next(20, 120));
            }

            var released = status is ProjectStatus.Hypercare or ProjectStatus.Closed;
            var hypercareStart = status == ProjectStatus.Hypercare ? now.AddDays(-random.Next(0, 29)) : closedAt?.AddDays(-30);
            var lead = agentIds[random.Next(agentIds.Count)];
            var p = project.Parameters;
            p[0].Value = id;
            p[1].Value = ProjectNumber.Format(id);
            p[2].Value = client;
            p[3].Value = $"{types[id % types.Length]} {id}";
            p[4].Value = 1 + (id % types.Length);
            p[5].Value = (int)status;
            p[6].Value = lead;
            p[7].Value = agentIds[random.Next(agentIds.Count)];
            p[8].Value = DateOnly.FromDateTime(start.UtcDateTime);
            p[9].Value = DateOnly.FromDateTime(start.AddDays(60).UtcDateTime);
            p[10].Value = released ? DateOnly.FromDateTime(hypercareStart!.Value.UtcDateTime) : DBNull.Value;
            p[11].Value = closedAt is { } ca ? DateOnly.FromDateTime(ca.UtcDateTime) : DBNull.Value;
            p[12].Value = "Replaces the phone system and the call routing at every site; numbers are ported on the cut-over night.";
            p[13].Value = SiteId(client, 1 + random.Next(SitesPerClient)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            p[14].Value = string.Join(',', Enumerable.Range(0, 2).Select(_ => ItemId(client, 1 + random.Next(ItemsPerClient))).Distinct().Order());
            p[15].Value = start.UtcDateTime;
            p[16].Value = released ? hypercareStart!.Value.AddDays(-1).UtcDateTime : DBNull.Value;
            p[17].Value = released ? "Grace Adeyemi" : DBNull.Value;
            p[18].Value = released ? hypercareStart!.Value.UtcDateTime : DBNull.Value;
            p[19].Value = released ? hypercareStart!.Value.AddDays(30).UtcDateTime : DBNull.Value;
            p[20].Value = closedAt is { } cl ? cl.UtcDateTime : DBNull.Value;
            p[21].Value = status == ProjectStatus.Cancelled ? start.AddDays(10).UtcDateTime : DBNull.Value;
            p[22].Value = status == ProjectStatus.Cancelled ? "Postponed by the client" : DBNull.Value;
            p[23].Value = contacts;
            await project.ExecuteNonQueryAsync(ct);

            for (var e = 0; e < 3; e++)
            {
                var on = DateOnly.FromDateTime(start.AddDays(7 + (e * 14)).UtcDateTime);
                if (e == 2 && status == ProjectStatus.Active && random.Next(10) == 0)
                {
                    on = today.AddDays(-random.Next(0, 2)); // today or yesterday
                }

                var hour = 8 + random.Next(10);
                var at = new DateTimeOffset(on.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);
                var q = engagement.Parameters;
                q[0].Value = id;
                q[1].Value = on;
                q[2].Value = new TimeOnly(hour, 0);
                q[3].Value = new TimeOnly(hour + 2, 0);
                q[4].Value = at.UtcDateTime;
                q[5].Value = at.AddHours(2).UtcDateTime;
                q[6].Value = 1 + random.Next(4);
                q[7].Value = lead;
                q[8].Value = "Core switch, SIP trunk";
                q[9].Value = start.UtcDateTime;
                await engagement.ExecuteNonQueryAsync(ct);
                engagements++;
            }
        }

        await Exec(c, tx, """INSERT OR REPLACE INTO "NumberSequences" ("Name", "Last") VALUES ('PRJ', $1)""", ct, count);

        // One verdict on every 50th ticket, against a project of its client.
        var tickets = new List<(long Id, int Client)>();
        await using (var read = c.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = """SELECT "Id", "ClientId" FROM "Tickets" WHERE "Id" % 50 = 0""";
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                tickets.Add((reader.GetInt64(0), reader.GetInt32(1)));
            }
        }

        await using var attribution = Prepared(c, tx, """
            INSERT INTO "ProjectAttributions" ("TicketId", "ProjectId", "Verdict", "Note", "ById", "ByName", "At") VALUES ($1, $2, $3, '', $4, 'Agent', $5)
            """, 5);
        var attributions = 0;
        foreach (var (ticketId, client) in tickets)
        {
            if (!projectsByClient.TryGetValue(client, out var candidates))
            {
                continue;
            }

            var a = attribution.Parameters;
            a[0].Value = ticketId;
            a[1].Value = candidates[random.Next(candidates.Count)];
            a[2].Value = random.Next(3) == 0 ? 2 : 1;
            a[3].Value = agentIds[0];
            a[4].Value = now.AddHours(-random.Next(0, 24 * 400)).UtcDateTime;
            await attribution.ExecuteNonQueryAsync(ct);
            attributions++;
        }

        // The measured tickets, each the client's newest open one at its first site and CI: at the client with the most
        // projects, at the client with the median number, and at a client with none (the panel empty).
        var ranked = projectsByClient.OrderBy(kv => kv.Value.Count).ThenBy(kv => kv.Key).ToList();
        var busyClient = ranked[^1].Key;
        var typicalClient = ranked[ranked.Count / 2].Key;
        var quietClient = QueueData.Clients;
        var busyTicket = await OpenTicketAsync(c, tx, busyClient, ct);
        var typicalTicket = await OpenTicketAsync(c, tx, typicalClient, ct);
        var quietTicket = await OpenTicketAsync(c, tx, quietClient, ct);
        foreach (var (ticket, client) in new[] { (busyTicket, busyClient), (typicalTicket, typicalClient), (quietTicket, quietClient) })
        {
            await Exec(c, tx, """UPDATE "Tickets" SET "SiteId" = $1, "ConfigurationItemId" = $2, "Status" = 3 WHERE "Id" = $3""", ct, SiteId(client, 1), ItemId(client, 1), ticket);
        }
        await tx.CommitAsync(ct);
        await Exec(c, null, "PRAGMA journal_mode=WAL;", ct);
        Console.WriteLine($"  … {count:N0} projects, {engagements:N0} engagements, {attributions:N0} attributions in {watch.Elapsed.TotalSeconds:0} s");
        return new ProjectDataSet(count, engagements, attributions, busyTicket, busyClient, projectsByClient[busyClient].Count,
            typicalTicket, typicalClient, projectsByClient[typicalClient].Count, quietTicket, quietClient);
    }

    private static Task<long> OpenTicketAsync(SqliteConnection c, SqliteTransaction tx, int client, CancellationToken ct) =>
        Scalar(c, tx, """SELECT COALESCE(MAX(CASE WHEN "Status" < 5 THEN "Id" END), MAX("Id")) FROM "Tickets" WHERE "ClientId" = $1""", ct, client);

    private static int SiteId(int client, int k) => ((client - 1) * SitesPerClient) + k;

    private static int ItemId(int client, int k) => ((client - 1) * ItemsPerClient) + k;

    private static SqliteCommand Prepared(SqliteConnection c, SqliteTransaction tx, string sql, int parameters)
    {
        var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        for (var i = 1; i <= parameters; i++)
        {
            command.Parameters.AddWithValue($"${i}", DBNull.Value);
        }

        return command;
    }

    private static async Task<long> Scalar(SqliteConnection c, SqliteTransaction tx, string sql, CancellationToken ct, params object[] values)
    {
        await using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue($"${i + 1}", values[i]);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task Exec(SqliteConnection c, SqliteTransaction? tx, string sql, CancellationToken ct, params object[] values)
    {
        await using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue($"${i + 1}", values[i]);
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
