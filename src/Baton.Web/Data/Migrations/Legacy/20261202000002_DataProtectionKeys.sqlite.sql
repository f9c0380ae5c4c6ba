-- The Data Protection key ring (issue 9): shared by every instance on the database. Hand-written from --print-schema sqlite; see docs/adr/0002.
CREATE TABLE "DataProtectionKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);
