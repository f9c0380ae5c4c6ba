using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Baton.Web.Data;

/// <summary>
/// Whether the database is usable: set by <see cref="Bootstrap"/> once the schema is migrated, reference data is seeded
/// and every <see cref="IReadinessStep"/> ran. Until then the web server already listens — <c>/health/live</c> answers
/// 200, <c>/health/ready</c> 503, every other request 503 with Retry-After — and the background jobs wait on
/// <see cref="Ready"/>. Code that needs the database at start awaits <see cref="Ready"/> instead of racing the migration.
/// </summary>
public sealed class DatabaseReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the database is ready; faults (with a <see cref="StartupFailureException"/> or the cause) when start-up gave up.</summary>
    public Task Ready => _ready.Task;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Why start-up gave up, if it did (the process then stops with a non-zero exit code).</summary>
    public Exception? Failure => _ready.Task.Exception?.InnerException;

    /// <summary>What start-up is doing now, for <c>/health/ready</c> ("waiting for the database", "migrating").</summary>
    public string Status { get; internal set; } = "starting";

    /// <summary>For background jobs: waits until ready; false when start-up failed or the host is stopping (the job then does not run).</summary>
    public static async Task<bool> WaitAsync(IServiceScopeFactory scopes, CancellationToken stoppingToken)
    {
        using var scope = scopes.CreateScope();
        var ready = scope.ServiceProvider.GetRequiredService<DatabaseReadiness>().Ready;
        try
        {
            await ready.WaitAsync(stoppingToken);
            return true;
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested || ready.IsCompleted)
        {
            return false;
        }
    }

    internal void MarkReady()
    {
        Status = "ready";
        _ready.TrySetResult();
    }

    /// <summary>The host was asked to stop before start-up finished: not a failure, so no non-zero exit code.</summary>
    internal void MarkStopped()
    {
        Status = "stopped";
        _ready.TrySetCanceled();
    }

    internal void MarkFailed(Exception failure)
    {
        Status = "failed: " + failure.Message;
        _ready.TrySetException(failure);
        _ = _ready.Task.Exception; // observed: the failure is logged where it happened
    }
}

/// <summary>
/// Work that must finish before Baton reports ready, after migrations and seeding (e.g. warming caches). Registered as
/// <c>services.AddSingleton&lt;IReadinessStep, …&gt;()</c>; each runs in registration order, under the start-up lock, in the
/// seeding scope, and again if the database went away meanwhile (so it must be safe to repeat).
/// </summary>
public interface IReadinessStep
{
    Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>
/// Reference data a feature needs in every database (its defaults: the 24×7 calendar, the close-out template), seeded
/// after the kernel's own and in registration order, so the kernel names no feature. Must be safe to repeat.
/// </summary>
public interface ISeedStep
{
    Task SeedAsync(BatonDb db, IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>A seed step from a delegate, for a feature's static defaults.</summary>
public sealed class SeedStep(Func<BatonDb, IServiceProvider, CancellationToken, Task> seed) : ISeedStep
{
    public Task SeedAsync(BatonDb db, IServiceProvider services, CancellationToken cancellationToken) => seed(db, services, cancellationToken);
}

/// <summary>Fills an empty database with the demo desk (--demo); registered by the composition root, not known to the kernel.</summary>
public interface IDemoDesk
{
    Task FillAsync(BatonDb db, UserManager<BatonUser> users, string password, IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>Answers 503 with Retry-After while the database is not ready yet, except for the health endpoints.</summary>
public static class DatabaseReadinessGate
{
    /// <summary>Seconds a client is told to wait while Baton starts or the database is away.</summary>
    public const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseDatabaseReadinessGate(this IApplicationBuilder app)
    {
        var readiness = app.ApplicationServices.GetRequiredService<DatabaseReadiness>();
        return app.Use(async (context, next) =>
        {
            if (readiness.IsReady || context.Request.Path.StartsWithSegments("/health"))
            {
                await next(context);
                return;
            }

            await WriteUnavailableAsync(context, "Baton is starting", "Baton is starting and waiting for its database. Try again in a few seconds.");
        });
    }

    /// <summary>503 with Retry-After: problem details on the API, a short page that reloads itself elsewhere.</summary>
    public static async Task WriteUnavailableAsync(HttpContext context, string title, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        if (BatonHost.IsApi(context.Request.Path))
        {
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = 503, Title = title, Detail = detail },
            });
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        var text = System.Net.WebUtility.HtmlEncode(detail);
        await context.Response.WriteAsync($"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{RetryAfterSeconds}">
            <title>{System.Net.WebUtility.HtmlEncode(title)} · Baton</title></head>
            <body><h1>{System.Net.WebUtility.HtmlEncode(title)}</h1><p>{text}</p><p>This page reloads itself.</p></body></html>
            """);
    }
}

public static class DatabaseStartupServices
{
    /// <summary>The start-up sequence: <see cref="Bootstrap"/> in the background, the readiness it reports, and the data directory's health.</summary>
    public static IServiceCollection AddDatabaseStartup(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton<DatabaseReadiness>();
        services.AddSingleton<Bootstrap>();
        services.AddHostedService(sp => sp.GetRequiredService<Bootstrap>());
        services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            "data-directory", sp => new DataDirectoryCheck(dataDirectory, sp.GetRequiredService<DatabaseReadiness>()), failureStatus: null, tags: ["ready"]));
        return services;
    }
}
