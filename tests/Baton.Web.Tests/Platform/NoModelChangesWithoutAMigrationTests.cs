using Baton.Web.Data;
using Baton.Web.Data.Migrations.Legacy;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Tests.Platform;

/// <summary>
/// What <c>dotnet ef migrations add</c> would find: a model change on either provider without its generated migration
/// fails the build (docs/adr/0002, README "Adding a migration"). Needs no database: it compares the model with each set's
/// snapshot.
/// </summary>
public sealed class NoModelChangesWithoutAMigrationTests
{
    public static TheoryData<string> Providers => [DatabaseSetup.Sqlite, DatabaseSetup.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public void TheModel_EqualsTheLastMigrationsSnapshot(string provider)
    {
        using var db = DesignTime(provider);
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model has changes no migration makes. Add one: dotnet ef migrations add <Name> --project src/Baton.Web --context {db.GetType().Name} -o Data/Migrations/{provider} (and the same for the other provider).");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void EachProvidersSet_StartsWithTheBaseline(string provider)
    {
        using var db = DesignTime(provider);
        var migrations = db.Database.GetMigrations().ToList();
        Assert.Equal(LegacyMigrations.Baseline, migrations.FirstOrDefault());
        Assert.All(migrations, id => Assert.True(string.CompareOrdinal(id, LegacyMigrations.Baseline) >= 0, $"{id} is older than the baseline"));
    }

    /// <summary>The context <c>dotnet ef</c> itself builds (the design-time factory), so the test sees what the tool sees.</summary>
    private static BatonDb DesignTime(string provider) => provider == DatabaseSetup.Sqlite
        ? new SqliteBatonDbDesignTimeFactory().CreateDbContext([])
        : new PostgresBatonDbDesignTimeFactory().CreateDbContext([]);
}
