using System.Security.Cryptography;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Baton.Web.Data;

public sealed class BootstrapOptions
{
    /// <summary>Baton:AdminEmail — the first administrator's sign-in.</summary>
    public string AdminEmail { get; set; } = "admin@baton.local";

    /// <summary>Baton:AdminPassword (env Baton__AdminPassword). Empty: a one-time password is generated and printed.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Fill an empty database with a demo desk (the --demo switch sets this).</summary>
    public bool Demo { get; set; }

    /// <summary>Password shared by the demo accounts (Baton:DemoPassword).</summary>
    public string DemoPassword { get; set; } = "Baton-demo-2026";
}

/// <summary>
/// Prepares the database while the web server already listens (requests get 503 until then, see
/// <see cref="DatabaseReadiness"/>): waits for the database to come up (back-off up to <c>Database:StartupTimeout</c>),
/// then, holding <see cref="StartupLock"/> so instances starting together take turns, applies migrations, makes sure
/// reference data exists (roles, the priority matrix, number sequences), creates the first administrator and, with
/// --demo on an empty database, a demo desk. Every step only adds what is missing, so the second instance finds
/// nothing to do. A failure it cannot wait out stops the process with the reason.
/// </summary>
public sealed class Bootstrap(
    IServiceProvider services, IOptions<BootstrapOptions> options, DatabaseReadiness readiness, IEnumerable<IReadinessStep> steps, IEnumerable<ISeedStep> seeds,
    IHostApplicationLifetime lifetime, IConfiguration configuration, ILogger<Bootstrap> logger) : BackgroundService
{
    /// <summary>Database:StartupTimeout — how long start-up waits for an unreachable database before giving up (default 2 minutes).</summary>
    public static TimeSpan StartupTimeout(IConfiguration configuration) =>
        configuration.GetValue<TimeSpan?>("Database:StartupTimeout") ?? TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            LogDatabase();
            await WaitForDatabaseAsync(PrepareAsync, StartupTimeout(configuration), "Start-up", stoppingToken);
            readiness.MarkReady();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            readiness.MarkStopped();
        }
        catch (Exception e)
        {
            logger.LogCritical(e is StartupFailureException ? null : e, "Baton cannot start: {Reason}", e.Message);
            readiness.MarkFailed(e);
            lifetime.StopApplication(); // Program.cs turns the failure into a non-zero exit code
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> until it gets past connecting: while the database is unreachable or restarting
    /// (<see cref="DatabaseFailures"/>), waits 1, 2, 4 … 15 s and tries again, saying so, for up to <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForDatabaseAsync(Func<CancellationToken, Task> work, TimeSpan timeout, string what, CancellationToken ct)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await work(ct);
                return;
            }
            catch (Exception e) when (DatabaseFailures.IsUnavailable(e) && !ct.IsCancellationRequested)
            {
                if (waited.Elapsed + delay > timeout)
                {
                    throw new StartupFailureException(
                        $"The database was still unavailable after {waited.Elapsed.TotalSeconds:0} s ({e.Message}). Check that it is running and reachable, or raise Database:StartupTimeout.", e);
                }

                readiness.Status = "waiting for the database: " + e.Message;
                logger.LogWarning("{What}: the database is not available yet ({Reason}); retrying in {Delay} s, for up to {Timeout} s in all.",
                    what, e.Message, delay.TotalSeconds, timeout.TotalSeconds);
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 15));
            }
        }
    }

    /// <summary><c>--migrate</c>: migrations only, with the same database wait and <see cref="StartupLock"/> as a start.</summary>
    public async Task RunMigrateOnlyAsync(CancellationToken ct)
    {
        LogDatabase();
        await WaitForDatabaseAsync(c => WithLockAsync(seed: false, c), StartupTimeout(configuration), "--migrate", ct);
    }

    /// <summary>Which database this instance uses: two instances silently sharing (or not sharing) one is found here.</summary>
    private void LogDatabase()
    {
        using var scope = services.CreateScope();
        logger.LogInformation("Database: {Database}", DatabaseSetup.Describe(scope.ServiceProvider.GetRequiredService<BatonDb>()));
    }

    private Task PrepareAsync(CancellationToken ct) => WithLockAsync(seed: true, ct);

    private async Task WithLockAsync(bool seed, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<BatonDb>();
        readiness.Status = "migrating";
        await using (await StartupLock.AcquireAsync(db, StartupTimeout(configuration), logger, ct))
        {
            await DatabaseSetup.MigrateAsync(db, ct);
            if (seed)
            {
                await SeedAsync(db, sp, ct);

                // Under the lock and inside the database wait too: e.g. the first Data Protection key is made once.
                foreach (var step in steps)
                {
                    await step.RunAsync(sp, ct);
                }
            }
        }
    }

    internal async Task SeedAsync(BatonDb db, IServiceProvider sp, CancellationToken cancellationToken)
    {
        await SeedReferenceDataAsync(db, sp.GetRequiredService<RoleManager<IdentityRole>>(), cancellationToken);
        foreach (var seed in seeds)
        {
            await seed.SeedAsync(db, sp, cancellationToken);
        }

        var users = sp.GetRequiredService<UserManager<BatonUser>>();
        if (!await db.Users.AnyAsync(cancellationToken))
        {
            await CreateAdministratorAsync(users);
            if (options.Value.Demo)
            {
                var demo = sp.GetService<IDemoDesk>() ?? throw new StartupFailureException("--demo refused: this build of Baton has no demo desk registered.");
                await demo.FillAsync(db, users, options.Value.DemoPassword, sp, cancellationToken);
                Console.WriteLine($"Demo desk created. Agents sign in as e.g. dana.ops@demo.baton.local, client contacts as e.g. mia.chen@northwind.example — password '{options.Value.DemoPassword}'.");
            }
        }
        else if (options.Value.Demo)
        {
            // Restarting the demo desk with --demo is fine; --demo against a real desk's database is a mistake to stop at.
            if (!await db.Users.AnyAsync(u => u.NormalizedEmail!.EndsWith("@DEMO.BATON.LOCAL"), cancellationToken))
            {
                var count = await db.Users.CountAsync(cancellationToken);
                throw new StartupFailureException(
                    $"--demo refused: the database ({DatabaseSetup.Describe(db)}) is not empty — it has {count} user(s) and no demo desk. " +
                    "Start without --demo to use it, or point Baton at an empty database (another Baton:DataDirectory, or another PostgreSQL database) for the demo.");
            }

            logger.LogInformation("--demo: the demo desk is already in this database.");
        }
    }

    internal static async Task SeedReferenceDataAsync(BatonDb db, RoleManager<IdentityRole> roles, CancellationToken ct)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        if (!await db.PriorityCells.AnyAsync(ct))
        {
            db.PriorityCells.AddRange(PriorityMatrix.Default.Cells().Select(c => new PriorityCell { Impact = c.Impact, Urgency = c.Urgency, Priority = c.Priority }));
        }

        foreach (var name in Enum.GetValues<TicketKind>().Select(TicketNumber.Prefix).Append(ProjectNumber.Prefix))
        {
            if (!await db.NumberSequences.AnyAsync(s => s.Name == name, ct))
            {
                db.NumberSequences.Add(new NumberSequence { Name = name, Last = 0 });
            }
        }

        if (!await db.ProjectTypes.AnyAsync(ct))
        {
            // A starting list an administrator renames or extends; the insight panel shows the type to technicians.
            db.ProjectTypes.AddRange(StarterProjectTypes.Select(n => new ProjectType(n)));
        }

        await db.SaveChangesAsync(ct);
    }

    private static readonly string[] StarterProjectTypes = ["UCaaS migration", "Network refresh", "Microsoft 365 migration", "New client onboarding"];

    private async Task CreateAdministratorAsync(UserManager<BatonUser> users)
    {
        var o = options.Value;
        var generated = string.IsNullOrWhiteSpace(o.AdminPassword);
        // The digits at the end: random base64 lacks one about one time in fifteen, and Identity then refuses the password.
        var password = generated
            ? "Baton-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('/', 'x').Replace('+', 'y') + "-" + RandomNumberGenerator.GetInt32(10, 100)
            : o.AdminPassword!;
        // A generated password has been on a console (and perhaps in a log): it must be replaced at first sign-in. A
        // configured one was chosen by the operator (deployments, tests) and is not forced.
        var admin = new BatonUser { UserName = o.AdminEmail, Email = o.AdminEmail, EmailConfirmed = true, DisplayName = "Administrator", MustChangePassword = generated };
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not create the administrator: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(admin, Roles.Administrator);
        if (generated)
        {
            Console.WriteLine();
            Console.WriteLine("================================================================");
            Console.WriteLine($" Baton administrator created: {o.AdminEmail}");
            Console.WriteLine($" One-time password:           {password}");
            Console.WriteLine(" Sign in with it and choose your own password. It is not shown again.");
            Console.WriteLine("================================================================");
            Console.WriteLine();
        }
        else
        {
            logger.LogInformation("Administrator {Email} created with the configured password.", o.AdminEmail);
        }
    }
}
