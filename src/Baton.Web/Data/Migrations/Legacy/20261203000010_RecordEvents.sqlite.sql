-- Record events (issue 10): the after-commit jobs of record events, written with the change that raised them and drained at least once (docs/adr/0009). Hand-written from --print-schema sqlite; see docs/adr/0002.
CREATE TABLE "RecordEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RecordEvents" PRIMARY KEY AUTOINCREMENT,
    "Kind" TEXT NOT NULL,
    "Handler" TEXT NOT NULL,
    "RecordKind" TEXT NOT NULL,
    "RecordId" INTEGER NOT NULL,
    "Payload" TEXT NOT NULL,
    "OccurredAt" TEXT NOT NULL,
    "ClaimedUntil" TEXT NULL,
    "ClaimToken" TEXT NULL,
    "ProcessedAt" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "LastError" TEXT NULL
);

CREATE INDEX "IX_RecordEvents_ClaimToken" ON "RecordEvents" ("ClaimToken");

CREATE INDEX "IX_RecordEvents_ProcessedAt_Id" ON "RecordEvents" ("ProcessedAt", "Id");

CREATE INDEX "IX_RecordEvents_RecordKind_RecordId" ON "RecordEvents" ("RecordKind", "RecordId");
