using System.Globalization;
using System.Text;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.ServiceLevels.ServiceLevelSetup;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>Every bad calendar, policy or contract is a 400 problem naming the field, and nothing is saved.</summary>
public sealed class BadServiceLevelInputTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private const string Week = "[{\"day\":\"Monday\",\"start\":\"09:00\",\"end\":\"17:00\"}]";

    private static string Targets(string p1 = "30,240", string p2 = "60,480", string p3 = "240,1440", string p4 = "480,4320") =>
        "[" + string.Join(",", new[] { ("P1", p1), ("P2", p2), ("P3", p3), ("P4", p4) }.Where(t => t.Item2.Length > 0).Select(t =>
            $"{{\"priority\":\"{t.Item1}\",\"firstResponseMinutes\":{t.Item2.Split(',')[0]},\"resolutionMinutes\":{t.Item2.Split(',')[1]}}}")) + "]";

    private static string Calendar(string hours, string zone = "Europe/London", string holidays = "[]") =>
        $"{{\"name\":\"{{name}}\",\"timeZoneId\":\"{zone}\",\"hours\":{hours},\"holidays\":{holidays}}}";

    private static string Policy(string targets, int warning = 75, string calendar = "{calendar}", string pausing = "[\"AwaitingCustomer\"]") =>
        $"{{\"name\":\"{{name}}\",\"calendarId\":{calendar},\"warningPercent\":{warning},\"pausingStatuses\":{pausing},\"targets\":{targets}}}";

    private static string Contract(string startsOn = "2031-01-01", string endsOn = "null", string policy = "{policy}", string extra = "") =>
        $"{{\"name\":\"{{name}}\",\"startsOn\":\"{startsOn}\",\"endsOn\":{endsOn},\"slaPolicyId\":{policy}{extra}}}";

    public static TheoryData<string, string, string, string> BadInputs => new()
    {
        // case, where to POST ({client} is a client with one contract for 2030), JSON body, field named in errors
        { "overlapping working intervals", "/api/v1/calendars", Calendar("[{\"day\":\"Monday\",\"start\":\"08:00\",\"end\":\"12:00\"},{\"day\":\"Monday\",\"start\":\"11:00\",\"end\":\"13:00\"}]"), "hours" },
        { "interval ending before it starts", "/api/v1/calendars", Calendar("[{\"day\":\"Tuesday\",\"start\":\"17:00\",\"end\":\"08:00\"}]"), "hours" },
        { "unknown time zone", "/api/v1/calendars", Calendar(Week, zone: "Mars/Olympus_Mons"), "timeZoneId" },
        { "no working time", "/api/v1/calendars", Calendar("[]"), "hours" },
        { "not a time of day", "/api/v1/calendars", Calendar("[{\"day\":\"Monday\",\"start\":\"9am\",\"end\":\"17:00\"}]"), "hours[0].start" },
        { "holiday without a name", "/api/v1/calendars", Calendar(Week, holidays: "[{\"date\":\"2026-12-25\",\"name\":\" \"}]"), "holidays" },
        { "calendar without a name", "/api/v1/calendars", Calendar(Week).Replace("{name}", " ", StringComparison.Ordinal), "name" },
        { "zero target", "/api/v1/sla-policies", Policy(Targets(p1: "0,240")), "targets.P1" },
        { "negative target", "/api/v1/sla-policies", Policy(Targets(p2: "60,-480")), "targets.P2" },
        { "response longer than resolution", "/api/v1/sla-policies", Policy(Targets(p3: "1500,1440")), "targets.P3" },
        { "a priority without targets", "/api/v1/sla-policies", Policy(Targets(p4: "")), "targets.P4" },
        { "warning 0 %", "/api/v1/sla-policies", Policy(Targets(), warning: 0), "warningPercent" },
        { "warning 100 %", "/api/v1/sla-policies", Policy(Targets(), warning: 100), "warningPercent" },
        { "unknown calendar", "/api/v1/sla-policies", Policy(Targets(), calendar: "999999"), "calendarId" },
        { "Resolved pausing a clock", "/api/v1/sla-policies", Policy(Targets(), pausing: "[\"Resolved\"]"), "pausingStatuses" },
        { "name of another policy", "/api/v1/sla-policies", Policy(Targets()).Replace("{name}", "standard", StringComparison.Ordinal), "name" },
        { "contract ending before it starts", "/api/v1/clients/{client}/contracts", Contract("2031-06-01", "\"2031-05-31\""), "endsOn" },
        { "contract overlapping another of the client", "/api/v1/clients/{client}/contracts", Contract("2029-07-01", "\"2030-02-01\""), "startsOn" },
        { "open-ended contract before another", "/api/v1/clients/{client}/contracts", Contract("2029-01-01"), "startsOn" },
        { "unknown policy", "/api/v1/clients/{client}/contracts", Contract(policy: "999999"), "slaPolicyId" },
        { "unknown coverage calendar", "/api/v1/clients/{client}/contracts", Contract(extra: ",\"coverageCalendarId\":999999"), "coverageCalendarId" },
        { "another client's configuration item", "/api/v1/clients/{client}/contracts", Contract(extra: ",\"coveredItemIds\":[{otherItem}]"), "coveredItemIds" },
        { "unknown category", "/api/v1/clients/{client}/contracts", Contract(extra: ",\"coveredCategoryIds\":[999999]"), "coveredCategoryIds" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInput_IsAProblemNamingTheField_AndSavesNothing(string name, string url, string body, string field)
    {
        using var api = await app.ApiAsAdministratorAsync();
        var client = await app.CreateClientAsync();
        var other = await app.CreateClientAsync();
        var policyId = await app.WithDbAsync(db => db.SlaPolicies.Where(p => p.IsDefault).Select(p => p.Id).SingleAsync());
        var calendarId = await app.WithDbAsync(db => db.ServiceCalendars.Where(c => c.IsBuiltIn).Select(c => c.Id).SingleAsync());
        await api.CreateContractAsync(client.ClientId, policyId, new DateOnly(2030, 1, 1), new DateOnly(2030, 12, 31));
        var before = await CountsAsync();
        string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
        var json = body.Replace("{name}", Unique("Bad"), StringComparison.Ordinal).Replace("{policy}", Id(policyId), StringComparison.Ordinal)
            .Replace("{calendar}", Id(calendarId), StringComparison.Ordinal).Replace("{otherItem}", Id(other.ConfigurationItemId), StringComparison.Ordinal);

        var response = await api.PostAsync(url.Replace("{client}", Id(client.ClientId), StringComparison.Ordinal), new StringContent(json, Encoding.UTF8, "application/json"));

        var errors = await ProblemErrorsAsync(response, name);
        Assert.True(errors.TryGetProperty(field, out var messages), $"{name}: expected errors.{field} in {errors}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task AnEditThatOverlapsAnotherContract_IsRefused_AndChangesNothing()
    {
        using var api = await app.ApiAsAdministratorAsync();
        var client = await app.CreateClientAsync();
        var policyId = await app.WithDbAsync(db => db.SlaPolicies.Where(p => p.IsDefault).Select(p => p.Id).SingleAsync());
        await api.CreateContractAsync(client.ClientId, policyId, new DateOnly(2030, 1, 1), new DateOnly(2030, 12, 31));
        var later = await api.CreateContractAsync(client.ClientId, policyId, new DateOnly(2031, 1, 1));

        var response = await api.PutAsync($"/api/v1/contracts/{later}", new StringContent(
            $"{{\"name\":\"Later\",\"startsOn\":\"2030-12-01\",\"slaPolicyId\":{policyId}}}", Encoding.UTF8, "application/json"));

        var errors = await ProblemErrorsAsync(response, "overlapping edit");
        Assert.Contains("overlaps", errors.GetProperty("startsOn")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2031, 1, 1), await app.WithDbAsync(db => db.Contracts.Where(c => c.Id == later).Select(c => c.StartsOn).SingleAsync()));
    }

    [Fact]
    public async Task ABadCalendarEdit_LeavesTheCalendarAsItWas()
    {
        using var api = await app.ApiAsAdministratorAsync();
        var id = await api.CreateCalendarAsync(Unique("Steady"), EveryDay("09:00", "17:00"));
        var hoursBefore = await app.WithDbAsync(db => db.ServiceCalendars.Where(c => c.Id == id).Select(c => c.HoursText).SingleAsync());

        var response = await api.PutAsync($"/api/v1/calendars/{id}", new StringContent(Calendar("[]").Replace("{name}", "Steady", StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        Assert.True((await ProblemErrorsAsync(response, "no hours")).TryGetProperty("hours", out _));
        Assert.Equal(hoursBefore, await app.WithDbAsync(db => db.ServiceCalendars.Where(c => c.Id == id).Select(c => c.HoursText).SingleAsync()));
    }

    private Task<(int Calendars, int Policies, int Contracts)> CountsAsync() => app.WithDbAsync(async db =>
        (await db.ServiceCalendars.CountAsync(), await db.SlaPolicies.CountAsync(), await db.Contracts.CountAsync()));
}
