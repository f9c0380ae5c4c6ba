using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Baton.Domain.Clients;
using Baton.Domain.Teams;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.Infrastructure;

/// <summary>
/// Baton in-process over a real database (SQLite file, or PostgreSQL when BATON_TEST_POSTGRES is set), migrated
/// by its own startup. Intent methods arrange the world (clients, agents, tokens); tests act through HTTP.
/// One factory per test class (IClassFixture); tests in a class create their own clients so they do not collide.
/// </summary>
public sealed partial class BatonAppFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@baton.test";
    public const string AdminPassword = "Admin-password-1";
    public const string UserPassword = "User-password-1";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "baton-tests", Guid.NewGuid().ToString("N"));
    private readonly string? _postgresDatabase = TestDatabase.IsPostgres ? "baton_test_" + Guid.NewGuid().ToString("N")[..12] : null;
    private int _sequence;

    public string DataDirectory => _dataDirectory;

    /// <summary>This app's own PostgreSQL database on the test server, in the PostgreSQL pass.</summary>
    public string? PostgresDatabase => _postgresDatabase;

    /// <summary>Extra configuration a test class wants (e.g. a small attachment limit).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Services a test class replaces after the app's own registrations (e.g. a <see cref="SettableClock"/>).</summary>
    public List<Action<IServiceCollection>> TestServices { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Baton:DataDirectory", _dataDirectory);
        builder.UseSetting("Baton:AdminEmail", AdminEmail);
        builder.UseSetting("Baton:AdminPassword", AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Baton:WarmUp", "false"); // WarmUpTests turn it on; elsewhere it would only slow each app's start
        // Some tests provoke database errors on purpose (unique races, append-only triggers); the assertions say what matters.
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "None");
        // TestServer has no body-size feature; Kestrel enforces the limits (and the tests check the 413s).
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware", "Error");
        if (_postgresDatabase is not null)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Baton", $"{TestDatabase.PostgresServer};Database={_postgresDatabase}");
        }

        // The rules that act as time passes would act on tests that move a settable clock by days; automation tests run
        // the sweep themselves at the instant they choose.
        builder.UseSetting("Automation:SweepInterval", "01:00:00");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => TestServices.ForEach(replace => replace(services)));
    }

    /// <summary>
    /// False for a test about start-up itself: the host is then handed over while Baton may still be waiting for its
    /// database. Otherwise the factory returns only once the database is migrated and seeded (Baton migrates in the
    /// background and answers 503 meanwhile), and throws what start-up failed with.
    /// </summary>
    public bool WaitForReady { get; set; } = true;

    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (WaitForReady)
        {
            try
            {
                host.Services.GetRequiredService<DatabaseReadiness>().Ready.WaitAsync(TimeSpan.FromMinutes(3)).GetAwaiter().GetResult();
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }

        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgresDatabase is not null)
        {
            await TestDatabase.DropPostgresAsync(_postgresDatabase);
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown is not worth failing a test run over.
        }

        GC.SuppressFinalize(this);
    }

    public async Task<T> WithDbAsync<T>(Func<BatonDb, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<BatonDb>());
    }

    public Task WithDbAsync(Func<BatonDb, Task> work) => WithDbAsync(async db =>
    {
        await work(db);
        return true;
    });

    private string Unique(string stem) => $"{stem}{Interlocked.Increment(ref _sequence)}{Guid.NewGuid().ToString("N")[..4]}";

    // ---- Arrange: the world a test needs -----------------------------------------------------------------

    public sealed record ClientSetup(int ClientId, string Code, int ContactId, int SiteId, int ConfigurationItemId);

    /// <summary>A client with one site, one configuration item and one contact (the requester).</summary>
    public Task<ClientSetup> CreateClientAsync(string? name = null) => WithDbAsync(async db =>
    {
        var code = Unique("C").ToUpperInvariant();
        var client = new Client(name ?? "Client " + code, code);
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        var site = new Site(client.Id, "Head office", "1 Main Street");
        db.Sites.Add(site);
        await db.SaveChangesAsync();
        var contact = new Contact(client.Id, "Requester " + code, $"req.{code.ToLowerInvariant()}@example.test", null, null, site.Id);
        var item = new ConfigurationItem(client.Id, code + "-SRV01", "Server", site.Id);
        db.Contacts.Add(contact);
        db.ConfigurationItems.Add(item);
        await db.SaveChangesAsync();
        return new ClientSetup(client.Id, code, contact.Id, site.Id, item.Id);
    });

    public Task<int> CreateTeamAsync(string? name = null) => WithDbAsync(async db =>
    {
        var team = new Team(name ?? Unique("Team "), null);
        db.Teams.Add(team);
        await db.SaveChangesAsync();
        return team.Id;
    });

    public sealed record TestUser(string Id, string Email, string DisplayName, string Role, int? ClientId);

    public async Task<TestUser> CreateUserAsync(string role, ClientSetup? client = null, string? displayName = null)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BatonUser>>();
        var email = Unique(role.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()) + "@baton.test";
        var user = new BatonUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName ?? email.Split('@')[0],
            ClientId = client?.ClientId, ContactId = client?.ContactId,
        };
        var result = await users.CreateAsync(user, UserPassword);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return new TestUser(user.Id, email, user.DisplayName, role, client?.ClientId);
    }

    public Task<TestUser> CreateAgentAsync(string? displayName = null) => CreateUserAsync(Roles.Agent, null, displayName);

    public Task<TestUser> CreateContactUserAsync(ClientSetup client) => CreateUserAsync(Roles.ClientContact, client);

    /// <summary>An API token for the user, issued the way the profile page issues it (hash stored, token returned once).</summary>
    public Task<string> IssueTokenAsync(TestUser user) => WithDbAsync(async db =>
    {
        var (token, hash, prefix) = ApiTokens.Generate();
        db.ApiTokens.Add(new ApiToken { UserId = user.Id, Name = "test", Hash = hash, Prefix = prefix, CreatedAt = TimeProvider.System.GetUtcNow() });
        await db.SaveChangesAsync();
        return token;
    });

    /// <summary>
    /// Where this factory's clients send requests: TestServer's http://localhost, or under Kestrel the address it listens
    /// on (a Kestrel-hosted factory's clients are plain socket clients).
    /// </summary>
    public Uri ClientBaseAddress { get; set; } = new("http://localhost");

    /// <summary>An HTTP client that calls the API as the user (Bearer token).</summary>
    public async Task<HttpClient> ApiAsAsync(TestUser user)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientBaseAddress });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await IssueTokenAsync(user));
        return client;
    }

    public async Task<HttpClient> ApiAsNewAgentAsync() => await ApiAsAsync(await CreateAgentAsync());

    /// <summary>A browser-like client (cookies, no redirects followed) signed in through the real login form.</summary>
    public async Task<PageClient> SignInAsync(string email, string password)
    {
        var page = new PageClient(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientBaseAddress }));
        var response = await page.PostFormAsync("/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return page;
    }

    public async Task<PageClient> SignInAsAgentAsync() => await SignInAsync((await CreateAgentAsync()).Email, UserPassword);

    // ---- Act helpers through the API ----------------------------------------------------------------------

    public static async Task<TicketDto> OpenIncidentAsync(HttpClient api, ClientSetup client, string title = "Printer on fire", object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["title"] = title, ["clientId"] = client.ClientId, ["requesterId"] = client.ContactId, ["kind"] = "Incident" };
        if (extra is not null)
        {
            foreach (var p in extra.GetType().GetProperties())
            {
                body[JsonNamingPolicy.CamelCase.ConvertName(p.Name)] = p.GetValue(extra);
            }
        }

        var response = await api.PostAsJsonAsync("/api/v1/tickets", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TicketDto>(Json))!;
    }

    public sealed record TicketDto(long Id, string Number, string Kind, string Title, string Status, string Priority, int ClientId, int? TeamId, string? AssigneeId, int Version, string? ResolutionNote);
}

/// <summary>Posts forms the way a browser does: reads the antiforgery token from the page first.</summary>
public sealed partial class PageClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public Task<HttpResponseMessage> GetAsync(string url) => Http.GetAsync(url);

    public async Task<string> GetHtmlAsync(string url)
    {
        var response = await Http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>GETs <paramref name="formPage"/> (default: the post URL without query) for the token, then posts.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await Http.GetAsync(formPage ?? url.Split('?')[0]);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {formPage ?? url} ({(int)page.StatusCode})");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token.Groups[1].Value };
        return await Http.PostAsync(url, new FormUrlEncodedContent(form));
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
