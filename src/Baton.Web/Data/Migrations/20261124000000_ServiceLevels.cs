using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Baton.Web.Data.Migrations;

/// <summary>
/// Business calendars, SLA policies, contracts, the SLA clocks on tickets, SLA events and in-app notifications.
/// Written by hand from <c>--print-schema</c> output (docs/adr/0002-hand-written-migrations.md). Tickets opened
/// before this migration have no clocks (their SLA columns stay empty); every ticket opened after has them.
/// </summary>
[DbContext(typeof(BatonDb))]
[Migration("20261124000000_ServiceLevels")]
public sealed class ServiceLevels : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(MigrationScripts.Read("20261124000000_ServiceLevels", ActiveProvider));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Baton migrates forward only; restore a backup to go back.");
}
