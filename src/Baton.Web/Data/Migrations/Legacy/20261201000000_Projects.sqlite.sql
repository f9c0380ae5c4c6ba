-- Projects and the hand-off to support (issue 4): projects, engagements, deliverables, scope changes, attributions. Hand-written from --print-schema sqlite; see docs/adr/0002.
ALTER TABLE "Clients" ADD "TimeZoneId" TEXT NOT NULL DEFAULT 'UTC';
CREATE TABLE "ProjectTypes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ProjectTypes" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL
);
CREATE TABLE "Projects" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Projects" PRIMARY KEY AUTOINCREMENT,
    "Number" TEXT NOT NULL,
    "ClientId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "ProjectTypeId" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "LeadTechId" TEXT NULL,
    "ProjectManagerId" TEXT NULL,
    "StartsOn" TEXT NULL,
    "PlannedGoLiveOn" TEXT NULL,
    "ActualGoLiveOn" TEXT NULL,
    "EndsOn" TEXT NULL,
    "Description" TEXT NOT NULL,
    "SiteIds" TEXT NOT NULL,
    "ConfigurationItemIds" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CloseoutSignedOffAt" TEXT NULL,
    "CloseoutSignedOffBy" TEXT NULL,
    "LeadReleasedAt" TEXT NULL,
    "LeadReleasedBy" TEXT NULL,
    "HypercareStartedAt" TEXT NULL,
    "HypercareEndsAt" TEXT NULL,
    "ClosedAt" TEXT NULL,
    "CancelledAt" TEXT NULL,
    "CancellationReason" TEXT NULL,
    "EscalationContacts" TEXT NOT NULL,
    CONSTRAINT "FK_Projects_AspNetUsers_LeadTechId" FOREIGN KEY ("LeadTechId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Projects_AspNetUsers_ProjectManagerId" FOREIGN KEY ("ProjectManagerId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Projects_Clients_ClientId" FOREIGN KEY ("ClientId") REFERENCES "Clients" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Projects_ProjectTypes_ProjectTypeId" FOREIGN KEY ("ProjectTypeId") REFERENCES "ProjectTypes" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "Engagements" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Engagements" PRIMARY KEY AUTOINCREMENT,
    "ProjectId" INTEGER NOT NULL,
    "Date" TEXT NOT NULL,
    "StartTime" TEXT NOT NULL,
    "EndTime" TEXT NOT NULL,
    "TimeZoneId" TEXT NOT NULL,
    "StartsAt" TEXT NOT NULL,
    "EndsAt" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "TechnicianIds" TEXT NOT NULL,
    "Touches" TEXT NOT NULL,
    "Notes" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "IsCancelled" INTEGER NOT NULL,
    CONSTRAINT "FK_Engagements_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "ScopeChangeRequests" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ScopeChangeRequests" PRIMARY KEY AUTOINCREMENT,
    "ProjectId" INTEGER NOT NULL,
    "Description" TEXT NOT NULL,
    "TimeImpact" TEXT NOT NULL,
    "CostImpact" TEXT NOT NULL,
    "RequestedBy" TEXT NOT NULL,
    "RequestedAt" TEXT NOT NULL,
    "Decision" INTEGER NOT NULL,
    "DecidedBy" TEXT NULL,
    "DecidedAt" TEXT NULL,
    "DecisionNote" TEXT NULL,
    CONSTRAINT "FK_ScopeChangeRequests_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "Deliverables" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Deliverables" PRIMARY KEY AUTOINCREMENT,
    "ProjectId" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "InScope" INTEGER NOT NULL,
    "ScopeChangeRequestId" INTEGER NULL,
    "Acceptance" INTEGER NOT NULL,
    "DecidedById" TEXT NULL,
    "DecidedByName" TEXT NULL,
    "DecidedAt" TEXT NULL,
    "RejectionReason" TEXT NULL,
    CONSTRAINT "FK_Deliverables_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Deliverables_ScopeChangeRequests_ScopeChangeRequestId" FOREIGN KEY ("ScopeChangeRequestId") REFERENCES "ScopeChangeRequests" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "ProjectAttributions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ProjectAttributions" PRIMARY KEY AUTOINCREMENT,
    "TicketId" INTEGER NOT NULL,
    "ProjectId" INTEGER NOT NULL,
    "Verdict" INTEGER NOT NULL,
    "Note" TEXT NOT NULL,
    "ById" TEXT NOT NULL,
    "ByName" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    CONSTRAINT "FK_ProjectAttributions_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ProjectAttributions_Tickets_TicketId" FOREIGN KEY ("TicketId") REFERENCES "Tickets" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "CleanupItems" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CleanupItems" PRIMARY KEY AUTOINCREMENT,
    "ProjectId" INTEGER NOT NULL,
    "DeliverableId" INTEGER NULL,
    "Description" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "DoneAt" TEXT NULL,
    "DoneBy" TEXT NULL,
    CONSTRAINT "FK_CleanupItems_Deliverables_DeliverableId" FOREIGN KEY ("DeliverableId") REFERENCES "Deliverables" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CleanupItems_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_CleanupItems_DeliverableId" ON "CleanupItems" ("DeliverableId");
CREATE INDEX "IX_CleanupItems_ProjectId" ON "CleanupItems" ("ProjectId");
CREATE INDEX "IX_Deliverables_ProjectId" ON "Deliverables" ("ProjectId");
CREATE INDEX "IX_Deliverables_ScopeChangeRequestId" ON "Deliverables" ("ScopeChangeRequestId");
CREATE INDEX "IX_Engagements_ProjectId_StartsAt" ON "Engagements" ("ProjectId", "StartsAt");
CREATE INDEX "IX_Engagements_StartsAt" ON "Engagements" ("StartsAt");
CREATE INDEX "IX_ProjectAttributions_ProjectId_Verdict" ON "ProjectAttributions" ("ProjectId", "Verdict");
CREATE UNIQUE INDEX "IX_ProjectAttributions_TicketId_ProjectId" ON "ProjectAttributions" ("TicketId", "ProjectId");
CREATE INDEX "IX_Projects_ClientId_Status_ClosedAt" ON "Projects" ("ClientId", "Status", "ClosedAt");
CREATE INDEX "IX_Projects_LeadTechId" ON "Projects" ("LeadTechId");
CREATE UNIQUE INDEX "IX_Projects_Number" ON "Projects" ("Number");
CREATE INDEX "IX_Projects_ProjectManagerId" ON "Projects" ("ProjectManagerId");
CREATE INDEX "IX_Projects_ProjectTypeId" ON "Projects" ("ProjectTypeId");
CREATE INDEX "IX_Projects_Status_ClosedAt" ON "Projects" ("Status", "ClosedAt");
CREATE UNIQUE INDEX "IX_ProjectTypes_Name" ON "ProjectTypes" ("Name");
CREATE INDEX "IX_ScopeChangeRequests_ProjectId" ON "ScopeChangeRequests" ("ProjectId");
