using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Baton.Web.Data.Migrations;

/// <summary>
/// Close-out and hand-off: the support-owned checklist template (one immutable row per published version, guarded by
/// triggers), proposals from tickets, each project's checklist and its items, and the hand-off meeting. Written by
/// hand from <c>--print-schema</c> output (docs/adr/0002-hand-written-migrations.md).
/// </summary>
[DbContext(typeof(BatonDb))]
[Migration("20261201000003_Closeout")]
public sealed class Closeout : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(MigrationScripts.Read("20261201000003_Closeout", ActiveProvider));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Baton migrates forward only; restore a backup to go back.");
}
