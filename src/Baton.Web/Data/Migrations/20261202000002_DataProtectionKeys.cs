using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Baton.Web.Data.Migrations;

/// <summary>
/// The Data Protection key ring moves from the process user's home directory into the database, so instances on one
/// database share it and a redeploy keeps everyone signed in (Infrastructure/Auth/KeyRing.cs). Written by hand from
/// <c>--print-schema</c> output (docs/adr/0002-hand-written-migrations.md).
/// </summary>
[DbContext(typeof(BatonDb))]
[Migration("20261202000002_DataProtectionKeys")]
public sealed class DataProtectionKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(MigrationScripts.Read("20261202000002_DataProtectionKeys", ActiveProvider));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Baton migrates forward only; restore a backup to go back.");
}
