using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Baton.Web.Data.Migrations;

/// <summary>
/// The daily project report: the outbox of messages waiting to be sent, the record of each day's report (unique per
/// date, so it is produced once), and indexes on engagement dates and attribution times. Written by hand from
/// <c>--print-schema</c> output (docs/adr/0002-hand-written-migrations.md).
/// </summary>
[DbContext(typeof(BatonDb))]
[Migration("20261201000005_DailyReport")]
public sealed class DailyReport : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(MigrationScripts.Read("20261201000005_DailyReport", ActiveProvider));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Baton migrates forward only; restore a backup to go back.");
}
