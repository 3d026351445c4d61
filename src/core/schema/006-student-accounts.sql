-- The students' Pix accounts as the server last listed them (GET
-- …/students/accounts, spec §2.1 "Méthode(s) de connexion"): a cache,
-- replaced whole after each successful sync cycle, never pushed. A student
-- without a row is linked to no account ("Aucune").
--
-- methods: bit flags, 1 e-mail, 2 username ("Identifiant"), 4 GAR
-- ("Mediacentre") (OrgaLoginMethods in orga-student-account.h).
CREATE TABLE student_accounts (
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  learner_uuid TEXT NOT NULL,
  methods INTEGER NOT NULL DEFAULT 0,
  email TEXT,
  username TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (learner_uuid, organization_id)
) WITHOUT ROWID;

CREATE INDEX student_accounts_by_organization ON student_accounts (organization_id);
