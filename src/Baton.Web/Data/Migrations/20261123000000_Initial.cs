using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Baton.Web.Data.Migrations;

/// <summary>
/// The initial schema, one script per provider (see docs/adr/0002-hand-written-migrations.md).
/// The scripts were produced from the model with <c>--print-schema sqlite|postgres</c>, then the audit-trail
/// triggers were added by hand. SchemaMatchesModelTests fails if model and scripts drift apart.
/// </summary>
[DbContext(typeof(BatonDb))]
[Migration("20261123000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(MigrationScripts.Read("20261123000000_Initial", ActiveProvider));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Baton migrates forward only; restore a backup to go back.");
}
