CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);


CREATE TABLE "Categories" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Categories" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL
);


CREATE TABLE "Clients" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Clients" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL
);


CREATE TABLE "NumberSequences" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_NumberSequences" PRIMARY KEY,
    "Last" INTEGER NOT NULL
);


CREATE TABLE "PriorityMatrix" (
    "Impact" INTEGER NOT NULL,
    "Urgency" INTEGER NOT NULL,
    "Priority" INTEGER NOT NULL,
    CONSTRAINT "PK_PriorityMatrix" PRIMARY KEY ("Impact", "Urgency")
);


CREATE TABLE "Teams" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Teams" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Description" TEXT NOT NULL
);


CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Sites" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Sites" PRIMARY KEY AUTOINCREMENT,
    "ClientId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Address" TEXT NOT NULL,
    CONSTRAINT "FK_Sites_Clients_ClientId" FOREIGN KEY ("ClientId") REFERENCES "Clients" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "ConfigurationItems" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ConfigurationItems" PRIMARY KEY AUTOINCREMENT,
    "ClientId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "SiteId" INTEGER NULL,
    CONSTRAINT "FK_ConfigurationItems_Clients_ClientId" FOREIGN KEY ("ClientId") REFERENCES "Clients" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ConfigurationItems_Sites_SiteId" FOREIGN KEY ("SiteId") REFERENCES "Sites" ("Id") ON DELETE SET NULL
);


CREATE TABLE "Contacts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Contacts" PRIMARY KEY AUTOINCREMENT,
    "ClientId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Email" TEXT NOT NULL,
    "Phone" TEXT NOT NULL,
    "JobTitle" TEXT NOT NULL,
    "SiteId" INTEGER NULL,
    CONSTRAINT "FK_Contacts_Clients_ClientId" FOREIGN KEY ("ClientId") REFERENCES "Clients" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Contacts_Sites_SiteId" FOREIGN KEY ("SiteId") REFERENCES "Sites" ("Id") ON DELETE SET NULL
);


CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "DisplayName" TEXT NOT NULL,
    "TimeZoneId" TEXT NOT NULL,
    "ClientId" INTEGER NULL,
    "ContactId" INTEGER NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL,
    CONSTRAINT "FK_AspNetUsers_Clients_ClientId" FOREIGN KEY ("ClientId") REFERENCES "Clients" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_AspNetUsers_Contacts_ContactId" FOREIGN KEY ("ContactId") REFERENCES "Contacts" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "ApiTokens" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ApiTokens" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Prefix" TEXT NOT NULL,
    "Hash" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "LastUsedAt" TEXT NULL,
    "RevokedAt" TEXT NULL,
    CONSTRAINT "FK_ApiTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "TeamMembers" (
    "TeamId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_TeamMembers" PRIMARY KEY ("TeamId", "UserId"),
    CONSTRAINT "FK_TeamMembers_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_TeamMembers_Teams_TeamId" FOREIGN KEY ("TeamId") REFERENCES "Teams" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Tickets" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Tickets" PRIMARY KEY AUTOINCREMENT,
    "Number" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "ClientId" INTEGER NOT NULL,
    "RequesterId" INTEGER NOT NULL,
    "RequesterName" TEXT NOT NULL,
    "SiteId" INTEGER NULL,
    "ConfigurationItemId" INTEGER NULL,
    "CategoryId" INTEGER NULL,
    "RequestType" INTEGER NOT NULL,
    "Impact" INTEGER NOT NULL,
    "Urgency" INTEGER NOT NULL,
    "Priority" INTEGER NOT NULL,
    "TeamId" INTEGER NULL,
    "AssigneeId" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "ResolutionNote" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "AcknowledgedAt" TEXT NULL,
    "ResolvedAt" TEXT NULL,
    "ClosedAt" TEXT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Tickets_AspNetUsers_AssigneeId" FOREIGN KEY ("AssigneeId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Tickets_Categories_CategoryId" FOREIGN KEY ("CategoryId") REFERENCES "Categories" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Tickets_Clients_ClientId" FOREIGN KEY ("ClientId") REFERENCES "Clients" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Tickets_ConfigurationItems_ConfigurationItemId" FOREIGN KEY ("ConfigurationItemId") REFERENCES "ConfigurationItems" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Tickets_Contacts_RequesterId" FOREIGN KEY ("RequesterId") REFERENCES "Contacts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Tickets_Sites_SiteId" FOREIGN KEY ("SiteId") REFERENCES "Sites" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Tickets_Teams_TeamId" FOREIGN KEY ("TeamId") REFERENCES "Teams" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "IdempotencyRecords" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_IdempotencyRecords" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "RequestHash" TEXT NOT NULL,
    "TicketId" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_IdempotencyRecords_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_IdempotencyRecords_Tickets_TicketId" FOREIGN KEY ("TicketId") REFERENCES "Tickets" ("Id") ON DELETE CASCADE
);


