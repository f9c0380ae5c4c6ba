using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Baton.Bench;

/// <summary>
/// What the mail scenarios share: Baton's mail settings, a client with contacts made through the API, the gateway
/// call, a mailbox added on the admin page, and counts read from the SQLite file to check nothing was lost or doubled.
/// </summary>
internal static class MailDesk
{
    public const string GatewayToken = "bench-gateway-token";
    public const string Address = "support@msp.example";
    public const string AdminEmail = "admin@baton.local";

    /// <summary>Command-line configuration for Baton: the gateway on, the desk's address, IMAP polled every 5 s (the minimum).</summary>
    public static List<string> Settings(params string[] more) =>
    [
        $"--Mail:Inbound:GatewayToken={GatewayToken}",
        $"--Mail:Inbound:Address={Address}",
        "--Mail:Imap:PollInterval=00:00:05",
        .. more,
    ];

    public sealed record Contact(int Id, string Email);

    /// <summary>A client with <paramref name="count"/> contacts, made through the API.</summary>
    public static async Task<(int ClientId, List<Contact> Contacts)> ClientAsync(HttpClient api, int count, CancellationToken ct)
    {
        var clientId = await CreateScenario.PostForIdAsync(api, "/api/v1/clients", new { name = "Northwind Traders", code = "NWT" }, ct);
        var contacts = new List<Contact>();
        for (var i = 0; i < count; i++)
        {
            var email = $"user.{i:000}@northwind.example";
            contacts.Add(new Contact(await CreateScenario.PostForIdAsync(api, $"/api/v1/clients/{clientId}/contacts", new { name = $"User {i:000}", email }, ct), email));
        }

        return (clientId, contacts);
    }

    /// <summary>The addresses of a client's <paramref name="count"/> contacts, made through the API.</summary>
    public static async Task<List<string>> ContactsAsync(HttpClient api, int count, CancellationToken ct) =>
        [.. (await ClientAsync(api, count, ct)).Contacts.Select(c => c.Email)];

    public static HttpClient Api(Uri baseAddress, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public sealed record GatewayAnswer(HttpStatusCode Status, bool Duplicate, string? Outcome, string? Ticket, string Text);

    /// <summary>One raw message to POST /api/v1/mail/inbound, as an MTA's pipe would send it.</summary>
    public static async Task<GatewayAnswer> PostAsync(HttpClient http, Uri baseAddress, byte[] raw, CancellationToken ct)
    {
        using var content = new ByteArrayContent(raw);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "/api/v1/mail/inbound")) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayToken);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new GatewayAnswer(response.StatusCode, false, null, null, text);
        }

        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        return new GatewayAnswer(response.StatusCode, root.GetProperty("duplicate").GetBoolean(), root.GetProperty("outcome").GetString(),
            root.GetProperty("ticket").GetString(), text);
    }

    /// <summary>Adds the IMAP mailbox through the admin page's form (so Baton encrypts the password with its own key ring).</summary>
    public static async Task AddMailboxAsync(Uri baseAddress, string adminPassword, int port, string user, string password, CancellationToken ct)
    {
        using var admin = await ProjectsScenario.SignInAsync(baseAddress, AdminEmail, adminPassword, ct);
        var page = await admin.GetStringAsync(new Uri("/Admin/Mailboxes", UriKind.Relative), ct);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Address"] = Address, ["Input.Host"] = "127.0.0.1", ["Input.Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Security"] = "None", ["Input.UserName"] = user, ["Input.Password"] = password, ["Input.Folder"] = "INBOX",
            ["Input.ProcessedFolder"] = "Baton/Processed", ["Input.IsActive"] = "true",
            ["__RequestVerificationToken"] = ProjectsScenario.AntiforgeryToken().Match(page).Groups[1].Value,
        });
        using var response = await admin.PostAsync(new Uri("/Admin/Mailboxes?handler=Save", UriKind.Relative), form, ct);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Adding the mailbox failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    /// <summary>True, having said what to install, when this machine has no Dovecot for the IMAP scenarios.</summary>
    public static bool DovecotMissing()
    {
        if (Baton.Web.Tests.Mail.DovecotServer.Installed)
        {
            return false;
        }

        Console.Error.WriteLine($"{Baton.Web.Tests.Mail.DovecotServer.Executable} is missing: apt-get install dovecot-imapd.");
        return true;
    }

    /// <summary>A read-only look at Baton's SQLite file while Baton writes it (WAL: the reader never blocks the writer).</summary>
    public static SqliteConnection ReadOnly(string databasePath) => new($"Data Source={databasePath};Mode=ReadOnly;Pooling=False;Default Timeout=30");

    /// <summary>What the database holds about incoming mail, to compare with what was sent.</summary>
    public sealed record Counts(long Mails, long Filed, long NewTickets, long Replies, long Other, long Tickets, long ReplyMessages, long DistinctMessageIds, long Redeliveries)
    {
        public override string ToString() =>
            $"{Mails:N0} mails stored ({DistinctMessageIds:N0} distinct Message-IDs, {Filed:N0} filed: {NewTickets:N0} new tickets, {Replies:N0} replies, {Other:N0} other), " +
            $"{Tickets:N0} tickets, {ReplyMessages:N0} reply messages on tickets, {Redeliveries:N0} redeliveries recognised";
    }

    public static async Task<Counts> CountAsync(string databasePath, CancellationToken ct)
    {
        await using var connection = ReadOnly(databasePath);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        // Outcome: NewTicket = 1, Reply = 2 (InboundMailOutcome); State: Filed = 1. Reply messages are authored by a contact ("contact:<id>").
        command.CommandText = $"""
            SELECT COUNT(*),
                   COALESCE(SUM("State" = {(int)Baton.Web.Data.InboundMailState.Filed}), 0),
                   COALESCE(SUM("Outcome" = {(int)Baton.Web.Data.InboundMailOutcome.NewTicket}), 0),
                   COALESCE(SUM("Outcome" = {(int)Baton.Web.Data.InboundMailOutcome.Reply}), 0),
                   COALESCE(SUM("State" = {(int)Baton.Web.Data.InboundMailState.Filed} AND "Outcome" NOT IN ({(int)Baton.Web.Data.InboundMailOutcome.NewTicket}, {(int)Baton.Web.Data.InboundMailOutcome.Reply})), 0),
                   (SELECT COUNT(*) FROM "Tickets"),
                   (SELECT COUNT(*) FROM "TicketMessages" WHERE "AuthorId" LIKE 'contact:%'),
                   COUNT(DISTINCT "MessageId"),
                   COALESCE(SUM("Deliveries" - 1), 0)
            FROM "InboundMails"
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new Counts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8));
    }

    /// <summary>Message-ID → the number of the ticket it was filed on, for every filed mail.</summary>
    public static async Task<Dictionary<string, string>> FiledOnAsync(string databasePath, CancellationToken ct)
    {
        await using var connection = ReadOnly(databasePath);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT m."MessageId", t."Number" FROM "InboundMails" m JOIN "Tickets" t ON t."Id" = m."TicketId" WHERE m."MessageId" IS NOT NULL""";
        var filed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            filed[reader.GetString(0)] = reader.GetString(1);
        }

        return filed;
    }

    /// <summary>Polls <paramref name="done"/> every <paramref name="every"/> until it holds or <paramref name="limit"/> passes; false on the limit.</summary>
    public static async Task<bool> WaitUntilAsync(Func<Task<bool>> done, TimeSpan every, TimeSpan limit, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            if (waited.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(every, ct);
        }

        return true;
    }
}
