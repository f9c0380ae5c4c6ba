using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Baton.Web.Data.Migrations;

/// <summary>
/// The <c>RecordEvents</c> table: one row per after-commit handler's job for a record event, written in the transaction
/// of the change, claimed with a lease and marked processed (Features/Shared/Events, docs/adr/0009). No data to copy:
/// existing tickets have no pending effects. Written by hand from <c>--print-schema</c> output
/// (docs/adr/0002-hand-written-migrations.md).
/// </summary>
[DbContext(typeof(BatonDb))]
[Migration("20261203000010_RecordEvents")]
public sealed class RecordEvents : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(MigrationScripts.Read("20261203000010_RecordEvents", ActiveProvider));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Baton migrates forward only; restore a backup to go back.");
}
