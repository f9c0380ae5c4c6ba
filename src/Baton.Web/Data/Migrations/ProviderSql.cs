using Microsoft.EntityFrameworkCore.Migrations;

namespace Baton.Web.Data.Migrations;

/// <summary>
/// The only hand-written SQL of the generated migrations (docs/adr/0002): what EF's model cannot say and each provider
/// says differently. Today that is the append-only rules — the audit trail (AuditEntries; the same statements as Legacy/20261203000020_AuditTrail part 3) and published close-out template
/// versions refuse UPDATE and DELETE in the database itself. The baseline of each provider calls
/// <see cref="Baseline"/> as its last line; a regenerated baseline must call it again.
/// The statements are exactly those of the hand-written scripts (Legacy/), so an upgraded database and a fresh one
/// hold the same triggers.
/// </summary>
public static class ProviderSql
{
    public static void Baseline(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var statements = migrationBuilder.ActiveProvider switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => SqliteAppendOnly,
            "Npgsql.EntityFrameworkCore.PostgreSQL" => PostgresAppendOnly,
            var other => throw new NotSupportedException($"No provider SQL for '{other}'."),
        };
        foreach (var statement in statements)
        {
            migrationBuilder.Sql(statement);
        }
    }

    private static readonly string[] SqliteAppendOnly =
    [
        """
        CREATE TRIGGER "AuditEntries_no_update" BEFORE UPDATE ON "AuditEntries"
        BEGIN
            SELECT RAISE(ABORT, 'The audit trail is append-only.');
        END;
        """,
        """
        CREATE TRIGGER "AuditEntries_no_delete" BEFORE DELETE ON "AuditEntries"
        BEGIN
            SELECT RAISE(ABORT, 'The audit trail is append-only.');
        END;
        """,
        """
        CREATE TRIGGER "CloseoutTemplateVersions_no_update" BEFORE UPDATE ON "CloseoutTemplateVersions"
        BEGIN
            SELECT RAISE(ABORT, 'A published close-out template version is immutable; publish a new version instead.');
        END;
        """,
        """
        CREATE TRIGGER "CloseoutTemplateVersions_no_delete" BEFORE DELETE ON "CloseoutTemplateVersions"
        BEGIN
            SELECT RAISE(ABORT, 'A published close-out template version is immutable; publish a new version instead.');
        END;
        """,
    ];

    private static readonly string[] PostgresAppendOnly =
    [
        """
        CREATE OR REPLACE FUNCTION baton_audit_trail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'The audit trail is append-only.';
        END
        $$;
        """,
        """
        CREATE TRIGGER "AuditEntries_append_only" BEFORE UPDATE OR DELETE ON "AuditEntries"
            FOR EACH ROW EXECUTE FUNCTION baton_audit_trail_append_only();
        """,
        """
        CREATE TRIGGER "AuditEntries_no_truncate" BEFORE TRUNCATE ON "AuditEntries"
            FOR EACH STATEMENT EXECUTE FUNCTION baton_audit_trail_append_only();
        """,
        """
        CREATE FUNCTION baton_reject_template_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'A published close-out template version is immutable; publish a new version instead.';
        END
        $$;
        """,
        """
        CREATE TRIGGER "CloseoutTemplateVersions_immutable" BEFORE UPDATE OR DELETE ON "CloseoutTemplateVersions"
            FOR EACH ROW EXECUTE FUNCTION baton_reject_template_version_change();
        """,
    ];
}
