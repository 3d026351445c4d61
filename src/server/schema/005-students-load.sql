-- Schema of the server, version 5: what a class taking a campaign at
-- once reads on every page (issue 11, "Load"). Same text for SQLite and
-- PostgreSQL. Never edit a file that has shipped: add the next one.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

-- A student's latest attempt at a campaign, read by every page of the
-- test (orga_student_run_load): without it, both databases went through
-- every attempt of the space (the unique index on (organization_id,
-- participation) only narrows to the space) and sorted them.
CREATE INDEX student_assessments_by_learner
  ON student_assessments (organization_id, campaign, learner, attempt);
