-- Catalogue names and versions (issue 10): case-insensitive unique names (NameKey) and the catalogue version rows. Hand-written from --print-schema sqlite; see docs/adr/0002 and 0012.

-- 1. Data: rename the case-only duplicates, then fill NameKey (upgrade path only; a fresh database has no rows).
-- Names that differ only in case (possible until now: the API checked team names case-sensitively, and SQLite's
-- lower() folds ASCII only) cannot both stay under the new unique index. Decision (docs/adr/0012): the upgrade never
-- stops for it and loses nothing — the oldest row keeps its name, each later one gets " (#<id>)" appended (cut to the
-- column's length), so an administrator finds them by that suffix and renames or merges them.
ALTER TABLE "Teams" ADD COLUMN "NameKey" TEXT NOT NULL DEFAULT '';
UPDATE "Teams" SET "Name" = substr("Name", 1, 80 - length(' (#' || "Id" || ')')) || ' (#' || "Id" || ')'
WHERE EXISTS (SELECT 1 FROM "Teams" AS older WHERE upper(older."Name") = upper("Teams"."Name") AND older."Id" < "Teams"."Id");
UPDATE "Teams" SET "NameKey" = upper("Name");
ALTER TABLE "Categories" ADD COLUMN "NameKey" TEXT NOT NULL DEFAULT '';
UPDATE "Categories" SET "Name" = substr("Name", 1, 80 - length(' (#' || "Id" || ')')) || ' (#' || "Id" || ')'
WHERE EXISTS (SELECT 1 FROM "Categories" AS older WHERE upper(older."Name") = upper("Categories"."Name") AND older."Id" < "Categories"."Id");
UPDATE "Categories" SET "NameKey" = upper("Name");
ALTER TABLE "ServiceCalendars" ADD COLUMN "NameKey" TEXT NOT NULL DEFAULT '';
UPDATE "ServiceCalendars" SET "Name" = substr("Name", 1, 100 - length(' (#' || "Id" || ')')) || ' (#' || "Id" || ')'
WHERE EXISTS (SELECT 1 FROM "ServiceCalendars" AS older WHERE upper(older."Name") = upper("ServiceCalendars"."Name") AND older."Id" < "ServiceCalendars"."Id");
UPDATE "ServiceCalendars" SET "NameKey" = upper("Name");
ALTER TABLE "SlaPolicies" ADD COLUMN "NameKey" TEXT NOT NULL DEFAULT '';
UPDATE "SlaPolicies" SET "Name" = substr("Name", 1, 100 - length(' (#' || "Id" || ')')) || ' (#' || "Id" || ')'
WHERE EXISTS (SELECT 1 FROM "SlaPolicies" AS older WHERE upper(older."Name") = upper("SlaPolicies"."Name") AND older."Id" < "SlaPolicies"."Id");
UPDATE "SlaPolicies" SET "NameKey" = upper("Name");
ALTER TABLE "ProjectTypes" ADD COLUMN "NameKey" TEXT NOT NULL DEFAULT '';
UPDATE "ProjectTypes" SET "Name" = substr("Name", 1, 80 - length(' (#' || "Id" || ')')) || ' (#' || "Id" || ')'
WHERE EXISTS (SELECT 1 FROM "ProjectTypes" AS older WHERE upper(older."Name") = upper("ProjectTypes"."Name") AND older."Id" < "ProjectTypes"."Id");
UPDATE "ProjectTypes" SET "NameKey" = upper("Name");
-- SQLite's upper() folds ASCII letters only; the entity sets NameKey with ToUpperInvariant on the next save of a name
-- with other letters, and a clash found then is answered on the name field like any other.

-- 2. Schema: the case-insensitive unique indexes replace the case-sensitive ones.
DROP INDEX "IX_Teams_Name";
CREATE UNIQUE INDEX "IX_Teams_NameKey" ON "Teams" ("NameKey");
DROP INDEX "IX_Categories_Name";
CREATE UNIQUE INDEX "IX_Categories_NameKey" ON "Categories" ("NameKey");
DROP INDEX "IX_ServiceCalendars_Name";
CREATE UNIQUE INDEX "IX_ServiceCalendars_NameKey" ON "ServiceCalendars" ("NameKey");
DROP INDEX "IX_SlaPolicies_Name";
CREATE UNIQUE INDEX "IX_SlaPolicies_NameKey" ON "SlaPolicies" ("NameKey");
DROP INDEX "IX_ProjectTypes_Name";
CREATE UNIQUE INDEX "IX_ProjectTypes_NameKey" ON "ProjectTypes" ("NameKey");

-- 3. Schema and seed: one version row per cached catalogue (the model's HasData; every edit stamps its row).
CREATE TABLE "CatalogueVersions" (
    "Tag" TEXT NOT NULL CONSTRAINT "PK_CatalogueVersions" PRIMARY KEY,
    "Version" INTEGER NOT NULL
);
INSERT INTO "CatalogueVersions" ("Tag", "Version") VALUES ('hypercare', 0), ('priority-matrix', 0), ('service-levels', 0);
