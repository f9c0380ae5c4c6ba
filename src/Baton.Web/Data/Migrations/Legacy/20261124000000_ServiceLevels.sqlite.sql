-- Contracts, business calendars and SLA clocks (issue 3). Hand-written from --print-schema sqlite; see docs/adr/0002.
CREATE TABLE "ServiceCalendars" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ServiceCalendars" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "TimeZoneId" TEXT NOT NULL,
    "IsBuiltIn" INTEGER NOT NULL,
    "HoursText" TEXT NOT NULL,
    "HolidaysText" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);
CREATE TABLE "SlaPolicies" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SlaPolicies" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "CalendarId" INTEGER NOT NULL,
    "WarningPercent" INTEGER NOT NULL,
    "IsDefault" INTEGER NOT NULL,
    "PausingStatuses" TEXT NOT NULL,
    CONSTRAINT "FK_SlaPolicies_ServiceCalendars_CalendarId" FOREIGN KEY ("CalendarId") REFERENCES "ServiceCalendars" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "Contracts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Contracts" PRIMARY KEY AUTOINCREMENT,
    "ClientId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "StartsOn" TEXT NOT NULL,
    "EndsOn" TEXT NULL,
    "SlaPolicyId" INTEGER NOT NULL,
    "CoverageCalendarId" INTEGER NULL,
    "CoveredCategoryIds" TEXT NOT NULL,
    "CoveredItemIds" TEXT NOT NULL,
    "Exclusions" TEXT NOT NULL,
    CONSTRAINT "FK_Contracts_Clients_ClientId" FOREIGN KEY ("ClientId") REFERENCES "Clients" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Contracts_ServiceCalendars_CoverageCalendarId" FOREIGN KEY ("CoverageCalendarId") REFERENCES "ServiceCalendars" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Contracts_SlaPolicies_SlaPolicyId" FOREIGN KEY ("SlaPolicyId") REFERENCES "SlaPolicies" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "SlaPolicyTargets" (
    "Priority" INTEGER NOT NULL,
    "SlaPolicyId" INTEGER NOT NULL,
    "FirstResponse" INTEGER NOT NULL,
    "Resolution" INTEGER NOT NULL,
    CONSTRAINT "PK_SlaPolicyTargets" PRIMARY KEY ("SlaPolicyId", "Priority"),
    CONSTRAINT "FK_SlaPolicyTargets_SlaPolicies_SlaPolicyId" FOREIGN KEY ("SlaPolicyId") REFERENCES "SlaPolicies" ("Id") ON DELETE CASCADE
);
CREATE TABLE "Notifications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Notifications" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "TicketId" INTEGER NULL,
    "Text" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ReadAt" TEXT NULL,
    CONSTRAINT "FK_Notifications_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Notifications_Tickets_TicketId" FOREIGN KEY ("TicketId") REFERENCES "Tickets" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "SlaEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SlaEvents" PRIMARY KEY AUTOINCREMENT,
    "TicketId" INTEGER NOT NULL,
    "Clock" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "DueAt" TEXT NOT NULL,
    "OccurredAt" TEXT NOT NULL,
    CONSTRAINT "FK_SlaEvents_Tickets_TicketId" FOREIGN KEY ("TicketId") REFERENCES "Tickets" ("Id") ON DELETE RESTRICT
);
ALTER TABLE "Teams" ADD "LeadUserId" TEXT NULL REFERENCES "AspNetUsers" ("Id") ON DELETE SET NULL;
ALTER TABLE "Tickets" ADD "FirstRespondedAt" TEXT NULL;
ALTER TABLE "Tickets" ADD "Sla_PolicyId" INTEGER NULL;
ALTER TABLE "Tickets" ADD "Sla_ContractId" INTEGER NULL;
ALTER TABLE "Tickets" ADD "Sla_CalendarId" INTEGER NULL;
ALTER TABLE "Tickets" ADD "Sla_Coverage" INTEGER NULL;
ALTER TABLE "Tickets" ADD "Sla_CoverageNote" TEXT NULL;
ALTER TABLE "Tickets" ADD "Sla_Priority" INTEGER NULL;
ALTER TABLE "Tickets" ADD "Sla_ResponseTarget" INTEGER NULL;
ALTER TABLE "Tickets" ADD "Sla_ResolutionTarget" INTEGER NULL;
ALTER TABLE "Tickets" ADD "Sla_WarningPercent" INTEGER NULL;
ALTER TABLE "Tickets" ADD "Sla_PausingStatuses" TEXT NULL;
ALTER TABLE "Tickets" ADD "Sla_StartedAt" TEXT NULL;
ALTER TABLE "Tickets" ADD "Sla_RespondedAt" TEXT NULL;
ALTER TABLE "Tickets" ADD "Sla_ResolvedAt" TEXT NULL;
ALTER TABLE "Tickets" ADD "Sla_PausedSince" TEXT NULL;
ALTER TABLE "Tickets" ADD "Sla_Pauses" TEXT NULL;
ALTER TABLE "Tickets" ADD "Sla_ResponseDueAt" TEXT NULL;
ALTER TABLE "Tickets" ADD "Sla_ResponseWarnAt" TEXT NULL;
ALTER TABLE "Tickets" ADD "Sla_ResolutionDueAt" TEXT NULL;
ALTER TABLE "Tickets" ADD "Sla_ResolutionWarnAt" TEXT NULL;
ALTER TABLE "Tickets" ADD "Sla_NextDueAt" TEXT NULL;
CREATE INDEX "IX_Contracts_ClientId_StartsOn" ON "Contracts" ("ClientId", "StartsOn");
CREATE INDEX "IX_Contracts_CoverageCalendarId" ON "Contracts" ("CoverageCalendarId");
CREATE INDEX "IX_Contracts_SlaPolicyId" ON "Contracts" ("SlaPolicyId");
CREATE INDEX "IX_Notifications_TicketId" ON "Notifications" ("TicketId");
CREATE INDEX "IX_Notifications_UserId_Id" ON "Notifications" ("UserId", "Id");
CREATE UNIQUE INDEX "IX_ServiceCalendars_Name" ON "ServiceCalendars" ("Name");
CREATE UNIQUE INDEX "IX_SlaEvents_TicketId_Clock_Kind_DueAt" ON "SlaEvents" ("TicketId", "Clock", "Kind", "DueAt");
CREATE INDEX "IX_SlaPolicies_CalendarId" ON "SlaPolicies" ("CalendarId");
CREATE UNIQUE INDEX "IX_SlaPolicies_Name" ON "SlaPolicies" ("Name");
CREATE INDEX "IX_Teams_LeadUserId" ON "Teams" ("LeadUserId");
CREATE INDEX "IX_Tickets_Sla_NextDueAt" ON "Tickets" ("Sla_NextDueAt");
CREATE INDEX "IX_Tickets_Sla_ResolutionWarnAt" ON "Tickets" ("Sla_ResolutionWarnAt");
CREATE INDEX "IX_Tickets_Sla_ResponseWarnAt" ON "Tickets" ("Sla_ResponseWarnAt");

-- Tickets acknowledged before this migration had their first response then.
UPDATE "Tickets" SET "FirstRespondedAt" = "AcknowledgedAt";
