using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Baton.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Baton.Web.Infrastructure.Startup;

/// <summary>
/// After a restart the first visit of each page paid for JIT compilation, EF query compilation and view activation:
/// 0.3–3.5 s each (bench/README.md, "Startup"). Before reporting ready, Baton requests its main pages once itself,
/// over loopback, signed in as an administrator, so the first user request finds them warm. Bounded: whatever
/// happens, ready follows within <see cref="Budget"/>. Off with <c>Baton:WarmUp=false</c>.
/// </summary>
public static class WarmUp
{
    public const string Setting = "Baton:WarmUp";

    /// <summary>The longest a warm-up may keep /health/ready at 503.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddBatonWarmUp(this IServiceCollection services, IConfiguration configuration)
    {
        var enabled = configuration.GetValue(Setting, defaultValue: true);
        services.AddSingleton(new WarmUpProgress(done: !enabled));
        services.AddHealthChecks().AddCheck<WarmUpReadyCheck>("warm-up", tags: ["ready"]);
        if (enabled)
        {
            services.AddHostedService<WarmUpService>();
        }

        return services;
    }
}

/// <summary>One page the warm-up requested: its status (none when the request failed) and how long it took.</summary>
public sealed record WarmedPage(string Path, HttpStatusCode? Status, TimeSpan Took);

/// <summary>Whether the warm-up has finished, and what each page answered (for the log and the tests).</summary>
public sealed class WarmUpProgress(bool done)
{
    private readonly TaskCompletionSource _done = NewCompletion(done);

    public bool Done => _done.Task.IsCompleted;

    public Task Completion => _done.Task;

    public IReadOnlyList<WarmedPage> Pages { get; private set; } = [];

    internal void Finish(IReadOnlyList<WarmedPage> pages)
    {
        Pages = pages;
        _done.TrySetResult();
    }

    private static TaskCompletionSource NewCompletion(bool done)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (done)
        {
            completion.SetResult();
        }

        return completion;
    }
}

/// <summary>503 on /health/ready until the warm-up is over, so a load balancer sends no one to a cold instance.</summary>
public sealed class WarmUpReadyCheck(WarmUpProgress progress) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(progress.Done ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Warming up the main pages."));
}

