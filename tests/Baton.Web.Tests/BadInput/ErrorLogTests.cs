using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Baton.Web.Infrastructure.Files;
using Baton.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Baton.Web.Tests.BadInput;

/// <summary>An attachment store that breaks, and a log an operator reads: each error line names the request that failed.</summary>
public sealed class BrokenStoreDesk : IAsyncLifetime
{
    public BrokenStoreDesk() => App.TestServices.Add(services =>
    {
        services.RemoveAll<IAttachmentStore>();
        services.AddSingleton<IAttachmentStore, BrokenStore>();
        services.AddSingleton<ILoggerProvider>(Log);
    });

    public BatonAppFactory App { get; } = new();

    public CapturedLog Log { get; } = new();

    public Task InitializeAsync()
    {
        _ = App.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    private sealed class BrokenStore : IAttachmentStore
    {
        public Task<string> SaveAsync(Stream content, DateTimeOffset now, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The store is broken (test).");

        public Stream OpenRead(string key) => throw new InvalidOperationException("The store is broken (test).");

        public void Delete(string key)
        {
        }
    }
}

/// <summary>Every log line at Error or above, rendered as the console would show it.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    public ConcurrentQueue<string> Errors { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Errors.Enqueue(formatter(state, exception));
            }
        }
    }
}

public sealed class ErrorLogTests(BrokenStoreDesk desk) : IClassFixture<BrokenStoreDesk>
{
    [Fact]
    public async Task AFailedApiRequest_IsLoggedWithItsOwnPath_NotTheErrorPage()
    {
        var client = await desk.App.CreateClientAsync();
        using var api = await desk.App.ApiAsNewAgentAsync();
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        var content = new ByteArrayContent("hello"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var form = new MultipartFormDataContent { { content, "file", "hello.txt" } };

        var response = await api.PostAsync($"/api/v1/tickets/{ticket.Number}/attachments", form);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var lines = desk.Log.Errors.ToList();
        Assert.Contains(lines, l => l.Contains($"POST /api/v1/tickets/{ticket.Number}/attachments", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(" /Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedPageRequest_IsLoggedWithItsOwnPath_Once()
    {
        var client = await desk.App.CreateClientAsync();
        var agent = await desk.App.CreateAgentAsync();
        using var api = await desk.App.ApiAsAsync(agent);
        var ticket = await BatonAppFactory.OpenIncidentAsync(api, client);
        await desk.App.WithDbAsync(async db =>
        {
            db.Attachments.Add(new Baton.Web.Data.Attachment
            {
                TicketId = ticket.Id, FileName = "gone.txt", ContentType = "text/plain", Size = 1, StorageKey = "missing",
                UploadedAt = TimeProvider.System.GetUtcNow(), UploadedById = agent.Id, UploadedByName = agent.DisplayName,
            });
            await db.SaveChangesAsync();
        });
        var id = await desk.App.WithDbAsync(db => Task.FromResult(db.Attachments.Where(a => a.TicketId == ticket.Id).Select(a => a.Id).Single()));
        using var page = await desk.App.SignInAsync(agent.Email, BatonAppFactory.UserPassword);
        var before = desk.Log.Errors.Count;

        var response = await page.GetAsync($"/Tickets/{ticket.Number}?handler=Download&attachmentId={id}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var lines = desk.Log.Errors.Skip(before).ToList();
        Assert.Single(lines);
        Assert.Contains($"GET /Tickets/{ticket.Number}", lines[0], StringComparison.Ordinal);
    }
}
