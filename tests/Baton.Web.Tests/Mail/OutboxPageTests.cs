using System.Net;
using Baton.Web.Data;
using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Mail;

/// <summary>The admin Outbox page: what waits, what failed with the server's answer, what went; retry now; the message as sent.</summary>
public sealed class OutboxPageTests(MailingDesk desk) : IClassFixture<MailingDesk>
{
    private async Task<PageClient> ManagerAsync() =>
        await desk.App.SignInAsync((await desk.App.CreateUserAsync(Roles.Manager)).Email, BatonAppFactory.UserPassword);

    [Fact]
    public async Task AFailedMessage_IsListedWithTheServersAnswer_AndRetryNow_SendsItOnTheNextRound()
    {
        var id = await desk.QueueAsync($"gone@{SmtpSink.RefusedDomain}", "Refused on the page");
        await desk.DispatchAsync(desk.Clock.Now);
        using var manager = await ManagerAsync();

        var failed = WebUtility.HtmlDecode(await manager.GetHtmlAsync("/Admin/Outbox?state=failed"));
        Assert.Contains("Refused on the page", failed, StringComparison.Ordinal);
        Assert.Contains($"gone@{SmtpSink.RefusedDomain}", failed, StringComparison.Ordinal);
        Assert.Contains("550", failed, StringComparison.Ordinal);
        Assert.Contains("Retry now", failed, StringComparison.Ordinal);

        var retry = await manager.PostFormAsync($"/Admin/Outbox?handler=Retry&id={id}", [], "/Admin/Outbox?state=failed");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        var row = await desk.RowAsync(id);
        Assert.Null(row.FailedAt);
        Assert.Null(row.NextAttemptAt);
        Assert.Contains("Refused on the page", await manager.GetHtmlAsync("/Admin/Outbox?state=waiting"), StringComparison.Ordinal);

        await desk.DispatchAsync(desk.Clock.Now); // refused again: failed again after one more try
        Assert.Equal(2, (await desk.RowAsync(id)).Attempts);
    }

    [Fact]
    public async Task TheMessage_IsShownAsQueued_SandboxedWithNoScriptOrRemoteLoad()
    {
        var id = await desk.QueueAsync("someone@msp.example", "Preview me", "<p>Exactly <b>this</b></p>");
        using var manager = await ManagerAsync();

        var response = await manager.GetAsync($"/Admin/Outbox?handler=Message&id={id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<p>Exactly <b>this</b></p>", await response.Content.ReadAsStringAsync());
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("sandbox", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAgent_CannotOpenTheOutbox()
    {
        using var agent = await desk.App.SignInAsAgentAsync();
        var response = await agent.GetAsync("/Admin/Outbox");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{(int)response.StatusCode}");
        Assert.DoesNotContain("Retry now", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownState_IsAnsweredByName()
    {
        using var manager = await ManagerAsync();
        var response = await manager.GetAsync("/Admin/Outbox?state=lost");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unknown state 'lost'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
