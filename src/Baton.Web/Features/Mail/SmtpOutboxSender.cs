using Baton.Web.Data;
using Baton.Web.Features.Outbox;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Baton.Web.Features.Mail;

/// <summary>
/// Hands outbox messages to the configured SMTP server (MailKit). One connection serves a burst of messages and is
/// made again after a pause, since servers drop idle ones. A 5xx refusal is permanent; anything else (no connection,
/// 4xx, timeout) is retried on the outbox schedule.
/// </summary>
public sealed class SmtpOutboxSender(IOptions<SmtpSettings> options, TimeProvider clock, ILogger<SmtpOutboxSender> logger) : IOutboxSender, IDisposable
{
    private static readonly TimeSpan ReuseWithin = TimeSpan.FromSeconds(20);

    private readonly SmtpSettings _settings = options.Value;
    private readonly SemaphoreSlim _one = new(1, 1);
    private SmtpClient? _client;
    private DateTimeOffset _lastUsed;

    public string MessageIdDomain => MailboxAddress.Parse(_settings.FromAddress).Domain;

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var mime = OutgoingMail.Build(message, _settings);
        await _one.WaitAsync(ct);
        try
        {
            var client = await ConnectedAsync(ct);
            await client.SendAsync(mime, ct);
            _lastUsed = clock.GetUtcNow();
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            Drop();
            var who = e.Mailbox is null ? "" : $" for {e.Mailbox.Address}";
            throw new PermanentDeliveryFailureException($"The mail server refused it{who}: {(int)e.StatusCode} {e.Message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Drop();
            logger.LogWarning("Sending outbox message {Id} to {Host}:{Port} failed: {Reason}", message.Id, _settings.Host, _settings.Port, e.Message);
            throw;
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<SmtpClient> ConnectedAsync(CancellationToken ct)
    {
        if (_client is { IsConnected: true } reused && clock.GetUtcNow() - _lastUsed < ReuseWithin)
        {
            return reused;
        }

        Drop();
        var client = new SmtpClient { Timeout = (int)_settings.Timeout.TotalMilliseconds };
        _client = client;
        await client.ConnectAsync(await SocketAsync(ct), _settings.Host!, _settings.Port, _settings.SocketOptions, ct);
        if (!string.IsNullOrWhiteSpace(_settings.UserName))
        {
            await client.AuthenticateAsync(_settings.UserName, _settings.Password ?? "", ct);
        }

        return client;
    }

    /// <summary>
    /// The TCP connection, opened here rather than by MailKit so Nagle's algorithm is off: SMTP is a chatty exchange of
    /// small lines, and with Nagle each command waited for the server's delayed ACK (about 40 ms), which capped a
    /// connection at some 20 messages a second.
    /// </summary>
    private async Task<System.Net.Sockets.Socket> SocketAsync(CancellationToken ct)
    {
        using var within = CancellationTokenSource.CreateLinkedTokenSource(ct);
        within.CancelAfter(_settings.Timeout);
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_settings.Host!, _settings.Port, within.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"Connecting to {_settings.Host}:{_settings.Port} took longer than {_settings.Timeout}.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Drop()
    {
        var client = _client;
        _client = null;
        if (client is null)
        {
            return;
        }

        try
        {
            if (client.IsConnected)
            {
                client.Disconnect(quit: true);
            }
        }
        catch (Exception e) when (e is IOException or ServiceNotConnectedException or ProtocolException or OperationCanceledException or TimeoutException)
        {
            // the connection is being thrown away because it failed; a failed QUIT says nothing more
        }

        client.Dispose();
    }

    public void Dispose()
    {
        Drop();
        _one.Dispose();
    }
}

/// <summary>An outbox row as the MIME message that goes out: multipart/alternative, 7-bit safe, with Baton's headers.</summary>
public static class OutgoingMail
{
    /// <summary>Kinds a person wrote (a technician's reply): everything else is automatic and says so in its headers.</summary>
    public static readonly IReadOnlySet<string> WrittenByPeople = new HashSet<string>(StringComparer.Ordinal) { "Reply" };

    public static MimeMessage Build(OutboxMessage message, SmtpSettings settings)
    {
        var mime = new MimeMessage();
        mime.From.Add(message.FromAddress is { Length: > 0 } own
            ? new MailboxAddress(message.FromName is { Length: > 0 } name ? name : settings.FromName, own)
            : new MailboxAddress(settings.FromName, settings.FromAddress));
        foreach (var recipient in message.Recipients.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!MailboxAddress.TryParse(recipient, out var to))
            {
                throw new PermanentDeliveryFailureException($"'{recipient}' is not an e-mail address.");
            }

            mime.To.Add(to);
        }

        if (mime.To.Count == 0)
        {
            throw new PermanentDeliveryFailureException("The message has no recipients.");
        }

        mime.Subject = message.Subject;
        mime.Date = message.CreatedAt;
        mime.MessageId = message.MessageId ?? throw new InvalidOperationException("An outbox message is given its Message-ID before it is sent.");
        if (message.References?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } thread)
        {
            mime.References.AddRange(thread);
            mime.InReplyTo = thread[^1];
        }

        if (message.ReplyTo is { } replyTo && MailboxAddress.TryParse(replyTo, out var answerTo))
        {
            mime.ReplyTo.Add(answerTo); // the ticket's secret reply address: an answer threads back to it
        }

        // Our loop mark: the installation key (public in the Message-ID anyway); seeing it come back means a loop.
        if (mime.MessageId.Split('.') is [_, var installation, ..])
        {
            mime.Headers.Add(Baton.Domain.Mail.AutomatedMail.LoopHeader, installation);
        }

        if (!WrittenByPeople.Contains(message.Kind))
        {
            // RFC 3834: no auto-responder answers it; Exchange's own equivalent.
            mime.Headers.Add("Auto-Submitted", "auto-generated");
            mime.Headers.Add("X-Auto-Response-Suppress", "All");
        }

        mime.Body = new MultipartAlternative
        {
            new TextPart("plain") { Text = HtmlText.ToPlainText(message.HtmlBody) },
            new TextPart("html") { Text = message.HtmlBody },
        };

        // Quoted-printable or base64 wherever a part is not plain ASCII: no server along the way has to speak 8BITMIME.
        mime.Prepare(EncodingConstraint.SevenBit);
        return mime;
    }
}
