ALTER TABLE "station_profile" ADD COLUMN "area_code" VARCHAR(255) NOT NULL DEFAULT '';
CREATE TABLE "station_key" ("id" INTEGER NOT NULL PRIMARY KEY, "private_key" BLOB NOT NULL, "public_key" BLOB NOT NULL, "created_at" DATETIME NOT NULL);
