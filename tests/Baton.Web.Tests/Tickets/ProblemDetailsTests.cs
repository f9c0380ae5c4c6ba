using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Tickets;

/// <summary>Whatever a client sends, the answer names what to fix; never a 500, never a stack trace.</summary>
public sealed class ProblemDetailsTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    public static TheoryData<string, string, int, string> BadCreates => new()
    {
        // name, JSON body ({client} and {contact} are replaced), expected status, field named in errors
        { "malformed JSON", "{\"title\": \"x\",", 400, "body" },
        { "unknown enum value", "{\"title\":\"x\",\"clientId\":{client},\"requesterId\":{contact},\"impact\":\"Huge\"}", 400, "impact" },
        { "enum as a number", "{\"title\":\"x\",\"clientId\":{client},\"requesterId\":{contact},\"urgency\":1}", 400, "urgency" },
        { "unknown field", "{\"title\":\"x\",\"clientId\":{client},\"requesterId\":{contact},\"titel\":\"typo\"}", 400, "titel" },
        { "missing title", "{\"clientId\":{client},\"requesterId\":{contact}}", 400, "title" },
        { "blank title", "{\"title\":\"   \",\"clientId\":{client},\"requesterId\":{contact}}", 400, "title" },
        { "title too long", "{\"title\":\"" + new string('x', 201) + "\",\"clientId\":{client},\"requesterId\":{contact}}", 400, "title" },
        { "wrong type", "{\"title\":\"x\",\"clientId\":\"abc\",\"requesterId\":{contact}}", 400, "clientId" },
        { "no client", "{\"title\":\"x\",\"requesterId\":{contact}}", 400, "clientId" },
        { "unknown client", "{\"title\":\"x\",\"clientId\":999999,\"requesterId\":{contact}}", 400, "clientId" },
        { "requester of another client", "{\"title\":\"x\",\"clientId\":{client},\"requesterId\":999999}", 400, "requesterId" },
        { "unknown site", "{\"title\":\"x\",\"clientId\":{client},\"requesterId\":{contact},\"siteId\":999999}", 400, "siteId" },
        { "unknown team", "{\"title\":\"x\",\"clientId\":{client},\"requesterId\":{contact},\"teamId\":999999}", 400, "teamId" },
        { "unknown assignee", "{\"title\":\"x\",\"clientId\":{client},\"requesterId\":{contact},\"assigneeId\":\"nobody\"}", 400, "assigneeId" },
        { "null body", "null", 400, "body" },
        { "array body", "[]", 400, "body" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task BadCreate_IsAProblemNamingTheField(string name, string body, int status, string field)
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var json = body.Replace("{client}", client.ClientId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{contact}", client.ContactId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var response = await api.PostAsync("/api/v1/tickets", new StringContent(json, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"{name}: expected errors.{field} in {text}");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string?, int> BadRequests => new()
    {
        { "GET", "/api/v1/tickets?limit=0", null, 400 },
        { "GET", "/api/v1/tickets?limit=1000", null, 400 },
        { "GET", "/api/v1/tickets?cursor=not-a-cursor", null, 400 },
        { "GET", "/api/v1/tickets?sort=Sideways", null, 400 },
        { "GET", "/api/v1/tickets?status=Sleeping", null, 400 },
        { "GET", "/api/v1/tickets?clientId=abc", null, 400 },
        { "GET", "/api/v1/tickets/INC-999999", null, 404 },
        { "GET", "/api/v1/tickets/not-a-number", null, 404 },
        { "GET", "/api/v1/nothing-here", null, 404 },
        { "POST", "/api/v1/tickets/INC-999999/transitions", "{\"transition\":\"Acknowledge\"}", 404 },
        { "POST", "/api/v1/tickets/INC-999999/transitions", "{\"transition\":\"Teleport\"}", 400 },
        { "POST", "/api/v1/tickets/INC-999999/messages", "{\"body\":123}", 400 },
        { "POST", "/api/v1/clients", "{\"name\":\"\",\"code\":\"X\"}", 403 },
        { "POST", "/api/v1/tickets", "plain text", 415 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequest_IsAnsweredWithProblemDetails_NeverA500(string method, string url, string? body, int status)
    {
        using var api = await app.ApiAsNewAgentAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, body.StartsWith('{') ? "application/json" : "text/plain");
        }

        var response = await api.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{method} {url}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OversizedBody_IsRefusedWith413()
    {
        using var api = await app.ApiAsNewAgentAsync();
        var huge = "{\"title\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";

        var response = await api.PostAsync("/api/v1/tickets", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnreadableIfMatch_IsA400NamingTheHeader()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tickets/{ticket.Number}")
        {
            Content = new StringContent("{\"title\":\"x\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"abc\"");

        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("If-Match", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoToken_IsA401Problem_NotARedirectToTheLoginPage()
    {
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await anonymous.GetAsync("/api/v1/tickets");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task UnknownToken_IsA401()
    {
        using var api = app.CreateClient(new() { AllowAutoRedirect = false });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "baton_not-a-real-token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/tickets")).StatusCode);
    }
}
