using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Baton.Web.Data.Migrations;

/// <summary>
/// Catalogue names and versions (issue 10): names of teams, categories, calendars, SLA policies and project types are
/// unique regardless of case in the database itself (a <c>NameKey</c> column, the upper-cased name, under a unique
/// index; existing names that differ only in case are made distinct first, see the scripts), and the
/// <c>CatalogueVersions</c> rows that tell other instances a cached catalogue changed (docs/adr/0012).
/// Written by hand from <c>--print-schema</c> output (docs/adr/0002-hand-written-migrations.md).
/// </summary>
[DbContext(typeof(BatonDb))]
[Migration("20261203000040_CatalogueNames")]
public sealed class CatalogueNames : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(MigrationScripts.Read("20261203000040_CatalogueNames", ActiveProvider));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Baton migrates forward only; restore a backup to go back.");
}
