ALTER TABLE "person" ADD COLUMN "exit_status" VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE "person" ADD COLUMN "exit_date" DATE;
CREATE INDEX "person_exit_status" ON "person" ("exit_status");
CREATE TABLE "recycle_bin" ("id" INTEGER NOT NULL PRIMARY KEY, "deleted_at" DATETIME NOT NULL, "operator" VARCHAR(255) NOT NULL, "label" VARCHAR(255) NOT NULL, "record_count" INTEGER NOT NULL, "payload" TEXT NOT NULL);
CREATE INDEX "recycle_bin_deleted_at" ON "recycle_bin" ("deleted_at")
