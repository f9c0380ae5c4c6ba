namespace Baton.Web.Data.Migrations;

internal static class MigrationScripts
{
    /// <summary>Reads <c>{migration}.{sqlite|postgres}.sql</c>, embedded beside the migration class.</summary>
    public static string Read(string migration, string? activeProvider)
    {
        var suffix = activeProvider switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => "sqlite",
            "Npgsql.EntityFrameworkCore.PostgreSQL" => "postgres",
            _ => throw new NotSupportedException($"No migration scripts for provider '{activeProvider}'."),
        };
        var name = $"Baton.Web.Data.Migrations.{migration}.{suffix}.sql";
        using var stream = typeof(MigrationScripts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Migration script {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
