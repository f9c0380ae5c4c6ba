-- Hypercare: hypercare teams, hypercare tags of tickets, client users' weekly feedback.
CREATE TABLE "HypercareFeedback" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_HypercareFeedback" PRIMARY KEY AUTOINCREMENT,
    "ProjectId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    "UserName" TEXT NOT NULL,
    "Week" INTEGER NOT NULL,
    "Rating" INTEGER NOT NULL,
    "Comment" TEXT NOT NULL,
    "GivenAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_HypercareFeedback_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_HypercareFeedback_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "HypercareTeams" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_HypercareTeams" PRIMARY KEY AUTOINCREMENT,
    "ProjectId" INTEGER NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedById" TEXT NOT NULL,
    "UpdatedByName" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Roles" TEXT NOT NULL,
    CONSTRAINT "FK_HypercareTeams_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE RESTRICT
);
CREATE TABLE "HypercareTags" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_HypercareTags" PRIMARY KEY AUTOINCREMENT,
    "TicketId" INTEGER NOT NULL,
    "ProjectId" INTEGER NOT NULL,
    "Reason" INTEGER NOT NULL,
    "Scope" INTEGER NOT NULL,
    "RoutedRole" INTEGER NULL,
    "RoutedTeamId" INTEGER NULL,
    "RoutedAgentId" TEXT NULL,
    "RoutedTo" TEXT NOT NULL,
    "TaggedAt" TEXT NOT NULL,
    "TaggedById" TEXT NOT NULL,
    "TaggedByName" TEXT NOT NULL,
    CONSTRAINT "FK_HypercareTags_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_HypercareTags_Tickets_TicketId" FOREIGN KEY ("TicketId") REFERENCES "Tickets" ("Id") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "IX_HypercareFeedback_ProjectId_UserId_Week" ON "HypercareFeedback" ("ProjectId", "UserId", "Week");
CREATE INDEX "IX_HypercareFeedback_UserId" ON "HypercareFeedback" ("UserId");
CREATE INDEX "IX_HypercareTags_ProjectId_TaggedAt" ON "HypercareTags" ("ProjectId", "TaggedAt");
CREATE UNIQUE INDEX "IX_HypercareTags_TicketId" ON "HypercareTags" ("TicketId");
CREATE UNIQUE INDEX "IX_HypercareTeams_ProjectId" ON "HypercareTeams" ("ProjectId");
