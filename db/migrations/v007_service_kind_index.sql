CREATE INDEX "service_kind_person_id_served_on" ON "service" ("kind", "person_id", "served_on")
