-- Typed links between records (issue 10, docs/adr/0011). Hand-written from --print-schema sqlite; see docs/adr/0002.
-- Schema (what a fresh database needs; nothing provider-specific beyond the types):
CREATE TABLE "RecordLinks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RecordLinks" PRIMARY KEY AUTOINCREMENT,
    "FromKind" TEXT NOT NULL,
    "FromId" INTEGER NOT NULL,
    "ToKind" TEXT NOT NULL,
    "ToId" INTEGER NOT NULL,
    "Type" INTEGER NOT NULL,
    "Note" TEXT NOT NULL,
    "CreatedById" TEXT NOT NULL,
    "CreatedByName" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL
);
CREATE UNIQUE INDEX "IX_RecordLinks_FromKind_FromId_ToKind_ToId_Type" ON "RecordLinks" ("FromKind", "FromId", "ToKind", "ToId", "Type");
CREATE INDEX "IX_RecordLinks_ToKind_ToId" ON "RecordLinks" ("ToKind", "ToId");
-- Data backfill (upgrade path only): each standing "Caused by" verdict (Verdict 1) becomes ticket caused-by project (Type 1).
INSERT INTO "RecordLinks" ("FromKind", "FromId", "ToKind", "ToId", "Type", "Note", "CreatedById", "CreatedByName", "CreatedAt")
SELECT 'ticket', "TicketId", 'project', "ProjectId", 1, "Note", "ById", "ByName", "At"
FROM "ProjectAttributions" WHERE "Verdict" = 1
ORDER BY "Id";
