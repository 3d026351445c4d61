-- How many active students each school has, kept by triggers: the title
-- and the list of the Élèves page need the count before their first frame,
-- and count(*) reads the whole of learners_by_name for it (28 M
-- instructions for 50,000 students, against a few thousand here). Every
-- write goes through the triggers, whatever makes it: an import or its
-- undo, a sync, the command line, a school deleted with its students.
CREATE TABLE learner_counts (
  organization_id INTEGER PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  active INTEGER NOT NULL
);

INSERT INTO learner_counts (organization_id, active)
  SELECT organization_id, count(*) FROM learners WHERE disabled_at IS NULL GROUP BY organization_id;

CREATE TRIGGER learner_counts_insert AFTER INSERT ON learners
  WHEN NEW.disabled_at IS NULL
BEGIN
  INSERT INTO learner_counts (organization_id, active) VALUES (NEW.organization_id, 1)
    ON CONFLICT (organization_id) DO UPDATE SET active = active + 1;
END;

CREATE TRIGGER learner_counts_delete AFTER DELETE ON learners
  WHEN OLD.disabled_at IS NULL
BEGIN
  UPDATE learner_counts SET active = active - 1 WHERE organization_id = OLD.organization_id;
END;

-- A student who leaves or comes back, or (in principle) changes school.
CREATE TRIGGER learner_counts_update AFTER UPDATE OF disabled_at, organization_id ON learners
  WHEN (OLD.disabled_at IS NULL) <> (NEW.disabled_at IS NULL) OR OLD.organization_id <> NEW.organization_id
BEGIN
  UPDATE learner_counts SET active = active - 1
    WHERE organization_id = OLD.organization_id AND OLD.disabled_at IS NULL;
  INSERT INTO learner_counts (organization_id, active)
    SELECT NEW.organization_id, 1 WHERE NEW.disabled_at IS NULL
    ON CONFLICT (organization_id) DO UPDATE SET active = active + 1;
END;
