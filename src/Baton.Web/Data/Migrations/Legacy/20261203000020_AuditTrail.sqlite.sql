-- One audit trail for every kind of record (issue 10, docs/adr/0010). Hand-written from --print-schema sqlite; see docs/adr/0002.

-- ---- Part 1: the table (the model has it; EF's generated baseline creates it too) ---------------------------------
CREATE TABLE "AuditEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
    "RecordKind" TEXT NOT NULL,
    "RecordId" INTEGER NOT NULL,
    "At" TEXT NOT NULL,
    "ActorId" TEXT NOT NULL,
    "ActorName" TEXT NOT NULL,
    "Field" TEXT NOT NULL,
    "OldValue" TEXT NULL,
    "NewValue" TEXT NULL
);

CREATE INDEX "IX_AuditEntries_RecordKind_RecordId_Id" ON "AuditEntries" ("RecordKind", "RecordId", "Id");

-- ---- Part 2: upgrade only — the ticket trail moves over with its ids, then its table goes --------------------------
-- AUTOINCREMENT keeps sqlite_sequence at the highest id copied, so new entries continue after the old ones.
INSERT INTO "AuditEntries" ("Id", "RecordKind", "RecordId", "At", "ActorId", "ActorName", "Field", "OldValue", "NewValue")
SELECT "Id", 'ticket', "TicketId", "At", "ActorId", "ActorName", "Field", "OldValue", "NewValue"
FROM "TicketAuditEntries"
ORDER BY "Id";

DROP TRIGGER IF EXISTS "TicketAuditEntries_no_update";
DROP TRIGGER IF EXISTS "TicketAuditEntries_no_delete";
DROP TABLE "TicketAuditEntries";

-- ---- Part 3: provider-specific, needed on every database (fresh or upgraded): the trail is append-only -------------
CREATE TRIGGER "AuditEntries_no_update" BEFORE UPDATE ON "AuditEntries"
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only.');
END;

CREATE TRIGGER "AuditEntries_no_delete" BEFORE DELETE ON "AuditEntries"
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only.');
END;
