using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Baton.Domain.ServiceLevels;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>
/// A month of tickets driven through the API on a manual clock, for the compliance report tests. All clocks run on the
/// default 24×7 calendar (elapsed = wall time minus pauses). Standard policy: P2 respond 60 min, resolve 480 min;
/// P3 respond 240, resolve 1440. Contract "Gold 2027" of Northwind is in force from 2027-03-04, so T4–T7 run under it.
/// The report is read at <see cref="ReadAt"/>, 2027-04-01 09:00 UTC: the default period is March 2027.
/// <code>
///                                                     first response            resolution
/// T0 Northwind P2 02-28 23:59  untouched              (before the period: out)
/// T1 Northwind P2 03-01 09:00  ack 09:30, resolve 13:00       30 Met              240 Met
/// T2 Northwind P2 03-02 09:00  ack 10:30, start 10:30, await customer 11:00, resume 15:00, resolve 17:00
///                                                             90 Missed (+30)     480 − 240 paused = 240 Met
/// T3 Northwind P3 03-03 09:00  reply 10:00, ack 11:00, resolve 03-04 13:00
///                                                             60 Met (the reply)  1680 Missed (+240)
/// T4 Northwind P2 03-04 09:00  untouched, 28 days to 04-01 09:00
///                                                          40320 Breached         40320 Breached
/// T5 Northwind P2 03-05 09:00  ack 09:10, start 09:10, await customer 10:10 (still)
///                                                             10 Met               70 Pending (paused)
/// T6 Northwind P2 03-06 09:00  ack 09:20, resolve 11:00, reopen 12:00, resolve 14:00
///                                                             20 Met              120 + 120 = 240 Met
/// T7 Northwind P3 03-31 23:30  ack 23:40 (last day, inclusive)
///                                                             10 Met              570 Pending (running)
/// T8 Northwind P2 04-01 00:00  untouched              (after the period: out)
/// C1 Contoso   P2 03-10 09:00  ack 09:05, 22 days to 04-01 09:00
///                                                              5 Met            31680 Breached
/// </code>
/// </summary>
public sealed class ComplianceReportWorld : IAsyncLifetime
{
    public static readonly DateTimeOffset ReadAt = At("2027-04-01 09:00");

    private readonly Dictionary<string, string> _numbers = [];
    private string _agentToken = "";

    public BatonAppFactory App { get; } = new();

    public SettableClock Clock { get; } = new(At("2027-02-28 23:59"));

    /// <summary>Baton on the same database with <see cref="Clock"/> as its time: the host every request in these tests goes to.</summary>
    public WebApplicationFactory<Program> Clocked { get; private set; } = default!;

    public BatonAppFactory.ClientSetup Northwind { get; private set; } = default!;
    public BatonAppFactory.ClientSetup Contoso { get; private set; } = default!;
    public int GoldContractId { get; private set; }
    public int ContosoContractId { get; private set; }
    public BatonAppFactory.TestUser Agent { get; private set; } = default!;
    public BatonAppFactory.TestUser NorthwindContact { get; private set; } = default!;

    /// <summary>"T3" → its ticket number.</summary>
    public string Number(string name) => _numbers[name];

