using Baton.Domain;
using System.Diagnostics;
using Baton.Domain.Tickets;
using Microsoft.Data.Sqlite;

namespace Baton.Bench;

/// <summary>What the fill created, for choosing realistic filter values.</summary>
internal sealed record QueueDataSet(long Tickets, string MeId, int BusyTeamId, int ClientId, int ClientContactId, long InProgress, long MineCount, long TeamCount);

/// <summary>
/// Fills a database that Baton's own migrations created with a desk's worth of tickets: one transaction, one
/// prepared INSERT, values drawn from a fixed seed. The shape: 200 clients with 5 contacts each, 12 teams of
/// 5 agents, three years of tickets, almost all old ones closed, the newest 3 % spread over the open statuses,
/// a few old tickets left in progress, priorities from the default matrix.
/// </summary>
internal static class QueueData
{
    public const int Clients = 200;
    public const int ContactsPerClient = 5;
    public const int Teams = 12;
    public const int AgentsPerTeam = 5;
    public const int Categories = 10;
    private const double OpenShare = 0.03;

    private static readonly DateTime Start = new(2023, 1, 2, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2026, 1, 2, 8, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Subjects =
    [
        "Printer", "VPN", "Laptop", "Outlook", "Payroll export", "Wi-Fi", "Finance share", "Phone system", "MFA", "CAD viewer",
        "Teams meeting room", "ERP client", "Badge reader", "Backup job", "Firewall rule", "Shared calendar", "Docking station",
        "Password reset", "Website form", "Monitor",
    ];

    private static readonly string[] Problems =
    [
        "does not start", "is very slow", "shows an error after the update", "needs access for a new starter", "stopped syncing",
        "asks for credentials again and again", "fails every night", "cannot be reached from the branch office", "needs replacing",
        "keeps disconnecting",
    ];

    private static readonly string[] Sentences =
    [
        "The user reports that it worked until yesterday afternoon.", "Restarting did not help.",
        "Several colleagues on the same floor see the same thing.", "The error message mentions a timeout.",
        "This blocks month-end closing, please treat as urgent.", "A screenshot was sent by e-mail to the service desk.",
        "It happens only when connected through the VPN.", "The device is under warranty until next year.",
        "Please call back on the mobile number in the signature.", "No change was made on our side as far as we know.",
    ];

    public static async Task<QueueDataSet> FillAsync(string databasePath, long count, CancellationToken ct)
    {
        var random = new Random(20261123);
        await using var c = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await c.OpenAsync(ct);

        // Speed for a throwaway file only: no journal and no fsync during the fill; WAL is restored afterwards,
        // so the file Baton reads is in the same mode as one it created itself.
        await ExecAsync(c, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000; PRAGMA temp_store=MEMORY;", ct);
        await using (var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct))
        {
            var agents = await ReferenceDataAsync(c, tx, ct);
            var meId = agents[0][0];
            var stats = await TicketsAsync(c, tx, count, agents, random, meId, ct);
            await tx.CommitAsync(ct);
            await ExecAsync(c, "PRAGMA journal_mode=WAL;", ct);
            return stats;
        }
    }

    private static async Task<string[][]> ReferenceDataAsync(SqliteConnection c, SqliteTransaction tx, CancellationToken ct)
    {
        // Roles and the priority matrix, as Bootstrap seeds them.
        var roleIds = new Dictionary<string, string>();
        foreach (var role in Web.Data.Roles.All)
        {
            var id = Guid.NewGuid().ToString();
            roleIds[role] = id;
            await ExecAsync(c, tx, """INSERT INTO "AspNetRoles" ("Id", "Name", "NormalizedName", "ConcurrencyStamp") VALUES ($1, $2, $3, $4)""", ct, id, role, role.ToUpperInvariant(), Guid.NewGuid().ToString());
        }

        foreach (var (impact, urgency, priority) in PriorityMatrix.Default.Cells())
        {
            await ExecAsync(c, tx, """INSERT INTO "PriorityMatrix" ("Impact", "Urgency", "Priority") VALUES ($1, $2, $3)""", ct, (int)impact, (int)urgency, (int)priority);
        }

        for (var i = 1; i <= Categories; i++)
        {
            await ExecAsync(c, tx, """INSERT INTO "Categories" ("Id", "Name", "NameKey", "IsActive") VALUES ($1, $2, $3, 1)""", ct, i, $"Category {i}", Text.NameKey($"Category {i}"));
        }

        for (var i = 1; i <= Clients; i++)
        {
            await ExecAsync(c, tx, """INSERT INTO "Clients" ("Id", "Name", "Code", "IsActive", "TimeZoneId") VALUES ($1, $2, $3, 1, 'Europe/London')""", ct, i, $"Client {i:000} Ltd", $"C{i:000}");
            for (var k = 1; k <= ContactsPerClient; k++)
            {
                var contactId = ((i - 1) * ContactsPerClient) + k;
                await ExecAsync(c, tx, """INSERT INTO "Contacts" ("Id", "ClientId", "Name", "Email", "Phone", "JobTitle", "PortalAccessRevoked") VALUES ($1, $2, $3, $4, '', '', 0)""", ct, contactId, i, ContactName(contactId), $"contact{k}@client{i:000}.example");
            }
        }

        var agents = new string[Teams][];
        for (var t = 1; t <= Teams; t++)
        {
            await ExecAsync(c, tx, """INSERT INTO "Teams" ("Id", "Name", "NameKey", "Description") VALUES ($1, $2, $3, '')""", ct, t, $"Team {t:00}", Text.NameKey($"Team {t:00}"));
            agents[t - 1] = new string[AgentsPerTeam];
            for (var a = 0; a < AgentsPerTeam; a++)
            {
                var id = Guid.NewGuid().ToString();
                var email = $"agent{t:00}{a}@desk.example";
                agents[t - 1][a] = id;
                await ExecAsync(
                    c, tx,
                    """
                    INSERT INTO "AspNetUsers" ("Id", "DisplayName", "TimeZoneId", "UserName", "NormalizedUserName", "Email", "NormalizedEmail",
                        "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "MustChangePassword")
                    VALUES ($1, $2, 'UTC', $3, $4, $3, $4, 1, $5, $6, 0, 0, 1, 0, 0)
                    """,
                    ct, id, $"Agent {t:00}-{a}", email, email.ToUpperInvariant(), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString());
                await ExecAsync(c, tx, """INSERT INTO "AspNetUserRoles" ("UserId", "RoleId") VALUES ($1, $2)""", ct, id, roleIds[Web.Data.Roles.Agent]);
                await ExecAsync(c, tx, """INSERT INTO "TeamMembers" ("TeamId", "UserId") VALUES ($1, $2)""", ct, t, id);
            }
        }

        return agents;
    }

    private static async Task<QueueDataSet> TicketsAsync(SqliteConnection c, SqliteTransaction tx, long count, string[][] agents, Random random, string meId, CancellationToken ct)
    {
        await using var insert = c.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO "Tickets" ("Id", "Number", "Kind", "Title", "Description", "ClientId", "RequesterId", "RequesterName", "CategoryId",
                "RequestType", "Impact", "Urgency", "Priority", "TeamId", "AssigneeId", "Status", "ResolutionNote", "CreatedAt", "UpdatedAt",
                "AcknowledgedAt", "ResolvedAt", "ClosedAt", "Version")
            VALUES ($id, $number, $kind, $title, $description, $client, $requester, $requesterName, $category,
                $requestType, $impact, $urgency, $priority, $team, $assignee, $status, $note, $created, $updated,
                $acknowledged, $resolved, $closed, $version)
            """;
        var names = new[]
        {
            "$id", "$number", "$kind", "$title", "$description", "$client", "$requester", "$requesterName", "$category", "$requestType", "$impact",
            "$urgency", "$priority", "$team", "$assignee", "$status", "$note", "$created", "$updated", "$acknowledged", "$resolved", "$closed", "$version",
        };
        var p = names.ToDictionary(n => n, n => insert.Parameters.AddWithValue(n, DBNull.Value));
        insert.Prepare();

        long incidents = 0, requests = 0, inProgress = 0, mine = 0, busyTeam = 0;
        const int busyTeamId = 3;
        var span = End - Start;
        var watch = Stopwatch.StartNew();
        for (long id = 1; id <= count; id++)
        {
            var created = Start + (span * ((double)(id - 1) / count)) + TimeSpan.FromSeconds(random.Next(0, 60));
            var age = (double)(count - id) / count; // 0 = newest
            var kind = random.Next(100) < 70 ? TicketKind.Incident : TicketKind.ServiceRequest;
            var sequence = kind == TicketKind.Incident ? ++incidents : ++requests;
            var impact = (Impact)Pick(random, 15, 45, 40);
            var urgency = (Urgency)Pick(random, 20, 50, 30);
            var priority = PriorityMatrix.Default.PriorityFor(impact, urgency);
            var status = age < OpenShare
                ? (TicketStatus)Pick(random, 15, 15, 35, 15, 20)
                : (TicketStatus)(random.Next(1000) switch { < 3 => 3, < 5 => 4, < 15 => 5, _ => 6 });
            var client = 1 + (int)(Math.Abs(random.NextDouble() - random.NextDouble()) * Clients); // a few big clients, a long tail
            client = Math.Clamp(client, 1, Clients);
            var requester = ((client - 1) * ContactsPerClient) + random.Next(1, ContactsPerClient + 1);
            int? team = status == TicketStatus.New && random.Next(2) == 0 ? null : 1 + (int)(Math.Pow(random.NextDouble(), 1.3) * Teams);
            string? assignee = team is { } t && status != TicketStatus.New && random.Next(10) > 0 ? agents[t - 1][random.Next(AgentsPerTeam)] : null;
            var updated = status is TicketStatus.Closed or TicketStatus.Resolved || age >= OpenShare
                ? created + TimeSpan.FromMinutes(random.Next(30, 60 * 24 * 10))
                : created + TimeSpan.FromMinutes(random.Next(0, 60 * 24 * 3));
            DateTime? acknowledged = status == TicketStatus.New ? null : created + TimeSpan.FromMinutes(random.Next(5, 240));
            DateTime? resolved = status is TicketStatus.Resolved or TicketStatus.Closed ? updated - TimeSpan.FromMinutes(random.Next(0, 20)) : null;
            DateTime? closed = status == TicketStatus.Closed ? updated : null;

            p["$id"].Value = id;
            p["$number"].Value = TicketNumber.Format(kind, sequence);
            p["$kind"].Value = (int)kind;
            p["$title"].Value = $"{Subjects[random.Next(Subjects.Length)]} {Problems[random.Next(Problems.Length)]}";
            p["$description"].Value = $"{Sentences[random.Next(Sentences.Length)]} {Sentences[random.Next(Sentences.Length)]} {Sentences[random.Next(Sentences.Length)]}";
            p["$client"].Value = client;
            p["$requester"].Value = requester;
            p["$requesterName"].Value = ContactName(requester);
            p["$category"].Value = random.Next(5) == 0 ? DBNull.Value : random.Next(1, Categories + 1);
            p["$requestType"].Value = random.Next(4) == 0 ? 2 : 1;
            p["$impact"].Value = (int)impact;
            p["$urgency"].Value = (int)urgency;
            p["$priority"].Value = (int)priority;
            p["$team"].Value = team is { } tv ? tv : DBNull.Value;
            p["$assignee"].Value = assignee is null ? DBNull.Value : assignee;
            p["$status"].Value = (int)status;
            p["$note"].Value = resolved is null ? DBNull.Value : "Fixed remotely; the user confirmed it works again.";
            p["$created"].Value = created;
            p["$updated"].Value = updated;
            p["$acknowledged"].Value = acknowledged is { } ak ? ak : DBNull.Value;
            p["$resolved"].Value = resolved is { } rv ? rv : DBNull.Value;
            p["$closed"].Value = closed is { } cv ? cv : DBNull.Value;
            p["$version"].Value = random.Next(1, 9);
            await insert.ExecuteNonQueryAsync(ct);

            inProgress += status == TicketStatus.InProgress ? 1 : 0;
            mine += assignee == meId ? 1 : 0;
            busyTeam += team == busyTeamId ? 1 : 0;
            if (id % 250_000 == 0)
            {
                Console.WriteLine($"  … {id:N0} tickets in {watch.Elapsed.TotalSeconds:0} s");
            }
        }

        // Ticket numbers continue from here, as if Baton had issued them.
        await ExecAsync(c, tx, """INSERT OR REPLACE INTO "NumberSequences" ("Name", "Last") VALUES ('INC', $1), ('REQ', $2)""", ct, incidents, requests);
        return new QueueDataSet(count, meId, busyTeamId, ClientId: 1, ClientContactId: 1, inProgress, mine, busyTeam);
    }

    private static int Pick(Random random, params int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if (roll < weights[i])
            {
                return i + 1;
            }

            roll -= weights[i];
        }

        return weights.Length;
    }

    private static string ContactName(int contactId) => $"Contact {contactId:0000}";

    private static async Task ExecAsync(SqliteConnection c, string sql, CancellationToken ct)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecAsync(SqliteConnection c, SqliteTransaction tx, string sql, CancellationToken ct, params object[] values)
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
