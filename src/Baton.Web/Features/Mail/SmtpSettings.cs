using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Baton.Web.Features.Mail;

/// <summary>How the connection to the SMTP server is secured (Mail:Smtp:Security).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain SMTP: only for a relay on the same machine or a trusted network.</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS, which must be offered (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}

/// <summary>
/// Mail:Smtp — the server Baton sends through (README "Mail"). No Host: no mail goes out and messages wait in the
/// outbox, shown as queued.
/// </summary>
public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Optional: sign in only when a user name is set.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The From address of what Baton sends, e.g. desk@example.com.</summary>
    public string FromAddress { get; set; } = "";

    public string FromName { get; set; } = "Baton service desk";

    /// <summary>How long one connect, send or quit may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many connections Baton keeps to the server at once (1–32). A server that answers each message in tens of
    /// milliseconds takes mail that many times faster; lower it for a server that limits connections per client.
    /// </summary>
    public int Connections { get; set; } = 4;

    public bool Configured => !string.IsNullOrWhiteSpace(Host);

    internal SecureSocketOptions SocketOptions => Security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    /// <summary>Refuses to start on settings that could never send, naming the setting.</summary>
    public sealed class Validator : IValidateOptions<SmtpSettings>
    {
        public ValidateOptionsResult Validate(string? name, SmtpSettings o)
        {
            if (!o.Configured)
            {
                return ValidateOptionsResult.Success;
            }

            string? problem = o.Port is < 1 or > 65535 ? $"Mail:Smtp:Port {o.Port} is not a TCP port (1–65535)."
                : !MailboxAddress.TryParse(o.FromAddress, out var from) || !from.Address.Contains('@', StringComparison.Ordinal)
                    ? $"Mail:Smtp:FromAddress '{o.FromAddress}' is not an e-mail address; set the address Baton sends from, e.g. desk@example.com."
                : !string.IsNullOrWhiteSpace(o.UserName) && string.IsNullOrEmpty(o.Password)
                    ? "Mail:Smtp:Password is empty while Mail:Smtp:UserName is set; set both or neither."
                : o.Connections is < 1 or > 32 ? $"Mail:Smtp:Connections {o.Connections} is out of range; set between 1 and 32 connections to the server."
                : o.Timeout <= TimeSpan.Zero ? "Mail:Smtp:Timeout must be a positive time span, e.g. 00:00:30."
                : null;
            return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
        }
    }
}
