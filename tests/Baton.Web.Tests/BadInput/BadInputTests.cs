using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Tests.Infrastructure;
using Baton.Web.Tests.ServiceLevels;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.BadInput;

/// <summary>The bad input of issue 9 that answered 500 (or silently succeeded): each is now a 4xx naming what to fix.</summary>
public sealed class BadInputTests(BatonAppFactory app) : IClassFixture<BatonAppFactory>
{
    private const string Week = "[{\"day\":\"Monday\",\"start\":\"09:00\",\"end\":\"17:00\"}]";

    private static StringContent Json(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);

    private static async Task<JsonElement> AssertProblemNamingAsync(HttpResponseMessage response, string field, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"expected errors.{field} in {text}");
        return problem;
    }

    // ---- NUL (item 6) ---------------------------------------------------------------------------------------

    [Fact]
    public async Task Nul_InAJsonString_IsA400NamingTheField_AndNothingIsStored()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var body = $"{{\"title\":\"Printer\\u0000on fire\",\"clientId\":{client.ClientId},\"requesterId\":{client.ContactId}}}";

        await AssertProblemNamingAsync(await api.PostAsync("/api/v1/tickets", Json(body)), "title");

        Assert.False(await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.ClientId == client.ClientId)));
    }

    [Fact]
    public async Task Nul_DeepInsideABody_NamesTheWholePath()
    {
        using var api = await app.ApiAsAdministratorAsync();
        var body = $"{{\"name\":\"Nul {Guid.NewGuid():N}\",\"timeZoneId\":\"UTC\",\"hours\":{Week},\"holidays\":[{{\"date\":\"2026-12-25\",\"name\":\"Christmas\\u0000\"}}]}}";

        await AssertProblemNamingAsync(await api.PostAsync("/api/v1/calendars", Json(body)), "holidays[0].name");
    }

    [Fact]
    public async Task Nul_InAQueryString_IsA400NamingIt()
    {
        // (A NUL in the path never gets this far: Kestrel refuses "%00" in a path with a 400 of its own.)
        using var api = await app.ApiAsNewAgentAsync();

        await AssertProblemNamingAsync(await api.GetAsync("/api/v1/tickets?q=vpn%00drops"), "q");
        await AssertProblemNamingAsync(await api.GetAsync("/api/v1/reports/sla?from=2026-01-01%00"), "from");
    }

    [Fact]
    public async Task Nul_InAPageForm_IsA400NamingTheField_AndNothingIsStored()
    {
        var client = await app.CreateClientAsync();
        using var page = await app.SignInAsAgentAsync();

        var response = await page.PostFormAsync("/Tickets/New", new()
        {
            ["Input.Title"] = "Printer\0on fire", ["Input.ClientId"] = client.ClientId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.RequesterId"] = client.ContactId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, html);
        Assert.True(html.Contains("Input.Title", StringComparison.Ordinal), html);
        Assert.False(await app.WithDbAsync(db => db.Tickets.AnyAsync(t => t.ClientId == client.ClientId)));

        var search = await page.GetAsync("/Tickets?q=vpn%00drops");
        Assert.Equal(HttpStatusCode.BadRequest, search.StatusCode);
        Assert.Contains("q:", await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // ---- Bidi controls in file names (item 6) ------------------------------------------------------------------

    [Fact]
    public async Task BidiControls_AreStrippedFromAttachmentNames_WhereverTheNameIsShown()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        var content = new ByteArrayContent("%PDF-1.7"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { content, "file", "invoice\u202Efdp\u2066.exe" } };

        var response = await api.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("invoicefdp.exe", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fileName").GetString());
        var listed = await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{ticket.Number}/attachments");
        Assert.Equal("invoicefdp.exe", listed[0].GetProperty("fileName").GetString());
    }

    // ---- null elements in arrays (item 7) ---------------------------------------------------------------------

    public static TheoryData<string, string, string> NullElements => new()
    {
        { "/api/v1/calendars", "{\"name\":\"{name}\",\"timeZoneId\":\"UTC\",\"hours\":[null]}", "hours[0]" },
        { "/api/v1/calendars", "{\"name\":\"{name}\",\"timeZoneId\":\"UTC\",\"hours\":" + Week + ",\"holidays\":[null]}", "holidays[0]" },
        { "/api/v1/sla-policies", "{\"name\":\"{name}\",\"calendarId\":1,\"warningPercent\":75,\"pausingStatuses\":[],\"targets\":[null]}", "targets[0]" },
        { "/api/v1/sla-policies", "{\"name\":\"{name}\",\"calendarId\":1,\"warningPercent\":75,\"pausingStatuses\":[null],\"targets\":[]}", "pausingStatuses[0]" },
    };

    [Theory]
    [MemberData(nameof(NullElements))]
    public async Task NullElement_InAnArray_IsA400NamingTheElement(string url, string body, string field)
    {
        using var api = await app.ApiAsAdministratorAsync();

        await AssertProblemNamingAsync(await api.PostAsync(url, Json(body.Replace("{name}", "N " + Guid.NewGuid().ToString("N"), StringComparison.Ordinal))), field);
    }

    [Fact]
    public async Task NullElement_OnUpdate_IsA400NamingTheElement()
    {
        using var api = await app.ApiAsAdministratorAsync();
        var created = await api.PostAsync("/api/v1/calendars", Json($"{{\"name\":\"U {Guid.NewGuid():N}\",\"timeZoneId\":\"UTC\",\"hours\":{Week}}}"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        await AssertProblemNamingAsync(await api.PutAsync($"/api/v1/calendars/{id}", Json("{\"name\":\"x\",\"timeZoneId\":\"UTC\",\"hours\":[{\"day\":\"Monday\",\"start\":\"09:00\",\"end\":\"17:00\"},null]}")), "hours[1]");
    }

    // ---- malformed multipart (item 8) -------------------------------------------------------------------------

    [Fact]
    public async Task MalformedMultipart_IsA400_FromTheirOwnContactToo()
    {
        var client = await app.CreateClientAsync();
        using var agent = await app.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(agent, client);
        using var contact = await app.ApiAsAsync(await app.CreateContactUserAsync(client));
        var url = $"/api/v1/tickets/{ticket.Number}/attachments";

        var noBoundary = new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--x--\r\n");
        noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
        await AssertProblemNamingAsync(await contact.PostAsync(url, noBoundary), "body");

        var truncated = new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello, this file stops");
        truncated.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        await AssertProblemNamingAsync(await contact.PostAsync(url, truncated), "body");

        Assert.False(await app.WithDbAsync(db => db.Attachments.AnyAsync(a => a.TicketId == ticket.Id)));
    }

    [Fact]
    public async Task AnUploadOverTheLimit_WithoutAContentLength_IsA413_NotA500()
    {
        var client = await app.CreateClientAsync();
        using var api = await app.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        var head = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"u8.ToArray();
        var body = head.Concat(new byte[(10 * 1024 * 1024) + (100 * 1024)]).Concat("\r\n--x--\r\n"u8.ToArray()).ToArray();
        using var chunked = new UnknownLengthContent(body);
        chunked.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=x");

        var response = await api.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A body sent chunked: the server learns its size only by reading it.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    // ---- daily report dates (item 9) --------------------------------------------------------------------------

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    public async Task DailyReport_AtTheEndsOfTheCalendar_IsA400NamingDate_AndThePageSaysSo(string date)
    {
        using var api = await app.ApiAsNewAgentAsync();
        await AssertProblemNamingAsync(await api.GetAsync($"/api/v1/reports/daily?date={date}"), "date");

        using var page = await app.SignInAsAgentAsync();
        var html = await page.GetHtmlAsync($"/reports/daily?date={date}");
        Assert.Contains("Choose a date between 2000-01-01 and 2999-12-31", html, StringComparison.Ordinal);
    }

    // ---- merge-patch shape and order (item 10) ----------------------------------------------------------------

    [Fact]
    public async Task OpenApi_DoesNotAdvertiseTheInternalPresentProperty()
    {
        using var anonymous = app.CreateClient();
        var schemas = (await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("components").GetProperty("schemas");

        foreach (var name in new[] { "UpdateTicketRequest", "UpdateProjectRequest" })
        {
            Assert.False(schemas.GetProperty(name).GetProperty("properties").TryGetProperty("present", out _), $"{name} shows 'present'");
        }
    }

    [Fact]
    public async Task Patch_WithPresent_IsA400NamingIt_OnTicketsAndProjects()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        using var api = await app.ApiAsAsync(lead);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        var project = await app.CreateProjectAsync(client, lead);

        foreach (var url in new[] { $"/api/v1/tickets/{ticket.Number}", $"/api/v1/projects/{project.Number}" })
        {
            var etag = (await api.GetAsync(url)).Headers.ETag!.Tag;
            using var patch = new HttpRequestMessage(HttpMethod.Patch, url) { Content = Json("{\"present\":[]}", "application/merge-patch+json") };
            patch.Headers.TryAddWithoutValidation("If-Match", etag);
            await AssertProblemNamingAsync(await api.SendAsync(patch), "present");
        }
    }

    [Fact]
    public async Task Patch_WithABadBody_IsAnsweredByVisibilityRoleAndVersionFirst()
    {
        var client = await app.CreateClientAsync();
        var other = await app.CreateClientAsync();
        using var agent = await app.ApiAsNewAgentAsync();
        var own = await BatonAppFactory.OpenIncidentAsync(agent, client);
        var foreign = await BatonAppFactory.OpenIncidentAsync(agent, other);
        using var contact = await app.ApiAsAsync(await app.CreateContactUserAsync(client));

        async Task<HttpStatusCode> PatchAsync(HttpClient api, string number, string ifMatch)
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/tickets/{number}") { Content = Json("{\"present\":[]}") };
            patch.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return (await api.SendAsync(patch)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.NotFound, await PatchAsync(contact, foreign.Number, "\"1\""));
        Assert.Equal(HttpStatusCode.Forbidden, await PatchAsync(contact, own.Number, "\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, await PatchAsync(agent, own.Number, "\"99\""));
    }

    // ---- PATCH semantics, projectNumber (item 11) -------------------------------------------------------------

    [Fact]
    public async Task Patch_ThatChangesNothing_KeepsTheVersion_AndWritesNoAudit()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        using var api = await app.ApiAsAsync(lead);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client, title: "Same title");
        var project = await app.CreateProjectAsync(client, lead, name: "Same name");
        var auditBefore = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.RecordKind == Ticket.RecordKind && a.RecordId == ticket.Id));
        var projectAuditBefore = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.RecordKind == Project.RecordKind && a.RecordId == project.Id));

        foreach (var (url, body) in new[] { ($"/api/v1/tickets/{ticket.Number}", "{\"title\":\"Same title\",\"impact\":\"Medium\"}"), ($"/api/v1/projects/{project.Number}", "{\"name\":\"Same name\"}") })
        {
            var etag = (await api.GetAsync(url)).Headers.ETag!.Tag;
            using var patch = new HttpRequestMessage(HttpMethod.Patch, url) { Content = Json(body, "application/merge-patch+json") };
            patch.Headers.TryAddWithoutValidation("If-Match", etag);
            var response = await api.SendAsync(patch);

            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            Assert.Equal(etag, response.Headers.ETag!.Tag);
            Assert.Equal(etag, (await api.GetAsync(url)).Headers.ETag!.Tag);
        }

        Assert.Equal(auditBefore, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.RecordKind == Ticket.RecordKind && a.RecordId == ticket.Id)));
        Assert.Equal(projectAuditBefore, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.RecordKind == Project.RecordKind && a.RecordId == project.Id)));
    }

    [Fact]
    public async Task Patch_WithoutAJsonContentType_Is415_LikePostAndPut()
    {
        var client = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        using var api = await app.ApiAsAsync(lead);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        var project = await app.CreateProjectAsync(client, lead);

        foreach (var url in new[] { $"/api/v1/tickets/{ticket.Number}", $"/api/v1/projects/{project.Number}" })
        {
            foreach (var content in new HttpContent[] { new ByteArrayContent("{\"title\":\"x\"}"u8.ToArray()), new StringContent("{\"title\":\"x\"}", Encoding.UTF8, "text/plain") })
            {
                using var patch = new HttpRequestMessage(HttpMethod.Patch, url) { Content = content };
                patch.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
                var response = await api.SendAsync(patch);
                Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task CreateTicket_WithAnUnknownOrAnotherClientsProjectNumber_IsRefusedByName()
    {
        var client = await app.CreateClientAsync();
        var other = await app.CreateClientAsync();
        var lead = await app.CreateAgentAsync();
        using var api = await app.ApiAsAsync(lead);
        var foreign = await app.CreateProjectAsync(other, lead, ProjectStatus.Hypercare);
        var own = await app.CreateProjectAsync(client, lead);

        foreach (var number in new[] { foreign.Number, "PRJ-999999" })
        {
            var body = new { title = "About a project", clientId = client.ClientId, requesterId = client.ContactId, projectNumber = number };
            await AssertProblemNamingAsync(await api.PostAsJsonAsync("/api/v1/tickets", body), "projectNumber");
        }

        var accepted = await api.PostAsJsonAsync("/api/v1/tickets", new { title = "About our project", clientId = client.ClientId, requesterId = client.ContactId, projectNumber = own.Number });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.ClientId == client.ClientId)));
    }
}