    public async Task InitializeAsync()
    {
        Clocked = App.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock)));
        Northwind = await App.CreateClientAsync("Northwind Traders");
        Contoso = await App.CreateClientAsync("Contoso");
        GoldContractId = await AddContractAsync(Northwind, "Gold 2027", new DateOnly(2027, 3, 4));
        ContosoContractId = await AddContractAsync(Contoso, "Contoso Basic", new DateOnly(2028, 1, 1));
        Agent = await App.CreateAgentAsync("Report Agent");
        NorthwindContact = await App.CreateContactUserAsync(Northwind);
        _agentToken = await App.IssueTokenAsync(Agent);
        using var api = Api(_agentToken);

        await OpenAsync(api, "T0", Northwind, "P2", "2027-02-28 23:59");

        await OpenAsync(api, "T1", Northwind, "P2", "2027-03-01 09:00");
        await MoveAsync(api, "T1", "Acknowledge", "2027-03-01 09:30");
        await MoveAsync(api, "T1", "Resolve", "2027-03-01 13:00");

        await OpenAsync(api, "T2", Northwind, "P2", "2027-03-02 09:00");
        await MoveAsync(api, "T2", "Acknowledge", "2027-03-02 10:30");
        await MoveAsync(api, "T2", "StartWork", "2027-03-02 10:30");
        await MoveAsync(api, "T2", "AwaitCustomer", "2027-03-02 11:00");
        await MoveAsync(api, "T2", "Resume", "2027-03-02 15:00");
        await MoveAsync(api, "T2", "Resolve", "2027-03-02 17:00");

        await OpenAsync(api, "T3", Northwind, "P3", "2027-03-03 09:00");
        await ReplyAsync(api, "T3", "2027-03-03 10:00");
        await MoveAsync(api, "T3", "Acknowledge", "2027-03-03 11:00");
        await MoveAsync(api, "T3", "Resolve", "2027-03-04 13:00");

        await OpenAsync(api, "T4", Northwind, "P2", "2027-03-04 09:00");

        await OpenAsync(api, "T5", Northwind, "P2", "2027-03-05 09:00");
        await MoveAsync(api, "T5", "Acknowledge", "2027-03-05 09:10");
        await MoveAsync(api, "T5", "StartWork", "2027-03-05 09:10");
        await MoveAsync(api, "T5", "AwaitCustomer", "2027-03-05 10:10");

        await OpenAsync(api, "T6", Northwind, "P2", "2027-03-06 09:00");
        await MoveAsync(api, "T6", "Acknowledge", "2027-03-06 09:20");
        await MoveAsync(api, "T6", "Resolve", "2027-03-06 11:00");
        await MoveAsync(api, "T6", "Reopen", "2027-03-06 12:00");
        await MoveAsync(api, "T6", "Resolve", "2027-03-06 14:00");

        await OpenAsync(api, "C1", Contoso, "P2", "2027-03-10 09:00");
        await MoveAsync(api, "C1", "Acknowledge", "2027-03-10 09:05");

        await OpenAsync(api, "T7", Northwind, "P3", "2027-03-31 23:30");
        await MoveAsync(api, "T7", "Acknowledge", "2027-03-31 23:40");

        await OpenAsync(api, "T8", Northwind, "P2", "2027-04-01 00:00");

        Clock.Set(ReadAt);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>The API as the agent, on the clocked host.</summary>
    public HttpClient AgentApi() => Api(_agentToken);

    public async Task<HttpClient> ContactApiAsync() => Api(await App.IssueTokenAsync(NorthwindContact));

    /// <summary>A browser-like client on the clocked host, signed in through the login form.</summary>
    public async Task<PageClient> SignInAsync(BatonAppFactory.TestUser user)
    {
        var page = new PageClient(Clocked.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var response = await page.PostFormAsync("/Account/Login", new() { ["Input.Email"] = user.Email, ["Input.Password"] = BatonAppFactory.UserPassword });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return page;
    }

    public static DateTimeOffset At(string utc) =>
        DateTimeOffset.ParseExact(utc, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    private HttpClient Api(string token)
    {
        var client = Clocked.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private Task<int> AddContractAsync(BatonAppFactory.ClientSetup client, string name, DateOnly startsOn) => App.WithDbAsync(async db =>
    {
        // Contracts have no API yet; arrange one the way the admin page will store it.
        var policy = await db.SlaPolicies.SingleAsync(p => p.IsDefault);
        var contract = new Contract(client.ClientId, new ContractTerms(name, startsOn, null, policy.Id, null, [], [], null));
        db.Contracts.Add(contract);
        await db.SaveChangesAsync();
        return contract.Id;
    });

    private async Task OpenAsync(HttpClient api, string name, BatonAppFactory.ClientSetup client, string priority, string at)
    {
        Clock.Set(At(at));
        // Default matrix: High × Medium is P2, Medium × Medium is P3.
        var (impact, urgency) = priority == "P2" ? ("High", "Medium") : ("Medium", "Medium");
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client, $"{name} {client.Code}", new { Impact = impact, Urgency = urgency });
        Assert.Equal(priority, ticket.Priority);
        _numbers[name] = ticket.Number;
    }

    private async Task MoveAsync(HttpClient api, string name, string transition, string at)
    {
        Clock.Set(At(at));
        var note = transition switch { "Resolve" => "Fixed.", "Reopen" => "Still broken.", _ => null };
        var response = await api.PostAsJsonAsync($"/api/v1/tickets/{Number(name)}/transitions", new { transition, note });
        Assert.True(response.IsSuccessStatusCode, $"{transition} {name}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task ReplyAsync(HttpClient api, string name, string at)
    {
        Clock.Set(At(at));
        var response = await api.PostAsJsonAsync($"/api/v1/tickets/{Number(name)}/messages", new { body = "Looking into it.", @internal = false });
        Assert.True(response.IsSuccessStatusCode, $"reply {name}: {await response.Content.ReadAsStringAsync()}");
    }
}
