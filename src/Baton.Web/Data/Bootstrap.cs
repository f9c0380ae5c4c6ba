using System.Security.Cryptography;
using Baton.Domain.Projects;
using Baton.Domain.Tickets;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Features.Demo;
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
/// Runs before the server takes requests: applies migrations, makes sure reference data exists (roles, the
/// priority matrix, number sequences), creates the first administrator, and, with --demo, a demo desk.
/// </summary>
public sealed class Bootstrap(IServiceProvider services, IOptions<BootstrapOptions> options, ILogger<Bootstrap> logger, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<BatonDb>();
        await DatabaseSetup.MigrateAsync(db, cancellationToken);
        await SeedReferenceDataAsync(db, sp.GetRequiredService<RoleManager<IdentityRole>>(), cancellationToken);
        await Features.Closeout.CloseoutTemplateDefaults.SeedAsync(db, clock, cancellationToken);

        var users = sp.GetRequiredService<UserManager<BatonUser>>();
        if (!await db.Users.AnyAsync(cancellationToken))
        {
            await CreateAdministratorAsync(users);
            if (options.Value.Demo)
            {
                await DemoData.FillAsync(db, users, options.Value.DemoPassword, clock, sp.GetRequiredService<Features.Hypercare.HypercareIntake>(), cancellationToken);
                Console.WriteLine($"Demo desk created. Agents sign in as e.g. dana.ops@demo.baton.local, client contacts as e.g. mia.chen@northwind.example — password '{options.Value.DemoPassword}'.");
            }
        }
        else if (options.Value.Demo)
        {
            logger.LogWarning("--demo ignored: the database already has users. Point Baton at an empty database to get the demo desk.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
        await ServiceLevelDefaults.SeedAsync(db, ct);
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
