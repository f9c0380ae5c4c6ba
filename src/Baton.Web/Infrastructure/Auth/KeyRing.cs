using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Baton.Web.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Baton.Web.Infrastructure.Auth;

/// <summary>
/// The Data Protection key ring that signs sign-in cookies and antiforgery tokens. Kept in the database, so every
/// instance on one database reads the same keys and a redeploy (a new container, a new home directory) signs
/// nobody out. Encrypted at rest with a certificate when <c>DataProtection:CertificatePath</c> names a .pfx.
/// </summary>
public static class KeyRing
{
    /// <summary>
    /// Fixed, so instances started from different folders share keys: by default ASP.NET Core isolates apps by
    /// their content root path, and a cookie from one install would be unreadable by another.
    /// </summary>
    public const string ApplicationName = "Baton";

    public const string CertificatePathSetting = "DataProtection:CertificatePath";
    public const string CertificatePasswordSetting = "DataProtection:CertificatePassword";

    public static IServiceCollection AddBatonKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var keys = services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<BatonDb>();
        if (configuration[CertificatePathSetting] is { Length: > 0 } path)
        {
            keys.ProtectKeysWithCertificate(LoadCertificate(path, configuration[CertificatePasswordSetting]));
        }
        else
        {
            services.AddHostedService<UnencryptedKeysWarning>();
        }

        // Data Protection loads the key ring in a hosted service of its own at host start, which is before Bootstrap
        // has migrated (it runs in the background now): on a new database that read fails on a missing table. Load it
        // as a readiness step instead, once the table is there.
        services.RemoveAll<IHostedService>(d => d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService");
        services.AddSingleton<IReadinessStep, LoadKeyRing>();
        return services;
    }

    private static void RemoveAll<T>(this IServiceCollection services, Func<ServiceDescriptor, bool> match)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(T) && match(d)).ToList())
        {
            services.Remove(descriptor);
        }
    }

    /// <summary>Reads the key ring (creating the first key on a new database) before Baton reports ready.</summary>
    private sealed class LoadKeyRing : IReadinessStep
    {
        public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Baton.KeyRing.Load").Protect([1]);
            return Task.CompletedTask;
        }
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"{CertificatePathSetting}: '{path}' has no private key; the key ring cannot be decrypted without one.");
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{CertificatePathSetting}: cannot load the certificate '{path}' ({e.Message}). Check the file and {CertificatePasswordSetting}.", e);
        }
    }

    /// <summary>Says once at start that the keys are stored readable, and how to change that.</summary>
    private sealed class UnencryptedKeysWarning(ILogger<UnencryptedKeysWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning(
                "Data Protection keys (they sign sign-in cookies and form tokens) are stored unencrypted in the database table DataProtectionKeys. Set {Setting} to a .pfx certificate (and {PasswordSetting}) to encrypt them.",
                CertificatePathSetting, CertificatePasswordSetting);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
