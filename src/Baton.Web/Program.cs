using Baton.Web;
using Baton.Web.Data;
using Microsoft.EntityFrameworkCore;

var flags = StartupFlags.Parse(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = flags.HostArgs });
builder.AddBaton(flags);
var app = builder.Build();
app.UseBaton();

if (flags.PrintSchema is { } provider)
{
    // For writing migrations by hand: the DDL EF would create for the current model (see docs/adr/0002).
    using var scope = app.Services.CreateScope();
    Console.WriteLine(scope.ServiceProvider.GetRequiredService<BatonDb>().Database.GenerateCreateScript());
    Console.Error.WriteLine($"-- schema for {provider}");
    return;
}

if (flags.MigrateOnly)
{
    using var scope = app.Services.CreateScope();
    await DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<BatonDb>());
    Console.WriteLine("Migrations applied.");
    return;
}

await app.RunAsync();

/// <summary>Entry point; public so the test host can start it.</summary>
public partial class Program;
