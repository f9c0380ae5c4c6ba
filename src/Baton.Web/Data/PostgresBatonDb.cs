using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Baton.Web.Data;

/// <summary>
/// <see cref="BatonDb"/> on PostgreSQL: the type its generated migrations (Data/Migrations/Postgres) and their model
/// snapshot belong to. Registered in place of <c>BatonDb</c> when <c>Database:Provider</c> is Postgres.
/// </summary>
public sealed class PostgresBatonDb(DbContextOptions<PostgresBatonDb> options) : BatonDb(options)
{
    public static DbContextOptionsBuilder<PostgresBatonDb> Options(string connectionString) =>
        new DbContextOptionsBuilder<PostgresBatonDb>().UseNpgsql(connectionString, n => n.MigrationsHistoryTable("__EFMigrationsHistory"));
}

/// <summary>
/// For <c>dotnet ef migrations add X --context PostgresBatonDb -o Data/Migrations/Postgres</c>: the model for PostgreSQL,
/// with no server needed (adding a migration reads only the model and the snapshot).
/// </summary>
public sealed class PostgresBatonDbDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBatonDb>
{
    public PostgresBatonDb CreateDbContext(string[] args) => new(PostgresBatonDb.Options("Host=localhost;Database=baton_design_time").Options);
}
