using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Domain.Tickets;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>Calendars, SLA policies and contracts: created, read, listed and replaced over the API.</summary>
public sealed class ServiceLevelsApiTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private static readonly string[] Exclusions = ["Personal devices", "Printers"];

    [Fact]
    public async Task Calendar_CreatedThenReplaced_IsReadBackAsSent()
    {
        using var api = await app.ApiAsAdministratorAsync();
        var name = Unique("UK office");
        var created = await api.PostCreatedAsync("/api/v1/calendars", Calendar(name,
            [new { day = "Monday", start = "08:00", end = "12:00" }, new { day = "Monday", start = "13:00", end = "17:30" }],
            holidays: [new { date = "2026-12-25", name = "Christmas Day", recursYearly = true }, new { date = "2027-01-01", name = "New Year", recursYearly = false }]));
        var id = created.GetProperty("id").GetInt32();

        var read = await api.GetOkAsync($"/api/v1/calendars/{id}");
        Assert.Equal(name, read.GetProperty("name").GetString());
        Assert.Equal("Europe/London", read.GetProperty("timeZoneId").GetString());
        Assert.False(read.GetProperty("isBuiltIn").GetBoolean());
        Assert.Equal(["Monday 08:00-12:00", "Monday 13:00-17:30"], read.GetProperty("hours").EnumerateArray()
            .Select(h => $"{h.GetProperty("day").GetString()} {h.GetProperty("start").GetString()}-{h.GetProperty("end").GetString()}"));
        Assert.Equal(2, read.GetProperty("holidays").GetArrayLength());
        Assert.Contains(read.GetProperty("holidays").EnumerateArray(), h => h.GetProperty("name").GetString() == "Christmas Day" && h.GetProperty("recursYearly").GetBoolean());

        var renamed = name + " (winter)";
        var replaced = await api.PutOkAsync($"/api/v1/calendars/{id}", Calendar(renamed, EveryDay("09:00", "24:00"), zone: "America/New_York"));
        Assert.Equal(renamed, replaced.GetProperty("name").GetString());
        Assert.Equal(7, replaced.GetProperty("hours").GetArrayLength());
        Assert.Equal("24:00", replaced.GetProperty("hours")[0].GetProperty("end").GetString());
        Assert.Equal(0, replaced.GetProperty("holidays").GetArrayLength());
        Assert.True(replaced.GetProperty("version").GetInt32() > created.GetProperty("version").GetInt32());

        var list = await api.GetOkAsync("/api/v1/calendars");
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("id").GetInt32() == id && c.GetProperty("timeZoneId").GetString() == "America/New_York");
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("isBuiltIn").GetBoolean());
    }

    [Fact]
    public async Task BuiltInCalendar_CannotBeReplaced()
    {
        using var api = await app.ApiAsAdministratorAsync();
        var builtIn = (await api.GetOkAsync("/api/v1/calendars")).EnumerateArray().Single(c => c.GetProperty("isBuiltIn").GetBoolean());

        var response = await api.PutAsJsonAsync($"/api/v1/calendars/{builtIn.GetProperty("id").GetInt32()}", Calendar("Not 24x7", EveryDay("09:00", "17:00")));

        var errors = await ProblemErrorsAsync(response, "built-in calendar");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.Equal("24×7", (await api.GetOkAsync($"/api/v1/calendars/{builtIn.GetProperty("id").GetInt32()}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Policy_CreatedThenReplaced_KeepsTargetsInMinutes()
    {
        using var api = await app.ApiAsAdministratorAsync();
        var calendarId = await api.CreateCalendarAsync(Unique("Policy calendar"), EveryDay("08:00", "18:00"));
        var name = Unique("Gold");
        var targets = new object[]
        {
            new { priority = "P1", firstResponseMinutes = 15, resolutionMinutes = 240 },
            new { priority = "P2", firstResponseMinutes = 30, resolutionMinutes = 480 },
            new { priority = "P3", firstResponseMinutes = 120, resolutionMinutes = 1440 },
            new { priority = "P4", firstResponseMinutes = 480, resolutionMinutes = 4320 },
        };
        var created = await api.PostCreatedAsync("/api/v1/sla-policies", Policy(name, calendarId, targets: targets));
        var id = created.GetProperty("id").GetInt32();

        var read = await api.GetOkAsync($"/api/v1/sla-policies/{id}");
        Assert.Equal(calendarId, read.GetProperty("calendarId").GetInt32());
        Assert.Equal(75, read.GetProperty("warningPercent").GetInt32());
        Assert.False(read.GetProperty("isDefault").GetBoolean());
        Assert.Equal(["AwaitingCustomer"], read.GetProperty("pausingStatuses").EnumerateArray().Select(s => s.GetString()));
        var p1 = read.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("priority").GetString() == "P1");
        Assert.Equal(15, p1.GetProperty("firstResponseMinutes").GetInt32());
        Assert.Equal(240, p1.GetProperty("resolutionMinutes").GetInt32());

        var replaced = await api.PutOkAsync($"/api/v1/sla-policies/{id}", new
        {
            name, calendarId, warningPercent = 80, pausingStatuses = Array.Empty<string>(), targets = Targets(45, 600), isDefault = false,
        });
        Assert.Equal(80, replaced.GetProperty("warningPercent").GetInt32());
        Assert.Equal(0, replaced.GetProperty("pausingStatuses").GetArrayLength());
        Assert.All(replaced.GetProperty("targets").EnumerateArray(), t => Assert.Equal(600, t.GetProperty("resolutionMinutes").GetInt32()));
        Assert.Contains((await api.GetOkAsync("/api/v1/sla-policies")).EnumerateArray(), p => p.GetProperty("id").GetInt32() == id);
    }

    [Fact]
    public async Task MakingAPolicyTheDefault_TakesTheDefaultFromTheOther_AndTheDefaultCannotBeSwitchedOff()
    {
        using var api = await app.ApiAsAdministratorAsync();
        var standard = (await api.GetOkAsync("/api/v1/sla-policies")).EnumerateArray().Single(p => p.GetProperty("isDefault").GetBoolean());
        var standardId = standard.GetProperty("id").GetInt32();
        var calendarId = standard.GetProperty("calendarId").GetInt32();
        var name = Unique("New default");
        try
        {
            var created = await api.PostCreatedAsync("/api/v1/sla-policies", Policy(name, calendarId, isDefault: true));
            var id = created.GetProperty("id").GetInt32();

            var defaults = (await api.GetOkAsync("/api/v1/sla-policies")).EnumerateArray().Where(p => p.GetProperty("isDefault").GetBoolean()).ToList();
            Assert.Equal(id, Assert.Single(defaults).GetProperty("id").GetInt32());

            var switchedOff = await api.PutAsJsonAsync($"/api/v1/sla-policies/{id}", Policy(name, calendarId, isDefault: false));
            Assert.True((await ProblemErrorsAsync(switchedOff, "switching the default off")).TryGetProperty("isDefault", out _));
            Assert.True((await api.GetOkAsync($"/api/v1/sla-policies/{id}")).GetProperty("isDefault").GetBoolean());
        }
        finally
        {
            await api.PutOkAsync($"/api/v1/sla-policies/{standardId}", new
            {
                name = standard.GetProperty("name").GetString(), calendarId, warningPercent = standard.GetProperty("warningPercent").GetInt32(),
                pausingStatuses = standard.GetProperty("pausingStatuses"), targets = standard.GetProperty("targets"), isDefault = true,
            });
        }

        Assert.Equal(1, await app.WithDbAsync(db => db.SlaPolicies.CountAsync(p => p.IsDefault)));
    }

    [Fact]
    public async Task Contract_CreatedListedAndReplaced_WithStatusAndCoverage()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsAdministratorAsync();
        var policyId = (await api.GetOkAsync("/api/v1/sla-policies")).EnumerateArray().First().GetProperty("id").GetInt32();
        var calendarId = await api.CreateCalendarAsync(Unique("Coverage"), EveryDay("07:00", "19:00"));
        var categoryId = await app.WithDbAsync(async db =>
        {
            var category = new Baton.Domain.Teams.Category(Unique("Email"));
            db.Categories.Add(category);
            await db.SaveChangesAsync();
            return category.Id;
        });
        var today = TodayUtc;

        var ended = await api.PostCreatedAsync($"/api/v1/clients/{client.ClientId}/contracts", new
        {
            name = "Pilot", startsOn = Iso(today.AddYears(-2)), endsOn = Iso(today.AddYears(-1)), slaPolicyId = policyId,
        });
        var current = await api.PostCreatedAsync($"/api/v1/clients/{client.ClientId}/contracts", new
        {
            name = "Managed service", startsOn = Iso(today.AddDays(-10)), endsOn = Iso(today.AddYears(1)), slaPolicyId = policyId,
            coverageCalendarId = calendarId, coveredCategoryIds = new[] { categoryId }, coveredItemIds = new[] { client.ConfigurationItemId },
            exclusions = Exclusions,
        });
        var upcoming = await api.PostCreatedAsync($"/api/v1/clients/{client.ClientId}/contracts", new
        {
            name = "Renewal", startsOn = Iso(today.AddYears(1).AddDays(1)), slaPolicyId = policyId,
        });

        Assert.Equal("Ended", ended.GetProperty("status").GetString());
        Assert.Equal("InForce", current.GetProperty("status").GetString());
        Assert.Equal("Upcoming", upcoming.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, upcoming.GetProperty("endsOn").ValueKind);

        var read = await api.GetOkAsync($"/api/v1/contracts/{current.GetProperty("id").GetInt32()}");
        Assert.Equal(client.ClientId, read.GetProperty("clientId").GetInt32());
        Assert.Equal(calendarId, read.GetProperty("coverageCalendarId").GetInt32());
        Assert.Equal([categoryId], read.GetProperty("coveredCategoryIds").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([client.ConfigurationItemId], read.GetProperty("coveredItemIds").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["Personal devices", "Printers"], read.GetProperty("exclusions").EnumerateArray().Select(e => e.GetString()));

        var list = await api.GetOkAsync($"/api/v1/clients/{client.ClientId}/contracts");
        Assert.Equal(["Pilot", "Managed service", "Renewal"], list.EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        // Shortening the current contract is fine; it no longer needs the renewal to wait.
        var replaced = await api.PutOkAsync($"/api/v1/contracts/{current.GetProperty("id").GetInt32()}", new
        {
            name = "Managed service (short)", startsOn = Iso(today.AddDays(-10)), endsOn = Iso(today.AddMonths(6)), slaPolicyId = policyId,
        });
        Assert.Equal("Managed service (short)", replaced.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("coverageCalendarId").ValueKind);
        Assert.Equal(0, replaced.GetProperty("coveredItemIds").GetArrayLength());
    }

    [Fact]
    public async Task UnknownIds_Are404()
    {
        using var api = await app.ApiAsAdministratorAsync();
        var policyId = (await api.GetOkAsync("/api/v1/sla-policies")).EnumerateArray().First().GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/calendars/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync("/api/v1/calendars/999999", Calendar(Unique("x"), EveryDay("09:00", "17:00")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/sla-policies/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync("/api/v1/sla-policies/999999", Policy(Unique("x"), 1))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/clients/999999/contracts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync("/api/v1/clients/999999/contracts", new { name = "x", startsOn = "2030-01-01", slaPolicyId = policyId })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/contracts/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync("/api/v1/contracts/999999", new { name = "x", startsOn = "2030-01-01", slaPolicyId = policyId })).StatusCode);
    }

    [Fact]
    public async Task TheEndpoints_AreInTheOpenApiDocument()
    {
        using var http = app.CreateClient();
        var paths = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");

        foreach (var (path, verbs) in new[]
        {
            ("/api/v1/calendars", new[] { "get", "post" }), ("/api/v1/calendars/{calendarId}", ["get", "put"]),
            ("/api/v1/sla-policies", ["get", "post"]), ("/api/v1/sla-policies/{policyId}", ["get", "put"]),
            ("/api/v1/clients/{clientId}/contracts", ["get", "post"]), ("/api/v1/contracts/{contractId}", ["get", "put"]),
        })
        {
            var found = paths.EnumerateObject().FirstOrDefault(p => p.Name.TrimEnd('/') == path);
            Assert.True(found.Value.ValueKind == JsonValueKind.Object, $"{path} is not in the OpenAPI document");
            Assert.All(verbs, v => Assert.True(found.Value.TryGetProperty(v, out _), $"{v} {path} is not in the OpenAPI document"));
        }
    }

    [Fact]
    public async Task PausingStatuses_AreReadAsNames()
    {
        using var api = await app.ApiAsAdministratorAsync();
        var calendarId = await api.CreateCalendarAsync(Unique("Pausing"), EveryDay("00:00", "24:00"), zone: "UTC");

        var created = await api.PostCreatedAsync("/api/v1/sla-policies", new
        {
            name = Unique("Pausing"), calendarId, warningPercent = 50,
            pausingStatuses = new[] { nameof(TicketStatus.AwaitingCustomer), nameof(TicketStatus.New) }, targets = Targets(),
        });

        Assert.Equal(["New", "AwaitingCustomer"], created.GetProperty("pausingStatuses").EnumerateArray().Select(s => s.GetString()));
    }
}
