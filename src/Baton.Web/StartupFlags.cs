namespace Baton.Web;

/// <summary>Baton's own command-line switches, taken out before the host reads the rest (--urls and friends).</summary>
public sealed record StartupFlags(bool Demo, bool MigrateOnly, string? PrintSchema, string[] HostArgs)
{
    public static StartupFlags Parse(string[] args)
    {
        var rest = new List<string>();
        bool demo = false, migrate = false;
        string? schema = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--demo": demo = true; break;
                case "--migrate": migrate = true; break;
                case "--print-schema":
                    schema = i + 1 < args.Length ? args[++i] : "sqlite";
                    break;
                default: rest.Add(args[i]); break;
            }
        }

        if (schema is not null)
        {
            // The provider decides the DDL; pick it from the switch so no configuration is needed. Logs would mix into the script.
            rest.Add("--Logging:LogLevel:Default=None");
            rest.Add($"--Database:Provider={(schema.StartsWith("post", StringComparison.OrdinalIgnoreCase) ? "Postgres" : "Sqlite")}");
            if (schema.StartsWith("post", StringComparison.OrdinalIgnoreCase) && !rest.Any(a => a.Contains("ConnectionStrings", StringComparison.Ordinal)))
            {
                rest.Add("--ConnectionStrings:Baton=Host=localhost;Database=baton_schema");
            }
        }

        return new StartupFlags(demo, migrate, schema, [.. rest]);
    }
}
