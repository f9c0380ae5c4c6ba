-- Close-out and hand-off (issue 4): the versioned checklist template (immutable versions), proposals, each project's checklist and its items, the hand-off meeting. Hand-written from --print-schema sqlite; see docs/adr/0002.
CREATE TABLE "CloseoutChecklists" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CloseoutChecklists" PRIMARY KEY AUTOINCREMENT,
    "ProjectId" INTEGER NOT NULL,
    "TemplateVersion" INTEGER NOT NULL,
    "StartedAt" TEXT NOT NULL,
    "StartedById" TEXT NOT NULL,
    "StartedByName" TEXT NOT NULL,
    "SignedOffAt" TEXT NULL,
    "SignedOffById" TEXT NULL,
    "SignedOffByName" TEXT NULL,
    "UpgradedFromVersion" INTEGER NULL,
    "UpgradedAt" TEXT NULL,
    "UpgradedByName" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "ItemChanges" INTEGER NOT NULL,
    "UpgradeChanges" TEXT NOT NULL,
    CONSTRAINT "FK_CloseoutChecklists_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "HandoffMeetings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_HandoffMeetings" PRIMARY KEY AUTOINCREMENT,
    "ProjectId" INTEGER NOT NULL,
    "HeldOn" TEXT NOT NULL,
    "Notes" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedById" TEXT NOT NULL,
    "UpdatedByName" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Attendees" TEXT NOT NULL,
    "ContactMatrix" TEXT NOT NULL,
    "DocumentationLinks" TEXT NOT NULL,
    "OpenRisks" TEXT NOT NULL,
    CONSTRAINT "FK_HandoffMeetings_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "CloseoutChecklistItems" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CloseoutChecklistItems" PRIMARY KEY AUTOINCREMENT,
    "ChecklistId" INTEGER NOT NULL,
    "Key" INTEGER NOT NULL,
    "SectionKey" INTEGER NOT NULL,
    "SectionTitle" TEXT NOT NULL,
    "Position" INTEGER NOT NULL,
    "Text" TEXT NOT NULL,
    "Required" INTEGER NOT NULL,
    "Guidance" TEXT NOT NULL,
    "State" INTEGER NOT NULL,
    "Reason" TEXT NOT NULL,
    "Note" TEXT NOT NULL,
    "AnsweredById" TEXT NULL,
    "AnsweredByName" TEXT NULL,
    "AnsweredAt" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_CloseoutChecklistItems_CloseoutChecklists_ChecklistId" FOREIGN KEY ("ChecklistId") REFERENCES "CloseoutChecklists" ("Id") ON DELETE CASCADE
);
CREATE TABLE "CloseoutProposals" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CloseoutProposals" PRIMARY KEY AUTOINCREMENT,
    "ProjectId" INTEGER NOT NULL,
    "TicketId" INTEGER NOT NULL,
    "TicketNumber" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "SectionKey" INTEGER NOT NULL,
    "SectionTitle" TEXT NOT NULL,
    "Required" INTEGER NOT NULL,
    "Reason" TEXT NOT NULL,
    "ProposedById" TEXT NOT NULL,
    "ProposedByName" TEXT NOT NULL,
    "ProposedAt" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "DecidedById" TEXT NULL,
    "DecidedByName" TEXT NULL,
    "DecidedAt" TEXT NULL,
    "DeclineReason" TEXT NULL,
    "AcceptedInVersion" INTEGER NULL,
    "ItemKey" INTEGER NULL,
    CONSTRAINT "FK_CloseoutProposals_AspNetUsers_ProposedById" FOREIGN KEY ("ProposedById") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CloseoutProposals_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CloseoutProposals_Tickets_TicketId" FOREIGN KEY ("TicketId") REFERENCES "Tickets" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "CloseoutTemplateVersions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CloseoutTemplateVersions" PRIMARY KEY AUTOINCREMENT,
    "Number" INTEGER NOT NULL,
    "LastKey" INTEGER NOT NULL,
    "Note" TEXT NOT NULL,
    "ProposalId" INTEGER NULL,
    "PublishedAt" TEXT NOT NULL,
    "PublishedById" TEXT NOT NULL,
    "PublishedByName" TEXT NOT NULL,
    "Changes" TEXT NOT NULL,
    "Sections" TEXT NOT NULL,
    CONSTRAINT "FK_CloseoutTemplateVersions_CloseoutProposals_ProposalId" FOREIGN KEY ("ProposalId") REFERENCES "CloseoutProposals" ("Id") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "IX_CloseoutChecklistItems_ChecklistId_Key" ON "CloseoutChecklistItems" ("ChecklistId", "Key");
CREATE UNIQUE INDEX "IX_CloseoutChecklists_ProjectId" ON "CloseoutChecklists" ("ProjectId");
CREATE INDEX "IX_CloseoutProposals_ProjectId" ON "CloseoutProposals" ("ProjectId");
CREATE INDEX "IX_CloseoutProposals_ProposedById_ProposedAt" ON "CloseoutProposals" ("ProposedById", "ProposedAt");
CREATE INDEX "IX_CloseoutProposals_Status_ProposedAt" ON "CloseoutProposals" ("Status", "ProposedAt");
CREATE INDEX "IX_CloseoutProposals_TicketId" ON "CloseoutProposals" ("TicketId");
CREATE UNIQUE INDEX "IX_CloseoutTemplateVersions_Number" ON "CloseoutTemplateVersions" ("Number");
CREATE INDEX "IX_CloseoutTemplateVersions_ProposalId" ON "CloseoutTemplateVersions" ("ProposalId");
CREATE UNIQUE INDEX "IX_HandoffMeetings_ProjectId" ON "HandoffMeetings" ("ProjectId");

-- A published template version never changes: every edit publishes a new one.
CREATE TRIGGER "CloseoutTemplateVersions_no_update" BEFORE UPDATE ON "CloseoutTemplateVersions"
BEGIN
    SELECT RAISE(ABORT, 'A published close-out template version is immutable; publish a new version instead.');
END;

CREATE TRIGGER "CloseoutTemplateVersions_no_delete" BEFORE DELETE ON "CloseoutTemplateVersions"
BEGIN
    SELECT RAISE(ABORT, 'A published close-out template version is immutable; publish a new version instead.');
END;
