using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Domain;
using Baton.Domain.Insight;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Projects;

/// <summary>What the project tests share: arranging projects through the API, reading pages, parsing feeds with an independent parser.</summary>
internal static partial class ProjectKit
{
    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    public static string Unique(string stem) => $"{stem} {Guid.NewGuid().ToString("N")[..6]}";

    public static Task<int> FirstTypeIdAsync(BatonAppFactory app) =>
        app.WithDbAsync(db => db.ProjectTypes.Where(t => t.IsActive).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync());

    public static Task SetTimeZoneAsync(BatonAppFactory app, ClientSetup client, string zone) => app.WithDbAsync(async db =>
    {
        var c = await db.Clients.SingleAsync(x => x.Id == client.ClientId);
        c.SetTimeZone(zone);
        await db.SaveChangesAsync();
    });

    /// <summary>Plans a project through the API (as <paramref name="api"/>, a staff caller) and returns it as JSON.</summary>
    public static async Task<JsonElement> PlanAsync(BatonAppFactory app, HttpClient api, ClientSetup client, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["clientId"] = client.ClientId, ["name"] = Unique("Network refresh"), ["projectTypeId"] = await FirstTypeIdAsync(app) };
        foreach (var p in extra?.GetType().GetProperties() ?? [])
        {
            body[JsonNamingPolicy.CamelCase.ConvertName(p.Name)] = p.GetValue(extra);
        }

        var response = await api.PostAsJsonAsync("/api/v1/projects", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} (expected {(int)expected}): {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The messages a problem-details response gives for one field.</summary>
    public static async Task<string> FieldProblemAsync(HttpResponseMessage response, string field)
    {
        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        var messages = default(JsonElement);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out messages), $"no error on '{field}': {problem}");
        return string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
    }

    public static Task<int> CountProjectsAsync(BatonAppFactory app, ClientSetup client) =>
        app.WithDbAsync(db => db.Projects.CountAsync(p => p.ClientId == client.ClientId));

    /// <summary>Records a technician's verdict on a ticket against a project, as the insight panel does.</summary>
    public static Task AttributeAsync(BatonAppFactory app, long ticketId, int projectId, AttributionVerdict verdict, string note, TestUser by, DateTimeOffset at) =>
        app.WithDbAsync(async db =>
        {
            db.ProjectAttributions.Add(new ProjectAttribution(ticketId, projectId, verdict, note, new Actor(by.Id, by.DisplayName), at));
            await db.SaveChangesAsync();
        });

    /// <summary>The text of the inline message on a form field (the span asp-validation-for renders), or null.</summary>
    public static string? FieldError(string html, string key)
    {
        var match = Regex.Match(html, "data-valmsg-for=\"" + Regex.Escape(key) + "\"[^>]*>(.*?)</span>", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(Regex.Replace(match.Groups[1].Value, "<[^>]+>", "")).Trim() : null;
    }

    public static string Alert(string html)
    {
        var match = Regex.Match(html, "<p class=\"alert\" role=\"alert\">(.*?)</p>", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : "";
    }

    public static string Text(string html) => WebUtility.HtmlDecode(Regex.Replace(html, "\\s+", " "));

    // ---- iCalendar through an independent parser ----------------------------------------------------

    public sealed record ParsedEvent(string Uid, string Summary, DateTimeOffset Start, DateTimeOffset End, int Sequence, string Status, string Location, string Description, DateTimeOffset Stamp);

    public sealed record ParsedCalendar(string Version, string ProdId, IReadOnlyList<ParsedEvent> Events);

    /// <summary>
    /// Parses the feed with Ical.Net, a parser Baton does not write with (Baton writes with <c>IcsWriter</c>; should it ever
    /// write with Ical.Net, read with another parser here), and checks the RFC 5545 framing parsers are lenient about: CRLF
    /// everywhere, no physical line over 75 octets, the calendar closed.
    /// </summary>
    public static Task<ParsedCalendar> ParseIcsAsync(byte[] ics)
    {
        var text = System.Text.Encoding.UTF8.GetString(ics);
        Assert.DoesNotMatch("[^\r]\n", text);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", text, StringComparison.Ordinal);
        foreach (var line in text.Split("\r\n"))
        {
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, $"line longer than 75 octets: {line}");
        }

        var calendar = Ical.Net.Calendar.Load(text);
        Assert.NotNull(calendar);
        return Task.FromResult(new ParsedCalendar(
            calendar.Version ?? "",
            calendar.ProductId ?? "",
            calendar.Events.Select(e => new ParsedEvent(
                e.Uid!, e.Summary!, Utc(e.DtStart, "DTSTART"), Utc(e.DtEnd, "DTEND"), e.Sequence, e.Status!, e.Location ?? "",
                e.Description ?? "", Utc(e.DtStamp, "DTSTAMP"))).ToList()));
    }

    /// <summary>The instant of a date-time the feed must write in UTC (a trailing Z), as a DateTimeOffset at offset zero.</summary>
    private static DateTimeOffset Utc(Ical.Net.DataTypes.CalDateTime? value, string property)
    {
        Assert.True(value is { IsUtc: true, HasTime: true }, $"{property} is not a UTC date-time: {value}");
        return new DateTimeOffset(DateTime.SpecifyKind(value.Value, DateTimeKind.Utc));
    }
}
