using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Baton.Web.Data.Migrations;

/// <summary>
/// Access control (issue 9): API-token scopes (existing tokens stay read-write) and feed tokens, a contact's portal
/// access that can be revoked with its audit trail, and the first administrator's must-change-password flag.
/// Written by hand from <c>--print-schema</c> output (docs/adr/0002-hand-written-migrations.md).
/// </summary>
[DbContext(typeof(BatonDb))]
[Migration("20261202000001_AccessControl")]
public sealed class AccessControl : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(MigrationScripts.Read("20261202000001_AccessControl", ActiveProvider));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Baton migrates forward only; restore a backup to go back.");
}
