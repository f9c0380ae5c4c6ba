-- Catalogue names and versions (issue 10): case-insensitive unique names (NameKey) and the catalogue version rows. Hand-written from --print-schema postgres; see docs/adr/0002 and 0012.

-- 1. Data: rename the case-only duplicates, then fill NameKey (upgrade path only; a fresh database has no rows).
-- Names that differ only in case (possible until now: the API checked team names case-sensitively, and SQLite's
-- lower() folds ASCII only) cannot both stay under the new unique index. Decision (docs/adr/0012): the upgrade never
-- stops for it and loses nothing — the oldest row keeps its name, each later one gets " (#<id>)" appended (cut to the
-- column's length), so an administrator finds them by that suffix and renames or merges them.
ALTER TABLE "Teams" ADD COLUMN "NameKey" character varying(80) NOT NULL DEFAULT '';
UPDATE "Teams" AS later SET "Name" = left(later."Name", 80 - length(' (#' || later."Id" || ')')) || ' (#' || later."Id" || ')'
WHERE EXISTS (SELECT 1 FROM "Teams" AS older WHERE upper(older."Name") = upper(later."Name") AND older."Id" < later."Id");
UPDATE "Teams" SET "NameKey" = upper("Name");
ALTER TABLE "Teams" ALTER COLUMN "NameKey" DROP DEFAULT;
ALTER TABLE "Categories" ADD COLUMN "NameKey" character varying(80) NOT NULL DEFAULT '';
UPDATE "Categories" AS later SET "Name" = left(later."Name", 80 - length(' (#' || later."Id" || ')')) || ' (#' || later."Id" || ')'
WHERE EXISTS (SELECT 1 FROM "Categories" AS older WHERE upper(older."Name") = upper(later."Name") AND older."Id" < later."Id");
UPDATE "Categories" SET "NameKey" = upper("Name");
ALTER TABLE "Categories" ALTER COLUMN "NameKey" DROP DEFAULT;
ALTER TABLE "ServiceCalendars" ADD COLUMN "NameKey" character varying(100) NOT NULL DEFAULT '';
UPDATE "ServiceCalendars" AS later SET "Name" = left(later."Name", 100 - length(' (#' || later."Id" || ')')) || ' (#' || later."Id" || ')'
WHERE EXISTS (SELECT 1 FROM "ServiceCalendars" AS older WHERE upper(older."Name") = upper(later."Name") AND older."Id" < later."Id");
UPDATE "ServiceCalendars" SET "NameKey" = upper("Name");
ALTER TABLE "ServiceCalendars" ALTER COLUMN "NameKey" DROP DEFAULT;
ALTER TABLE "SlaPolicies" ADD COLUMN "NameKey" character varying(100) NOT NULL DEFAULT '';
UPDATE "SlaPolicies" AS later SET "Name" = left(later."Name", 100 - length(' (#' || later."Id" || ')')) || ' (#' || later."Id" || ')'
WHERE EXISTS (SELECT 1 FROM "SlaPolicies" AS older WHERE upper(older."Name") = upper(later."Name") AND older."Id" < later."Id");
UPDATE "SlaPolicies" SET "NameKey" = upper("Name");
ALTER TABLE "SlaPolicies" ALTER COLUMN "NameKey" DROP DEFAULT;
ALTER TABLE "ProjectTypes" ADD COLUMN "NameKey" character varying(80) NOT NULL DEFAULT '';
UPDATE "ProjectTypes" AS later SET "Name" = left(later."Name", 80 - length(' (#' || later."Id" || ')')) || ' (#' || later."Id" || ')'
WHERE EXISTS (SELECT 1 FROM "ProjectTypes" AS older WHERE upper(older."Name") = upper(later."Name") AND older."Id" < later."Id");
UPDATE "ProjectTypes" SET "NameKey" = upper("Name");
ALTER TABLE "ProjectTypes" ALTER COLUMN "NameKey" DROP DEFAULT;

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
    "Tag" character varying(64) NOT NULL,
    "Version" bigint NOT NULL,
    CONSTRAINT "PK_CatalogueVersions" PRIMARY KEY ("Tag")
);
INSERT INTO "CatalogueVersions" ("Tag", "Version") VALUES ('hypercare', 0), ('priority-matrix', 0), ('service-levels', 0);
