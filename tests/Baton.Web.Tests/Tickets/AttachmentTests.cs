using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Baton.Web.Tests.Infrastructure;
using static Baton.Web.Tests.Infrastructure.BatonAppFactory;

namespace Baton.Web.Tests.Tickets;

public sealed class AttachmentTests : IClassFixture<AttachmentTests.SmallLimitApp>
{
    /// <summary>The app with a 64 KiB attachment limit, so the limit is cheap to cross.</summary>
    public sealed class SmallLimitApp : IDisposable
    {
        public BatonAppFactory App { get; } = new();

        public SmallLimitApp() => App.Settings["Attachments:MaxBytes"] = "65536";

        public void Dispose() => App.Dispose();
    }

    private readonly BatonAppFactory _app;

    public AttachmentTests(SmallLimitApp fixture) => _app = fixture.App;

    private static MultipartFormDataContent File(byte[] bytes, string name, bool? isInternal = null)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent { { content, "file", name } };
        if (isInternal is { } flag)
        {
            form.Add(new StringContent(flag ? "true" : "false"), "internal");
        }

        return form;
    }

    [Fact]
    public async Task Upload_IsListedAndDownloadsTheSameBytes_AndIsStoredOutsideTheDatabase()
    {
        var client = await _app.CreateClientAsync();
        using var api = await _app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);
        var bytes = Enumerable.Range(0, 5000).Select(i => (byte)(i % 251)).ToArray();

        var upload = await api.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", File(bytes, "../../etc/event log.bin"));

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var attachment = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("event log.bin", attachment.GetProperty("fileName").GetString());
        var list = await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/tickets/{ticket.Number}/attachments");
        Assert.Single(list!);
        var download = await api.GetAsync($"/api/v1/tickets/{ticket.Number}/attachments/{attachment.GetProperty("id").GetInt64()}");
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains(Directory.EnumerateFiles(Path.Combine(_app.DataDirectory, "attachments"), "*", SearchOption.AllDirectories),
            f => new FileInfo(f).Length == bytes.Length);
    }

    [Fact]
    public async Task Upload_OverTheLimit_IsRefused_AndNothingIsStored()
    {
        var client = await _app.CreateClientAsync();
        using var api = await _app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);

        var tooBig = await api.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", File(new byte[200_000], "big.iso"));
        var justOver = await api.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", File(new byte[65_537], "over.bin"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, justOver.StatusCode);
        Assert.Contains("limit", await justOver.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/tickets/{ticket.Number}/attachments"))!);
    }

    [Fact]
    public async Task Upload_WithoutAFile_NamesTheFileField()
    {
        var client = await _app.CreateClientAsync();
        using var api = await _app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);

        var response = await api.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", new MultipartFormDataContent { { new StringContent("x"), "other" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task InternalAttachment_IsHiddenFromTheRequester()
    {
        var client = await _app.CreateClientAsync();
        using var agent = await _app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(agent, client);
        var upload = await agent.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", File("internal"u8.ToArray(), "notes.txt", isInternal: true));
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var contact = await _app.ApiAsAsync(await _app.CreateContactUserAsync(client));

        Assert.Empty((await contact.GetFromJsonAsync<List<JsonElement>>($"/api/v1/tickets/{ticket.Number}/attachments"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await contact.GetAsync($"/api/v1/tickets/{ticket.Number}/attachments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await contact.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", File("mine"u8.ToArray(), "screenshot.png"))).StatusCode);
    }

    [Fact]
    public async Task Upload_FromTheTicketPage_AppearsOnThePage()
    {
        var client = await _app.CreateClientAsync();
        using var api = await _app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);
        using var page = await _app.SignInAsAgentAsync();
        var html = await page.GetHtmlAsync($"/Tickets/{ticket.Number}");
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = File("log line"u8.ToArray(), "app.log");
        form.Add(new StringContent(token), "__RequestVerificationToken");

        var response = await page.Http.PostAsync($"/Tickets/{ticket.Number}?handler=Attach", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("app.log", await page.GetHtmlAsync($"/Tickets/{ticket.Number}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileOnAReply_IsLinkedToIt_AndAFileOnAnInternalNoteIsInternal()
    {
        var client = await _app.CreateClientAsync();
        using var agent = await _app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(agent, client);
        var reply = await (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "Log attached" })).Content.ReadFromJsonAsync<JsonElement>();
        var note = await (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Number}/messages", new { body = "Raw dump", @internal = true })).Content.ReadFromJsonAsync<JsonElement>();

        using var onReply = File("log"u8.ToArray(), "app.log");
        onReply.Add(new StringContent(reply.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)), "messageId");
        using var onNote = File("dump"u8.ToArray(), "dump.bin");
        onNote.Add(new StringContent(note.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)), "messageId");
        var replyFile = await (await agent.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", onReply)).Content.ReadFromJsonAsync<JsonElement>();
        var noteFile = await (await agent.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", onNote)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(reply.GetProperty("id").GetInt64(), replyFile.GetProperty("messageId").GetInt64());
        Assert.False(replyFile.GetProperty("internal").GetBoolean());
        Assert.True(noteFile.GetProperty("internal").GetBoolean());

        using var contact = await _app.ApiAsAsync(await _app.CreateContactUserAsync(client));
        using var sneaky = File("x"u8.ToArray(), "x.txt");
        sneaky.Add(new StringContent(note.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)), "messageId");
        var refused = await contact.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", sneaky);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("messageId", out _));
        Assert.Equal(["app.log"], (await contact.GetFromJsonAsync<List<JsonElement>>($"/api/v1/tickets/{ticket.Number}/attachments"))!.Select(a => a.GetProperty("fileName").GetString()));
    }

    [Fact]
    public async Task ReplyWithAFile_FromTheTicketPage_ShowsTheFileOnTheTimeline_AndATooLargeFileSendsNothing()
    {
        var client = await _app.CreateClientAsync();
        using var api = await _app.ApiAsNewAgentAsync();
        var ticket = await OpenIncidentAsync(api, client);
        using var page = await _app.SignInAsAgentAsync();

        async Task<HttpResponseMessage> ReplyAsync(string body, byte[] bytes, string name)
        {
            var html = await page.GetHtmlAsync($"/Tickets/{ticket.Number}");
            var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            var content = new ByteArrayContent(bytes);
            using var form = new MultipartFormDataContent { { content, "replyFile", name }, { new StringContent(body), "Reply.Body" }, { new StringContent(token), "__RequestVerificationToken" } };
            return await page.Http.PostAsync($"/Tickets/{ticket.Number}?handler=Reply", form);
        }

        var tooLarge = await ReplyAsync("Too big to send", new byte[70_000], "huge.bin");
        Assert.Equal(HttpStatusCode.OK, tooLarge.StatusCode);
        Assert.Contains("the limit is", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/tickets/{ticket.Number}/messages"))!);

        var sent = await ReplyAsync("Here is the screenshot", "png"u8.ToArray(), "screen.png");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var timeline = await page.GetHtmlAsync($"/Tickets/{ticket.Number}");
        var replyAt = timeline.IndexOf("Here is the screenshot", StringComparison.Ordinal);
        Assert.True(replyAt > 0 && timeline.IndexOf("screen.png", replyAt, StringComparison.Ordinal) > replyAt);
    }
}
