using System.Collections.Concurrent;
using Baton.Web.Data;
using Baton.Web.Features.Outbox;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Baton.Web.Features.Mail;

/// <summary>
/// Hands outbox messages to the configured SMTP server (MailKit) over up to Mail:Smtp:Connections connections at once,
/// as an MTA delivers to one destination: one connection serves a burst of messages and is made again after a pause,
/// since servers drop idle ones. A 5xx refusal is permanent; anything else (no connection, 4xx, timeout) is retried on
/// the outbox schedule.
/// </summary>
public sealed class SmtpOutboxSender(IOptions<SmtpSettings> options, TimeProvider clock, ILogger<SmtpOutboxSender> logger) : IOutboxSender, IDisposable
{
    private static readonly TimeSpan ReuseWithin = TimeSpan.FromSeconds(20);

    private readonly SmtpSettings _settings = options.Value;
    private readonly SemaphoreSlim _slots = new(options.Value.Connections, options.Value.Connections);
    private readonly ConcurrentBag<Connection> _idle = [];

    public string MessageIdDomain => MailboxAddress.Parse(_settings.FromAddress).Domain;

    public int Connections => _settings.Connections;

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var mime = OutgoingMail.Build(message, _settings);
        await _slots.WaitAsync(ct);
        Connection? connection = null;
        try
        {
            connection = await ConnectedAsync(ct);
            await connection.Client.SendAsync(mime, ct);
            connection.LastUsed = clock.GetUtcNow();
            _idle.Add(connection); // good for the next message
            connection = null;
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            var who = e.Mailbox is null ? "" : $" for {e.Mailbox.Address}";
            throw new PermanentDeliveryFailureException($"The mail server refused it{who}: {(int)e.StatusCode} {e.Message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Sending outbox message {Id} to {Host}:{Port} failed: {Reason}", message.Id, _settings.Host, _settings.Port, e.Message);
            throw;
        }
        finally
        {
            connection?.Drop(); // a failed connection is not reused: its state after an error is unknown
            _slots.Release();
        }
    }

    private async Task<Connection> ConnectedAsync(CancellationToken ct)
    {
        while (_idle.TryTake(out var idle))
        {
            if (idle.Client.IsConnected && clock.GetUtcNow() - idle.LastUsed < ReuseWithin)
            {
                return idle;
            }

            idle.Drop();
        }

        var connection = new Connection(new SmtpClient { Timeout = (int)_settings.Timeout.TotalMilliseconds });
        try
        {
            await connection.Client.ConnectAsync(_settings.Host!, _settings.Port, _settings.SocketOptions, ct);
            if (!string.IsNullOrWhiteSpace(_settings.UserName))
            {
                await connection.Client.AuthenticateAsync(_settings.UserName, _settings.Password ?? "", ct);
            }

            return connection;
        }
        catch
        {
            connection.Drop();
            throw;
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var idle))
        {
            idle.Drop();
        }

        _slots.Dispose();
    }

    private sealed class Connection(SmtpClient client)
    {
        public SmtpClient Client { get; } = client;

        public DateTimeOffset LastUsed { get; set; }

        public void Drop()
        {
            try
            {
                if (Client.IsConnected)
                {
                    Client.Disconnect(quit: true);
                }
            }
            catch (Exception e) when (e is IOException or ServiceNotConnectedException or ProtocolException or OperationCanceledException or TimeoutException)
            {
                // the connection is being thrown away because it failed; a failed QUIT says nothing more
            }

            Client.Dispose();
        }
    }
}

/// <summary>An outbox row as the MIME message that goes out: multipart/alternative, 7-bit safe, with Baton's headers.</summary>
public static class OutgoingMail
{
    /// <summary>Kinds a person wrote (a technician's reply): everything else is automatic and says so in its headers.</summary>
    public static readonly IReadOnlySet<string> WrittenByPeople = new HashSet<string>(StringComparer.Ordinal) { "Reply", "MeetingInvitation", "MeetingCancellation" };

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

        var body = new MultipartAlternative
        {
            new TextPart("plain") { Text = HtmlText.ToPlainText(message.HtmlBody) },
            new TextPart("html") { Text = message.HtmlBody },
        };
        if (message.CalendarPart is { Length: > 0 } calendar)
        {
            body.Add(CalendarPart(calendar)); // last: the richest alternative, the one calendar clients act on
        }

        mime.Body = body;

        // Quoted-printable or base64 wherever a part is not plain ASCII: no server along the way has to speak 8BITMIME.
        mime.Prepare(EncodingConstraint.SevenBit);
        return mime;
    }

    /// <summary>
    /// <c>text/calendar; method=…; charset=utf-8</c> as Outlook and Google send an invitation: the method parameter must
    /// equal the object's METHOD (RFC 6047 §2.4), so it is read from the object itself.
    /// </summary>
    private static TextPart CalendarPart(string calendar)
    {
        var method = calendar.Split("\r\n").FirstOrDefault(l => l.StartsWith("METHOD:", StringComparison.Ordinal))?["METHOD:".Length..]
            ?? throw new InvalidOperationException("A calendar part names its METHOD.");
        var part = new TextPart("calendar") { Text = calendar };
        part.ContentType.Parameters.Add("method", method);
        part.ContentType.Charset = "utf-8";
        return part;
    }
}
