-- The daily project report (issue 4): the outbox and the once-a-day run record, and the indexes the report reads by. Hand-written from --print-schema sqlite; see docs/adr/0002.
CREATE TABLE "OutboxMessages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_OutboxMessages" PRIMARY KEY AUTOINCREMENT,
    "Key" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Recipients" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "HtmlBody" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "SentAt" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "LastError" TEXT NULL
);
CREATE TABLE "DailyReportRuns" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DailyReportRuns" PRIMARY KEY AUTOINCREMENT,
    "ReportDate" TEXT NOT NULL,
    "ProducedAt" TEXT NOT NULL,
    "ProducedBy" TEXT NOT NULL,
    "ActiveCount" INTEGER NOT NULL,
    "EngagementCount" INTEGER NOT NULL,
    "HypercareCount" INTEGER NOT NULL,
    "RecentlyClosedCount" INTEGER NOT NULL,
    "AttributedCount" INTEGER NOT NULL,
    "OutboxMessageId" INTEGER NULL,
    CONSTRAINT "FK_DailyReportRuns_OutboxMessages_OutboxMessageId" FOREIGN KEY ("OutboxMessageId") REFERENCES "OutboxMessages" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_DailyReportRuns_OutboxMessageId" ON "DailyReportRuns" ("OutboxMessageId");
CREATE UNIQUE INDEX "IX_DailyReportRuns_ReportDate" ON "DailyReportRuns" ("ReportDate");
CREATE UNIQUE INDEX "IX_OutboxMessages_Key" ON "OutboxMessages" ("Key");
CREATE INDEX "IX_OutboxMessages_SentAt_Id" ON "OutboxMessages" ("SentAt", "Id");
CREATE INDEX "IX_Engagements_Date" ON "Engagements" ("Date");
CREATE INDEX "IX_ProjectAttributions_At" ON "ProjectAttributions" ("At");
