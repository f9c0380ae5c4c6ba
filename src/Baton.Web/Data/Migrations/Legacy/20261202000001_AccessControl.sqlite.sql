-- Access control (issue 9): token scopes and feed tokens, revocable portal access with its audit trail, the one-time admin password. Hand-written from --print-schema sqlite; see docs/adr/0002.
ALTER TABLE "ApiTokens" ADD COLUMN "Scope" INTEGER NOT NULL DEFAULT 0; -- 0 = read-write: what every existing token could do
ALTER TABLE "ApiTokens" ADD COLUMN "Feed" TEXT NULL;
ALTER TABLE "Contacts" ADD COLUMN "PortalAccessRevoked" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "AspNetUsers" ADD COLUMN "MustChangePassword" INTEGER NOT NULL DEFAULT 0;
CREATE TABLE "PortalAccessChanges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PortalAccessChanges" PRIMARY KEY AUTOINCREMENT,
    "ClientId" INTEGER NOT NULL,
    "ContactId" INTEGER NOT NULL,
    "Revoked" INTEGER NOT NULL,
    "Reason" TEXT NOT NULL,
    "ActorId" TEXT NOT NULL,
    "ActorName" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    CONSTRAINT "FK_PortalAccessChanges_Clients_ClientId" FOREIGN KEY ("ClientId") REFERENCES "Clients" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_PortalAccessChanges_Contacts_ContactId" FOREIGN KEY ("ContactId") REFERENCES "Contacts" ("Id") ON DELETE RESTRICT
);
CREATE INDEX "IX_PortalAccessChanges_ClientId" ON "PortalAccessChanges" ("ClientId");
CREATE INDEX "IX_PortalAccessChanges_ContactId_Id" ON "PortalAccessChanges" ("ContactId", "Id");
