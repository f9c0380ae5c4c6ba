using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Baton.Web.Data;

/// <summary>
/// <see cref="BatonDb"/> on SQLite: the type its generated migrations (Data/Migrations/Sqlite) and their model snapshot
/// belong to. Registered in place of <c>BatonDb</c> when <c>Database:Provider</c> is Sqlite.
/// </summary>
public sealed class SqliteBatonDb(DbContextOptions<SqliteBatonDb> options) : BatonDb(options)
{
    public static DbContextOptionsBuilder<SqliteBatonDb> Options(string connectionString) =>
        new DbContextOptionsBuilder<SqliteBatonDb>().UseSqlite(connectionString);
}

/// <summary>
/// For <c>dotnet ef migrations add X --context SqliteBatonDb -o Data/Migrations/Sqlite</c>: the model for SQLite, with no
/// database needed (adding a migration reads only the model and the snapshot).
/// </summary>
public sealed class SqliteBatonDbDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBatonDb>
{
    public SqliteBatonDb CreateDbContext(string[] args) => new(SqliteBatonDb.Options("Data Source=baton-design-time.db").Options);
}
