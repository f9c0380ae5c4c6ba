using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Baton.Web.Tests.Mail;

/// <summary>
/// A real SMTP server on a loopback port (the SmtpServer package, in process): it speaks the protocol to Baton's MailKit
/// client and keeps each message it accepts, raw and parsed. Recipients at <see cref="RefusedDomain"/> are refused
/// with a 5xx at RCPT TO, as a server refuses an unknown mailbox. No xunit here: bench/Baton.Bench compiles this file
/// too (the assertions are in SmtpSink.Assertions.cs).
/// </summary>
public sealed partial class SmtpSink : IAsyncDisposable
{
    public const string RefusedDomain = "refused.test";

    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public SmtpSink()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("sink.baton.test")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter());
        _server = new SmtpServer.SmtpServer(options, services);
        _server.SessionCreated += (_, _) =>
        {
            var open = Interlocked.Increment(ref _sessionsOpen);
            for (var most = MostSessionsAtOnce; open > most; most = MostSessionsAtOnce)
            {
                Interlocked.CompareExchange(ref _mostSessionsAtOnce, open, most);
            }
        };
        _server.SessionCompleted += (_, _) => Interlocked.Decrement(ref _sessionsOpen);
        _running = _server.StartAsync(_stop.Token);
    }

    private int _sessionsOpen;
    private int _mostSessionsAtOnce;

    public int Port { get; }

    /// <summary>The most SMTP sessions that were open at one time since the sink started.</summary>
    public int MostSessionsAtOnce => Volatile.Read(ref _mostSessionsAtOnce);

    public ConcurrentQueue<Received> Messages { get; } = new();

    /// <param name="At">When the sink took it (the benchmarks time delivery by it).</param>
    public sealed record Received(byte[] Raw, MimeMessage Message, IReadOnlyList<string> Recipients, DateTimeOffset At);

    /// <summary>Waits (10 s unless told) until what arrived satisfies the condition: the server stores a message as it answers.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyCollection<Received>, bool> condition, TimeSpan? within = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition(Messages) && waited.Elapsed < (within ?? TimeSpan.FromSeconds(10)))
        {
            await Task.Delay(20);
        }
    }

    /// <summary>A port nothing listens on, for "the mail server is down".</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var raw = buffer.ToArray();
            using var stream = new MemoryStream(raw);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            sink.Messages.Enqueue(new Received(raw, message, transaction.To.Select(t => t.AsAddress()).ToList(), TimeProvider.System.GetUtcNow()));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!string.Equals(to.Host, RefusedDomain, StringComparison.OrdinalIgnoreCase));
    }
}
