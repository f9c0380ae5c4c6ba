using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Baton.Web.Data.Migrations;

/// <summary>
/// One audit trail for every kind of record (docs/adr/0010-audit-trail-and-timeline.md): <c>AuditEntries</c>, keyed by
/// record kind and id, takes over from <c>TicketAuditEntries</c>. The ticket rows are copied with their ids (so the
/// trail keeps its order), the old table is dropped, and the new one is append-only in the database too. Written by
/// hand from <c>--print-schema</c> output (docs/adr/0002-hand-written-migrations.md); each script ends with the
/// triggers, in their own part, which a fresh database needs as much as an upgraded one.
/// </summary>
[DbContext(typeof(BatonDb))]
[Migration("20261203000020_AuditTrail")]
public sealed class AuditTrail : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(MigrationScripts.Read("20261203000020_AuditTrail", ActiveProvider));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Baton migrates forward only; restore a backup to go back.");
}
