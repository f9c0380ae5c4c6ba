using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Web.Tests.Platform;

/// <summary>
/// The Data Protection key ring (sign-in cookies, antiforgery tokens) lives in the database: two instances on one
/// database — or this deploy and the next, from another folder — accept each other's cookies and forms.
/// </summary>
public sealed class KeyRingTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "baton-tests", "keyring-" + Guid.NewGuid().ToString("N")[..8]);

    public KeyRingTests() => Directory.CreateDirectory(_scratch);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    [Fact]
    public async Task SignInOnOneInstance_PostFormOnAnotherWithItsOwnContentRoot_IsAccepted()
    {
        await using var first = new BatonAppFactory();
        await using var pair = await SignedInOnFirstAsync(first);
        var (onFirst, onSecond, agent) = (pair.OnFirst, pair.OnSecond, pair.Agent);

        var token = await onFirst.AntiforgeryTokenOnAsync("/Account/Profile");
        var post = await onSecond.Http.PostAsync("/Account/Profile?handler=Settings", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Settings.DisplayName"] = "Renamed on the second instance",
            ["Settings.TimeZoneId"] = "Europe/Berlin",
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/Account/Profile", post.Headers.Location?.OriginalString);
        var saved = await first.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == agent.Id));
        Assert.Equal("Renamed on the second instance", saved.DisplayName);
    }

    [Fact]
    public async Task WithACertificateConfigured_StoredKeysAreEncrypted_AndAnotherInstanceStillReadsThem()
    {
        var (path, password) = WriteTestCertificate();
        await using var first = new BatonAppFactory();
        first.Settings[KeyRing.CertificatePathSetting] = path;
        first.Settings[KeyRing.CertificatePasswordSetting] = password;
        await using var pair = await SignedInOnFirstAsync(first);

        var profileOnSecond = await pair.OnSecond.GetAsync("/Account/Profile");

        Assert.Equal(HttpStatusCode.OK, profileOnSecond.StatusCode);
        var keys = await first.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task WithoutACertificate_StartLogsAWarningNamingTheSetting()
    {
        var logs = new CapturedWarnings();
        await using var app = new BatonAppFactory();
        app.TestServices.Add(s => s.AddSingleton<ILoggerProvider>(logs));

        using var http = app.CreateClient();
        var ready = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(logs.Messages, m => m.Contains("unencrypted", StringComparison.Ordinal) && m.Contains(KeyRing.CertificatePathSetting, StringComparison.Ordinal));
    }

    /// <summary>A second instance on <paramref name="first"/>'s database, and one browser signed in as an agent on the first.</summary>
    private async Task<TwoInstances> SignedInOnFirstAsync(BatonAppFactory first)
    {
        var agent = await first.CreateAgentAsync();
        var second = first.AnotherInstance(ContentRoot("second"));
        var browser = new CookieContainer();
        var onFirst = first.PageClientWith(browser);
        var signIn = await onFirst.PostFormAsync("/Account/Login", new() { ["Input.Email"] = agent.Email, ["Input.Password"] = BatonAppFactory.UserPassword });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return new TwoInstances(second, onFirst, second.PageClientWith(browser), agent);
    }

    private sealed record TwoInstances(BatonAppFactory Second, PageClient OnFirst, PageClient OnSecond, BatonAppFactory.TestUser Agent) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            OnFirst.Dispose();
            OnSecond.Dispose();
            await Second.DisposeAsync();
        }
    }

    private string ContentRoot(string name)
    {
        // Another install folder: by default ASP.NET Core keeps apps with different content roots apart.
        var root = Path.Combine(_scratch, name);
        Directory.CreateDirectory(root);
        var settings = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (File.Exists(settings))
        {
            File.Copy(settings, Path.Combine(root, "appsettings.json"));
        }

        return root;
    }

    private (string Path, string Password) WriteTestCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Baton key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var password = "Pfx-" + Guid.NewGuid().ToString("N")[..12];
        var path = Path.Combine(_scratch, "keyring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return (path, password);
    }

    private sealed class CapturedWarnings : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    messages.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