internal sealed partial class WarmUpService(
    IHostApplicationLifetime lifetime,
    IServer server,
    IServiceScopeFactory scopes,
    IOptionsMonitor<CookieAuthenticationOptions> cookies,
    WarmUpProgress progress,
    ILogger<WarmUpService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pages = new List<WarmedPage>();
        var total = Stopwatch.StartNew();
        try
        {
            // Kestrel listens once the host has started; the pages need the database migrated and seeded (Bootstrap).
            await WhenStartedAsync(stoppingToken);
            if (!await DatabaseReadiness.WaitAsync(scopes, stoppingToken))
            {
                return;
            }

            using var budget = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            budget.CancelAfter(WarmUp.Budget);
            await WarmPagesAsync(pages, budget.Token);
            logger.LogInformation("Warmed up {Count} pages in {Elapsed:0} ms: {Pages}.", pages.Count, total.Elapsed.TotalMilliseconds,
                string.Join(", ", pages.Select(p => $"{p.Path} {(p.Status is { } status ? (int)status : "failed")} {p.Took.TotalMilliseconds:0} ms")));
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Warm-up stopped after {Budget}; reporting ready with {Count} pages warm.", WarmUp.Budget, pages.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A warm-up is an optimisation: never a reason to stay unready.
            logger.LogWarning(e, "Warm-up failed after {Count} pages; reporting ready anyway.", pages.Count);
        }
        finally
        {
            progress.Finish(pages);
        }
    }

    private async Task WarmPagesAsync(List<WarmedPage> pages, CancellationToken ct)
    {
        if (LoopbackAddress() is not { } address)
        {
            logger.LogInformation("Warm-up skipped: Baton listens on no plain-HTTP address it could call itself.");
            return;
        }

        var (cookie, ticket, project) = await SignInAndFindRecordsAsync(ct);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(10),
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("Baton-WarmUp");

        try
        {
            await WarmSignInPageAsync(http, pages, ct);
        }
        catch (Exception e) when (IsRequestFailure(e, ct))
        {
            pages.Add(new WarmedPage("/Account/Login", null, TimeSpan.Zero));
        }

        if (cookie is null)
        {
            return;
        }

        string[] signedIn =
        [
            "/Tickets", ticket is null ? "" : $"/Tickets/{ticket}", "/Tickets/New", "/Projects", project is null ? "" : $"/Projects/{project}",
            "/Reports/Sla", "/reports/daily", "/Notifications", "/Admin/Clients", "/Account/Profile",
        ];
        foreach (var path in signedIn.Where(p => p.Length > 0))
        {
            await RequestAsync(http, path, cookie, pages, ct);
        }
    }

    /// <summary>The sign-in page and its form post, with an address that cannot exist (no account is touched).</summary>
    private static async Task WarmSignInPageAsync(HttpClient http, List<WarmedPage> pages, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        using var page = await http.GetAsync(new Uri("/Account/Login", UriKind.Relative), ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        pages.Add(new WarmedPage("/Account/Login", page.StatusCode, watch.Elapsed));
        var token = AntiforgeryToken().Match(html);
        if (!token.Success || !page.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            return;
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri("/Account/Login", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = "warm-up@baton.invalid",
                ["Input.Password"] = "not-a-password",
                ["__RequestVerificationToken"] = token.Groups[1].Value,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", setCookies.Select(c => c.Split(';')[0])));
        watch.Restart();
        using var answer = await http.SendAsync(post, ct);
        pages.Add(new WarmedPage("POST /Account/Login", answer.StatusCode, watch.Elapsed));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>Refused, reset or timed out (HttpClient.Timeout) — not the warm-up's own budget running out.</summary>
    private static bool IsRequestFailure(Exception e, CancellationToken ct) =>
        e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested);

    private static async Task RequestAsync(HttpClient http, string path, string? cookie, List<WarmedPage> pages, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            pages.Add(new WarmedPage(path, response.StatusCode, watch.Elapsed));
        }
        catch (Exception e) when (IsRequestFailure(e, ct))
        {
            // Refused or timed out (HttpClient.Timeout): note it and go on with the next page.
            pages.Add(new WarmedPage(path, null, watch.Elapsed));
        }
    }

    /// <summary>
    /// An administrator's sign-in cookie, made in process the way the sign-in page makes one (it never leaves this
    /// process and its loopback connection), and a ticket and a project to open.
    /// </summary>
    private async Task<(string? Cookie, string? Ticket, string? Project)> SignInAndFindRecordsAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<BatonDb>();
        var ticket = await db.Tickets.AsNoTracking().OrderBy(t => t.Id).Select(t => t.Number).FirstOrDefaultAsync(ct);
        var project = await db.Projects.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Number).FirstOrDefaultAsync(ct);
        // An administrator still on the generated one-time password is sent to the change-password page by every page
        // (FirstPasswordChange): warming as them would warm nothing, so such an account is passed over.
        var admin = (await sp.GetRequiredService<UserManager<BatonUser>>().GetUsersInRoleAsync(Roles.Administrator))
            .Where(u => !u.MustChangePassword).OrderBy(u => u.Id, StringComparer.Ordinal).FirstOrDefault();
        if (admin is null)
        {
            return (null, ticket, project);
        }

        var principal = await sp.GetRequiredService<SignInManager<BatonUser>>().CreateUserPrincipalAsync(admin);
        var options = cookies.Get(IdentityConstants.ApplicationScheme);
        var value = options.TicketDataFormat.Protect(new AuthenticationTicket(principal, IdentityConstants.ApplicationScheme));
        return ($"{options.Cookie.Name}={value}", ticket, project);
    }

    private Uri? LoopbackAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        // Plain HTTP only: an HTTPS listener's certificate is issued for the public name, not for loopback.
        var chosen = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !a.Contains("unix:", StringComparison.OrdinalIgnoreCase));
        if (chosen is null || !Uri.TryCreate(chosen.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = uri.Host is "0.0.0.0" or "localhost" ? "127.0.0.1" : uri.Host is "[::]" or "::" ? "[::1]" : uri.Host;
        return new UriBuilder(uri) { Host = host }.Uri;
    }

    private async Task WhenStartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(ct);
    }
}
