CREATE TABLE "operator" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "role" VARCHAR(255) NOT NULL, "password_hash" TEXT NOT NULL, "disabled" INTEGER NOT NULL, "created_at" DATETIME NOT NULL);
CREATE UNIQUE INDEX "operator_name" ON "operator" ("name");
CREATE TABLE "audit_entry" ("id" INTEGER NOT NULL PRIMARY KEY, "at" VARCHAR(255) NOT NULL, "operator" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "table_name" VARCHAR(255) NOT NULL, "record_key" VARCHAR(255) NOT NULL, "person_id" INTEGER, "field" VARCHAR(255) NOT NULL, "old" TEXT, "new" TEXT, "detail" TEXT NOT NULL, "parent_id" INTEGER, "prev_hash" VARCHAR(255) NOT NULL, "hash" VARCHAR(255) NOT NULL);
CREATE INDEX "audit_entry_at" ON "audit_entry" ("at");
CREATE INDEX "audit_entry_kind" ON "audit_entry" ("kind");
CREATE INDEX "audit_entry_person_id" ON "audit_entry" ("person_id");
CREATE INDEX "audit_entry_parent_id" ON "audit_entry" ("parent_id");
CREATE TRIGGER "audit_entry_no_update" BEFORE UPDATE ON "audit_entry" BEGIN SELECT RAISE(ABORT, 'stationdesk: audit entries cannot be changed'); END;
CREATE TRIGGER "audit_entry_no_delete" BEFORE DELETE ON "audit_entry" BEGIN SELECT RAISE(ABORT, 'stationdesk: audit entries cannot be changed'); END
