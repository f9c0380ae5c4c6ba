using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baton.Web.Tests.BadInput;
using Baton.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Baton.Web.Tests.Security;

/// <summary>
/// Every endpoint the app maps (API routes from the endpoint data source and every Razor page handler), every verb, called
/// as client B's contact and as an anonymous caller with route values that are client A's (<see cref="TwoClientsDesk"/>).
/// A leak: a 2xx, or a 3xx anywhere but the sign-in or access-denied page, for a route about A's record; a page or list
/// without parameters showing one of A's markers; a mutation answered other than 401/403/404 (or that redirect); any row
/// changed by the callers' mutations. An endpoint added later is covered the day it is mapped.
/// </summary>
public sealed partial class EveryRouteTenantIsolationTests(TwoClientsDesk desk, ITestOutputHelper output) : IClassFixture<TwoClientsDesk>
{
    /// <summary>
    /// Routes answered 2xx on purpose, with why. Keys are "METHOD template" (the page handler after '?handler=').
    /// </summary>
    private static readonly Dictionary<string, string> OnPurpose = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GET /openapi/{documentName}.json"] = "the API's description: operations and schemas, no client's data",
        ["POST /Account/Login"] = "signing in is for everyone (an empty form is answered with the form again)",
        ["POST /Account/Logout"] = "signing out is the caller's own session (not sent: it would end the test's session)",
        ["POST /Account/Profile"] = "the caller's own profile and tokens",
    };

    /// <summary>
    /// Mutations of A's records that answer 400 to the sample body before the access check: they show nothing of A's and
    /// change no row (both still checked), but the refusal should come first. Known at the time of writing (the two link routes
    /// came with the links merge); shorten it.
    /// </summary>
    private static readonly HashSet<string> ValidatedBeforeAccess = new(StringComparer.OrdinalIgnoreCase)
    {
        "PUT /api/v1/projects/{number}/handoff/",
        "POST /api/v1/projects/{number}/engagements/",
        "POST /api/v1/projects/{number}/deliverables/",
        "POST /api/v1/projects/{number}/cleanup-items/",
        "POST /api/v1/projects/{number}/scope-changes/",
        // The link body is bound (and refused when empty) before the handler looks at the record.
        "POST /api/v1/tickets/{number}/links/",
        "POST /api/v1/projects/{number}/links/",
        // The meeting's times are bound (the sample's date-time text is refused) before the handler looks at the ticket.
        "POST /api/v1/tickets/{number}/meetings/",
        "PUT /api/v1/tickets/{number}/meetings/{meetingId}",
    };

    private static readonly HashSet<string> NotSent = new(StringComparer.OrdinalIgnoreCase) { "POST /Account/Logout" };

    /// <summary>Tables a harmless call writes: the caller's own API token's last use.</summary>
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.OrdinalIgnoreCase) { "ApiTokens" };

    private sealed record Call(string Key, string Method, string Path, bool AboutAnothersRecord, bool IsPage, (string MediaType, byte[] Body)? Body, bool Multipart = false);

    [Fact]
    public async Task EveryRouteAndVerb_AsAnotherClientsContactOrAnonymous_LeaksNothingAndChangesNothing()
    {
        var app = desk.App;
        using var adminApi = await app.ApiAsAsync(desk.Admin);
        var document = JsonDocument.Parse(await adminApi.GetStringAsync("/openapi/v1.json")).RootElement;
        var openApi = new OpenApiCases(document, SampleFor);
        var operations = openApi.Operations().ToDictionary(o => $"{o.Method} {o.Template}", StringComparer.OrdinalIgnoreCase);

        var (calls, unfilled) = await CallsAsync(app, openApi, operations);
        Assert.True(unfilled.Count == 0, "Route parameters TwoClientsDesk cannot fill — add a row to TwoClientsDesk.RouteValues for each (and the record to Others):\n" + string.Join("\n", unfilled.Distinct()));

        using var contactApi = await app.ApiAsAsync(desk.ContactB);
        using var contactPages = await app.SignInAsync(desk.ContactB.Email, BatonAppFactory.UserPassword);
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var contactToken = await TokenAsync(contactPages.Http, "/Account/Profile");
        var anonymousToken = await TokenAsync(anonymous, "/Account/Login");

        var leaks = new List<string>();
        var before = await FingerprintAsync(app, desk.ContactB.Id);
        var sent = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (who, api, pages, token) in new[] { ("contact of B", contactApi, contactPages.Http, contactToken), ("anonymous", anonymous, anonymous, anonymousToken) })
        {
            foreach (var call in calls.OrderBy(c => c.Method == "DELETE"))
            {
                var http = call.IsPage ? pages : api;
                using var request = await RequestAsync(call, token, adminApi);
                using var response = await http.SendAsync(request);
                sent++;
                var text = await response.Content.ReadAsStringAsync();
                if (Leak(call, response, text, who == "anonymous") is { } leak && !OnPurpose.ContainsKey(call.Key)
                    && !(ValidatedBeforeAccess.Contains(call.Key) && response.StatusCode == HttpStatusCode.BadRequest && !ShowsAMarker(text)))
                {
                    leaks.Add($"{who}: {call.Method} {call.Path} → {(int)response.StatusCode} {leak}: {(text.Length > 200 ? text[..200] : text)}");
                }
            }

            var after = await FingerprintAsync(app, desk.ContactB.Id);
            var changed = after.Where(t => !Bookkeeping.Contains(t.Key) && before.GetValueOrDefault(t.Key) != t.Value).Select(t => t.Key).ToList();
            if (changed.Count > 0)
            {
                leaks.Add($"{who}: rows changed in {string.Join(", ", changed)}");
            }

            before = after;
        }

        output.WriteLine($"{sent} requests ({calls.Count(c => !c.IsPage)} API and {calls.Count(c => c.IsPage)} page calls per caller) in {clock.Elapsed.TotalSeconds:N1} s ({(TestDatabase.IsPostgres ? "PostgreSQL" : "SQLite")}).");
        Assert.True(leaks.Count == 0, $"{leaks.Count} leaks:\n" + string.Join("\n", leaks));
    }

    /// <summary>Every API operation and page handler, with A's values in the route.</summary>
    private async Task<(List<Call> Calls, List<string> Unfilled)> CallsAsync(BatonAppFactory app, OpenApiCases openApi, Dictionary<string, ApiOperation> operations)
    {
        var calls = new List<Call>();
        var unfilled = new List<string>();
        var loader = app.Services.GetRequiredService<PageLoader>();
        foreach (var (endpoint, plain, path, missing) in desk.Routes())
        {
            unfilled.AddRange(missing);
            var parameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            var page = endpoint.Metadata.GetMetadata<PageActionDescriptor>();
            if (page is not null)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods)
                {
                    var method = handler.HttpMethod.ToUpperInvariant();
                    var query = new List<string>();
                    if (handler.Name is { } named)
                    {
                        query.Add("handler=" + named);
                    }

                    foreach (var p in handler.Parameters)
                    {
                        if (TwoClientsDesk.RouteValues.FirstOrDefault(r => r.Where == "" && r.Parameter == p.Name).Value is { } value)
                        {
                            query.Add($"{p.Name}={Uri.EscapeDataString(value(desk.Other))}");
                        }
                    }

                    var key = $"{method} {plain}" + (handler.Name is null ? "" : "?handler=" + handler.Name);
                    if (!NotSent.Contains(key))
                    {
                        calls.Add(new Call(key, method, path + (query.Count > 0 ? "?" + string.Join('&', query) : ""), parameters.Count > 0, true, null));
                    }
                }

                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                if (method is "HEAD" or "OPTIONS")
                {
                    continue;
                }

                var key = $"{method} {plain}";
                var body = operations.TryGetValue(key, out var operation) ? openApi.SampleBody(operation) : null;
                if (!NotSent.Contains(key))
                {
                    var multipart = operation?.BodyMediaTypes.Any(m => m.StartsWith("multipart/", StringComparison.Ordinal)) == true;
                    calls.Add(new Call(key, method, path, parameters.Count > 0, false, method is "GET" ? null : body, method is not "GET" && multipart));
                }
            }
        }

        return (calls, unfilled);
    }

    private JsonNode? SampleFor(string name) => name switch
    {
        "clientId" => desk.Other.ClientId,
        "requesterId" or "contactId" => desk.Other.ContactId,
        "ticketNumber" => desk.Other.TaggedTicket,
        "projectNumber" => desk.Other.HypercareProject,
        "start" => "09:00",
        "end" => "17:00",
        "timeZoneId" => "UTC",
        _ => null,
    };

    private static async Task<HttpRequestMessage> RequestAsync(Call call, string token, HttpClient admin)
    {
        var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path);
        if (call.IsPage && call.Method != "GET")
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        }
        else if (call.Multipart)
        {
            var file = new ByteArrayContent("hello"u8.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            request.Content = new MultipartFormDataContent { { file, "file", "hello.txt" } };
        }
        else if (call.Body is { } body)
        {
            request.Content = new ByteArrayContent(body.Body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(body.MediaType);
        }

        // The record's current version, as its owner would send it: a refusal must come from the access check, not a stale ETag.
        if (!call.IsPage && call.Method is not "GET")
        {
            using var read = await admin.GetAsync(call.Path);
            request.Headers.IfMatch.Add(read.Headers.ETag ?? new EntityTagHeaderValue("\"1\"")); // no GET of its own: a plausible version
        }

        return request;
    }

    private string? Leak(Call call, HttpResponseMessage response, string body, bool anonymous)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.ToString() ?? "";
        var toTheDoor = status is >= 300 and < 400
            && (location.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase) || location.Contains("/Account/AccessDenied", StringComparison.OrdinalIgnoreCase));
        var refused = status is 403 or 404 || (anonymous && status is 401) || toTheDoor;
        if (call.AboutAnothersRecord)
        {
            return call.Method != "GET" ? (refused ? null : "(a change to another client's record not refused)")
                : status is >= 200 and < 400 && !toTheDoor ? "(another client's record)" : null;
        }

        // No record in the route: the caller's own lists, forms and settings; none may show A's.
        return desk.Markers.FirstOrDefault(m => body.Contains(m, StringComparison.Ordinal)) is { } marker ? $"(shows '{marker}')" : null;
    }

    private bool ShowsAMarker(string body) => desk.Markers.Any(m => body.Contains(m, StringComparison.Ordinal));

    private static async Task<string> TokenAsync(HttpClient http, string page)
    {
        var html = await (await http.GetAsync(page)).Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {page}");
        return token.Groups[1].Value;
    }

    /// <summary>
    /// Per table, a row count and an order-free hash of every value: any insert, update or delete shows. Rows holding the
    /// caller's user id (their profile, tokens, notifications) are theirs to change and left out.
    /// </summary>
    /// <summary>
    /// Every table's rows and content, once the after-commit work of what came before has run: the notices of the setup's
    /// own records are written in the background, and are no caller's doing.
    /// </summary>
    private static async Task<Dictionary<string, (long Rows, long Hash)>> FingerprintAsync(BatonAppFactory app, string callerId)
    {
        await Eventually.HoldsAsync(
            () => app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AllAsync(db.RecordEvents, j => j.ProcessedAt != null || j.Attempts >= Baton.Web.Features.Shared.Events.RecordEvents.MaxAttempts)),
            "the record events raised so far are handled");
        return await TablesAsync(app, callerId);
    }

    private static Task<Dictionary<string, (long Rows, long Hash)>> TablesAsync(BatonAppFactory app, string callerId) => app.WithDbAsync(async db =>
    {
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().ToList();
        var result = new Dictionary<string, (long, long)>();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            long rows = 0, hash = 0;
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync())
            {
                reader.GetValues(values);
                if (values.Any(v => v is string text && text == callerId))
                {
                    continue;
                }

                rows++;
                hash += string.Join('\u001f', values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))).GetHashCode(StringComparison.Ordinal);
            }

            result[table] = (rows, hash);
        }

        return result;
    });

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
