CREATE TABLE "assessment" ("id" INTEGER NOT NULL PRIMARY KEY, "standard_id" VARCHAR(255) NOT NULL, "period_from" DATE NOT NULL, "period_to" DATE NOT NULL, "title" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "finalized_at" DATETIME, "snapshot" TEXT);
CREATE INDEX "assessment_standard_id" ON "assessment" ("standard_id");
CREATE TABLE "assessment_answer" ("id" INTEGER NOT NULL PRIMARY KEY, "assessment_id" INTEGER NOT NULL, "item_id" VARCHAR(255) NOT NULL, "data" TEXT NOT NULL, "override_points" TEXT, "override_reason" TEXT NOT NULL, "updated_at" DATETIME NOT NULL, FOREIGN KEY ("assessment_id") REFERENCES "assessment" ("id") ON DELETE CASCADE);
CREATE INDEX "assessment_answer_assessment_id" ON "assessment_answer" ("assessment_id");
CREATE UNIQUE INDEX "assessment_answer_assessment_id_item_id" ON "assessment_answer" ("assessment_id", "item_id");
CREATE TABLE "evidence" ("id" INTEGER NOT NULL PRIMARY KEY, "assessment_id" INTEGER NOT NULL, "item_id" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "size" INTEGER NOT NULL, "content" BLOB NOT NULL, "added_at" DATETIME NOT NULL, FOREIGN KEY ("assessment_id") REFERENCES "assessment" ("id") ON DELETE CASCADE);
CREATE INDEX "evidence_assessment_id" ON "evidence" ("assessment_id");
CREATE INDEX "evidence_assessment_id_item_id" ON "evidence" ("assessment_id", "item_id");
