using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Baton.Web.Data.Migrations;

/// <summary>
/// Hypercare: each project's hypercare team (roles and scopes), the hypercare tags of tickets (project, scope, whom
/// they were routed to) and the client users' weekly feedback. Written by hand from <c>--print-schema</c> output
/// (docs/adr/0002-hand-written-migrations.md).
/// </summary>
[DbContext(typeof(BatonDb))]
[Migration("20261201000004_Hypercare")]
public sealed class Hypercare : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(MigrationScripts.Read("20261201000004_Hypercare", ActiveProvider));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Baton migrates forward only; restore a backup to go back.");
}
