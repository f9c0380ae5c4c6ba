using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.ServiceLevels;

/// <summary>Arranging calendars, policies and contracts through the API, for the service-level tests.</summary>
internal static class ServiceLevelSetup
{
    public static string Unique(string stem) => $"{stem} {Guid.NewGuid().ToString("N")[..8]}";

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly TodayUtc => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    public static async Task<HttpClient> ApiAsAdministratorAsync(this BatonAppFactory app) =>
        await app.ApiAsAsync(await app.CreateUserAsync(Roles.Administrator));

    /// <summary>Every day of the week from <paramref name="start"/> to <paramref name="end"/>, as the API takes hours.</summary>
    public static object[] EveryDay(string start, string end) =>
        [.. Enum.GetValues<DayOfWeek>().Select(d => new { day = d.ToString(), start, end })];

    public static object Calendar(string name, object[] hours, string zone = "Europe/London", object[]? holidays = null) =>
        new { name, timeZoneId = zone, hours, holidays = holidays ?? [] };

    private static readonly string[] Priorities = ["P1", "P2", "P3", "P4"];

    public static object[] Targets(int response = 60, int resolution = 480) =>
        [.. Priorities.Select(p => new { priority = p, firstResponseMinutes = response, resolutionMinutes = resolution })];

    public static object Policy(string name, int calendarId, bool isDefault = false, object[]? targets = null) =>
        new { name, calendarId, warningPercent = 75, pausingStatuses = new[] { "AwaitingCustomer" }, targets = targets ?? Targets(), isDefault };

    public static async Task<JsonElement> PostCreatedAsync(this HttpClient api, string url, object body)
    {
        var response = await api.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {url} → {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> PutOkAsync(this HttpClient api, string url, object body)
    {
        var response = await api.PutAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {url} → {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetOkAsync(this HttpClient api, string url)
    {
        var response = await api.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<int> CreateCalendarAsync(this HttpClient api, string name, object[] hours, string zone = "Europe/London") =>
        (await api.PostCreatedAsync("/api/v1/calendars", Calendar(name, hours, zone))).GetProperty("id").GetInt32();

    public static async Task<int> CreatePolicyAsync(this HttpClient api, string name, int calendarId, object[]? targets = null) =>
        (await api.PostCreatedAsync("/api/v1/sla-policies", Policy(name, calendarId, targets: targets))).GetProperty("id").GetInt32();

    public static async Task<int> CreateContractAsync(this HttpClient api, int clientId, int policyId, DateOnly startsOn, DateOnly? endsOn = null, int? coverageCalendarId = null) =>
        (await api.PostCreatedAsync($"/api/v1/clients/{clientId}/contracts", new
        {
            name = Unique("Contract"), startsOn = Iso(startsOn), endsOn = endsOn is { } e ? Iso(e) : null, slaPolicyId = policyId, coverageCalendarId,
        })).GetProperty("id").GetInt32();

    /// <summary>The "errors" member of a problem response, after checking it is a 400 problem.</summary>
    public static async Task<JsonElement> ProblemErrorsAsync(HttpResponseMessage response, string because)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{because}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.True(problem.TryGetProperty("errors", out var errors), $"{because}: no errors in {text}");
        return errors;
    }

    /// <summary>The inline message of a form field (the validation span the page renders for it).</summary>
    public static string FieldError(string html, string key)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, $"data-valmsg-for=\"{System.Text.RegularExpressions.Regex.Escape(key)}\"[^>]*>([^<]*)<");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : "";
    }
}