CREATE TABLE "TicketAuditEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TicketAuditEntries" PRIMARY KEY AUTOINCREMENT,
    "TicketId" INTEGER NOT NULL,
    "At" TEXT NOT NULL,
    "ActorId" TEXT NOT NULL,
    "ActorName" TEXT NOT NULL,
    "Field" TEXT NOT NULL,
    "OldValue" TEXT NULL,
    "NewValue" TEXT NULL,
    CONSTRAINT "FK_TicketAuditEntries_Tickets_TicketId" FOREIGN KEY ("TicketId") REFERENCES "Tickets" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "TicketMessages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TicketMessages" PRIMARY KEY AUTOINCREMENT,
    "TicketId" INTEGER NOT NULL,
    "Body" TEXT NOT NULL,
    "Visibility" INTEGER NOT NULL,
    "AuthorId" TEXT NOT NULL,
    "AuthorName" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    CONSTRAINT "FK_TicketMessages_Tickets_TicketId" FOREIGN KEY ("TicketId") REFERENCES "Tickets" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Attachments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Attachments" PRIMARY KEY AUTOINCREMENT,
    "TicketId" INTEGER NOT NULL,
    "MessageId" INTEGER NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "StorageKey" TEXT NOT NULL,
    "UploadedAt" TEXT NOT NULL,
    "UploadedById" TEXT NOT NULL,
    "UploadedByName" TEXT NOT NULL,
    "IsInternal" INTEGER NOT NULL,
    CONSTRAINT "FK_Attachments_TicketMessages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "TicketMessages" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Attachments_Tickets_TicketId" FOREIGN KEY ("TicketId") REFERENCES "Tickets" ("Id") ON DELETE CASCADE
);


CREATE UNIQUE INDEX "IX_ApiTokens_Hash" ON "ApiTokens" ("Hash");


CREATE INDEX "IX_ApiTokens_UserId" ON "ApiTokens" ("UserId");


CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");


CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");


CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");


CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");


CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");


CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");


CREATE INDEX "IX_AspNetUsers_ClientId" ON "AspNetUsers" ("ClientId");


CREATE INDEX "IX_AspNetUsers_ContactId" ON "AspNetUsers" ("ContactId");


CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");


CREATE INDEX "IX_Attachments_MessageId" ON "Attachments" ("MessageId");


CREATE INDEX "IX_Attachments_TicketId" ON "Attachments" ("TicketId");


CREATE UNIQUE INDEX "IX_Categories_Name" ON "Categories" ("Name");


CREATE UNIQUE INDEX "IX_Clients_Code" ON "Clients" ("Code");


CREATE INDEX "IX_ConfigurationItems_ClientId" ON "ConfigurationItems" ("ClientId");


CREATE INDEX "IX_ConfigurationItems_SiteId" ON "ConfigurationItems" ("SiteId");


CREATE UNIQUE INDEX "IX_Contacts_ClientId_Email" ON "Contacts" ("ClientId", "Email");


CREATE INDEX "IX_Contacts_SiteId" ON "Contacts" ("SiteId");


CREATE INDEX "IX_IdempotencyRecords_TicketId" ON "IdempotencyRecords" ("TicketId");


CREATE UNIQUE INDEX "IX_IdempotencyRecords_UserId_Key" ON "IdempotencyRecords" ("UserId", "Key");


CREATE INDEX "IX_Sites_ClientId" ON "Sites" ("ClientId");


CREATE INDEX "IX_TeamMembers_UserId" ON "TeamMembers" ("UserId");


CREATE UNIQUE INDEX "IX_Teams_Name" ON "Teams" ("Name");


CREATE INDEX "IX_TicketAuditEntries_TicketId_Id" ON "TicketAuditEntries" ("TicketId", "Id");


CREATE INDEX "IX_TicketMessages_TicketId_Id" ON "TicketMessages" ("TicketId", "Id");


CREATE INDEX "IX_Tickets_AssigneeId_Id" ON "Tickets" ("AssigneeId", "Id");


CREATE INDEX "IX_Tickets_AssigneeId_Priority_Id" ON "Tickets" ("AssigneeId", "Priority", "Id" DESC);


CREATE INDEX "IX_Tickets_CategoryId" ON "Tickets" ("CategoryId");


CREATE INDEX "IX_Tickets_ClientId_Id" ON "Tickets" ("ClientId", "Id");


CREATE INDEX "IX_Tickets_ConfigurationItemId" ON "Tickets" ("ConfigurationItemId");


CREATE UNIQUE INDEX "IX_Tickets_Number" ON "Tickets" ("Number");


CREATE INDEX "IX_Tickets_Priority_Id" ON "Tickets" ("Priority", "Id" DESC);


CREATE INDEX "IX_Tickets_RequesterId" ON "Tickets" ("RequesterId");


CREATE INDEX "IX_Tickets_SiteId" ON "Tickets" ("SiteId");


CREATE INDEX "IX_Tickets_Status_Id" ON "Tickets" ("Status", "Id");


CREATE INDEX "IX_Tickets_Status_Priority_Id" ON "Tickets" ("Status", "Priority", "Id" DESC);


CREATE INDEX "IX_Tickets_TeamId_Id" ON "Tickets" ("TeamId", "Id");


CREATE INDEX "IX_Tickets_UpdatedAt_Id" ON "Tickets" ("UpdatedAt", "Id");




-- The audit trail is append-only: the database itself refuses to rewrite history.
CREATE TRIGGER "TicketAuditEntries_no_update" BEFORE UPDATE ON "TicketAuditEntries"
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only.');
END;

CREATE TRIGGER "TicketAuditEntries_no_delete" BEFORE DELETE ON "TicketAuditEntries"
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only.');
END;
