-- The active students of a school in the lists' order (name_key, then the
-- INE, unique in a school): the app's first screenful of 50,000 students
-- is read through it with a LIMIT, without sorting them all.
CREATE INDEX learners_by_name ON learners (organization_id, name_key, ine) WHERE disabled_at IS NULL;
