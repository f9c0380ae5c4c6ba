using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Baton.Web.Data.Migrations;

/// <summary>
/// Project insight on tickets: an index for a client's projects by status and close date, so the panel reads live and
/// recently closed projects as index ranges. Written by hand (docs/adr/0002-hand-written-migrations.md).
/// </summary>
[DbContext(typeof(BatonDb))]
[Migration("20261201000002_ProjectInsight")]
public sealed class ProjectInsightIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(MigrationScripts.Read("20261201000002_ProjectInsight", ActiveProvider));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Baton migrates forward only; restore a backup to go back.");
}
