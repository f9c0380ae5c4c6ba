using System.Diagnostics;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Baton.Web.Tests.Mail;

/// <summary>
/// A real Dovecot IMAP server on a loopback port, with a configuration and maildirs of its own under a temp directory
/// (../shared/TOOLING.md): any user name, password <see cref="Password"/>, plain login without TLS on 127.0.0.1 only.
/// test.sh installs the dovecot-imapd package; elsewhere the tests that need it are skipped with the reason. No xunit
/// here: bench/Baton.Bench compiles this file too (DovecotServer.Fixture.cs makes it a test fixture).
/// </summary>
public sealed partial class DovecotServer
{
    public const string Password = "imap-secret";
    public const string Executable = "/usr/sbin/dovecot";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "baton-dovecot", Guid.NewGuid().ToString("N")[..12]);
    private Process? _process;

    public int Port { get; } = FreePort();

    public static bool Installed => File.Exists(Executable);

    public async Task InitializeAsync()
    {
        if (!Installed)
        {
            return; // the tests say why they are skipped (ImapFactAttribute)
        }

        Directory.CreateDirectory(Path.Combine(_directory, "mail"));
        Directory.CreateDirectory(Path.Combine(_directory, "run"));
        Directory.CreateDirectory(Path.Combine(_directory, "state"));
        var config = Path.Combine(_directory, "dovecot.conf");
        await File.WriteAllTextAsync(config, $$"""
            base_dir = {{_directory}}/run
            state_dir = {{_directory}}/state
            log_path = {{_directory}}/dovecot.log
            listen = 127.0.0.1
            protocols = imap
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:{{_directory}}/mail/%n
            passdb {
              driver = static
              args = password={{Password}}
            }
            userdb {
              driver = static
              args = uid={{Environment.UserName switch { "root" => "nobody", var me => me }}} gid={{(Environment.UserName == "root" ? "nogroup" : Environment.UserName)}} home={{_directory}}/mail/%n
            }
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service anvil {
              chroot =
            }
            """);
        if (Environment.UserName == "root")
        {
            using var chown = Process.Start("chown", ["-R", "nobody:nogroup", Path.Combine(_directory, "mail")]);
            await chown.WaitForExitAsync();
        }

        _process = Process.Start(new ProcessStartInfo(Executable, ["-F", "-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true });
        var waited = Stopwatch.StartNew();
        while (!await ListensAsync())
        {
            if (_process!.HasExited || waited.Elapsed > TimeSpan.FromSeconds(20))
            {
                var log = File.Exists(Path.Combine(_directory, "dovecot.log")) ? await File.ReadAllTextAsync(Path.Combine(_directory, "dovecot.log")) : "";
                throw new InvalidOperationException($"Dovecot did not start on 127.0.0.1:{Port}: {await _process.StandardError.ReadToEndAsync()} {log}");
            }

            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a child still closing a file: the temp directory is cleaned up later
        }
    }

    /// <summary>An IMAP session as <paramref name="user"/>, as a mail client (or the MTA's delivery) would have one.</summary>
    public async Task<ImapClient> ConnectAsync(string user)
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, Password);
        return client;
    }

    /// <summary>Puts mail into a user's folder (IMAP APPEND), as delivery would.</summary>
    public async Task DeliverAsync(string user, params MimeMessage[] messages) => await DeliverAsync(user, "INBOX", messages);

    public async Task DeliverAsync(string user, string folder, params MimeMessage[] messages)
    {
        using var client = await ConnectAsync(user);
        var target = await client.GetFolderAsync(folder);
        foreach (var message in messages)
        {
            await target.AppendAsync(message, MessageFlags.None);
        }

        await client.DisconnectAsync(true);
    }

    /// <summary>How many messages are in a user's folder; 0 when the folder does not exist.</summary>
    public async Task<int> CountAsync(string user, string folder)
    {
        using var client = await ConnectAsync(user);
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        IMailFolder target;
        try
        {
            target = await client.GetFolderAsync(folder.Replace('/', root.DirectorySeparator));
        }
        catch (FolderNotFoundException)
        {
            return 0;
        }

        await target.OpenAsync(FolderAccess.ReadOnly);
        var count = target.Count;
        await client.DisconnectAsync(true);
        return count;
    }

    private async Task<bool> ListensAsync()
    {
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
