using Baton.Web;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

var flags = StartupFlags.Parse(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = flags.HostArgs });
try
{
    builder.AddBaton(flags);
}
catch (StartupFailureException failure)
{
    // An operator's mistake (e.g. a read-only data directory): the reason, not a stack trace.
    Console.Error.WriteLine("Baton cannot start: " + failure.Message);
    Environment.ExitCode = 1;
    return;
}

var app = builder.Build();
app.UseBaton();

if (flags.PrintSchema is { } provider)
{
    // The DDL EF would create for the current model, to read; migrations are generated with dotnet ef (docs/adr/0002).
    using var scope = app.Services.CreateScope();
    Console.WriteLine(scope.ServiceProvider.GetRequiredService<BatonDb>().Database.GenerateCreateScript());
    Console.Error.WriteLine($"-- schema for {provider}");
    return;
}

if (flags.MigrateOnly)
{
    // Under the same start-up lock and database wait as a normal start, so it can run beside starting instances.
    try
    {
        await app.Services.GetRequiredService<Bootstrap>().RunMigrateOnlyAsync(CancellationToken.None);
    }
    catch (StartupFailureException failure)
    {
        Console.Error.WriteLine("Baton cannot migrate: " + failure.Message);
        Environment.ExitCode = 1;
        return;
    }

    Console.WriteLine("Migrations applied.");
    return;
}

var readiness = app.Services.GetRequiredService<DatabaseReadiness>();
try
{
    await app.RunAsync();
}
catch (OperationCanceledException)
{
    // The host's own start was cancelled while Kestrel was still binding: by a start-up failure (its reason follows)
    // or by a stop request (a clean exit).
}

if (readiness.Failure is { } startFailure)
{
    // Start-up gave up (logged as Critical): stop with a non-zero code, so a supervisor or a script notices.
    Console.Error.WriteLine("Baton cannot start: " + startFailure.Message);
    Environment.ExitCode = 1;
}

/// <summary>Entry point; public so the test host can start it.</summary>
public partial class Program;
