namespace Baton.Web.Data.Migrations;

/// <summary>
/// Data backfills of the generated migrations that are the same SQL on both providers, kept once here and called by
/// the migration of each set (docs/adr/0002). A backfill runs once, when its migration is applied.
/// </summary>
public static class DataBackfills
{
    /// <summary>
    /// SlaCrossingInstants: SLA events recorded before they had a crossing instant. A breach crossed at its due instant;
    /// an at-risk at the clock's warning instant when the ticket's clock still has the due instant the event was recorded
    /// with, otherwise (the clock stopped or moved since) at the instant it was noticed, the only one known.
    /// </summary>
    public const string SlaCrossingInstants = """
    UPDATE "SlaEvents" SET "CrossedAt" = CASE
        WHEN "Kind" = 2 THEN "DueAt"
        ELSE COALESCE((
            SELECT CASE WHEN "SlaEvents"."Clock" = 1 THEN t."Sla_ResponseWarnAt" ELSE t."Sla_ResolutionWarnAt" END
            FROM "Tickets" t
            WHERE t."Id" = "SlaEvents"."TicketId"
              AND CASE WHEN "SlaEvents"."Clock" = 1 THEN t."Sla_ResponseDueAt" ELSE t."Sla_ResolutionDueAt" END = "SlaEvents"."DueAt"
              AND CASE WHEN "SlaEvents"."Clock" = 1 THEN t."Sla_ResponseWarnAt" ELSE t."Sla_ResolutionWarnAt" END <= "SlaEvents"."NoticedAt"),
            "NoticedAt")
    END
    """;
}
