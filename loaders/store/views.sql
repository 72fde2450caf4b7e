-- The query contract (README.md "Query contract"). Views only rename, filter and count;
-- the tables above keep what the workbooks said.

CREATE OR REPLACE VIEW v_roadmap AS
SELECT s.subtask_id, s.group_code, s.entity_letter, e.entity_name,
       s.task_no, t.task_name, s.subtask_no, s.subtask_name
FROM subtasks s
JOIN entities e USING (group_code, entity_letter)
JOIN tasks t USING (group_code, entity_letter, task_no)
JOIN groups g USING (group_code)
ORDER BY g.sort_order, s.sort_key;

CREATE OR REPLACE VIEW v_regions AS
SELECT region_id, name_fi, name_sv FROM regions ORDER BY sort_order;

CREATE OR REPLACE VIEW v_groups AS
SELECT group_code, name_fi, name_sv, name_en FROM groups ORDER BY sort_order;

CREATE OR REPLACE VIEW v_phases AS
SELECT phase_no, name_fi, name_sv, name_en, starts, ends FROM phases ORDER BY phase_no;

-- A submission is current when it is the newest accepted file for its region and month;
-- superseded is derived, never stored, so no update can leave it stale.
CREATE OR REPLACE VIEW v_submissions AS
WITH ranked AS (
    SELECT *,
           CASE WHEN status = 'rejected' THEN NULL
                ELSE row_number() OVER (PARTITION BY region_id, period, status = 'rejected'
                                        ORDER BY loaded_at DESC, submission_id DESC)
           END AS recency
    FROM submissions
)
SELECT region_id, period, file_name, sha256, loaded_at, status,
       coalesce(recency > 1, false) AS superseded, reported_at, filled_by, submission_id
FROM ranked;

CREATE OR REPLACE VIEW v_current_submissions AS
SELECT * FROM v_submissions WHERE status <> 'rejected' AND NOT superseded;

-- Every catalogue subtask for every current submission: a subtask the workbook does not
-- mention is applicable, not reported, not done and not critical.
CREATE OR REPLACE VIEW v_subtask_status AS
SELECT cs.region_id, cs.period, s.subtask_id, s.group_code,
       coalesce(r.critical, false) AS critical,
       r.status, r.expected_completion, r.comment,
       cs.file_name AS source_file, r.source_sheet, r.source_row
FROM v_current_submissions cs
CROSS JOIN subtasks s
LEFT JOIN status_reports r
       ON r.submission_id = cs.submission_id AND r.subtask_id = s.subtask_id;

-- The monthly discussion records: the latest saved version per region and month.
CREATE OR REPLACE VIEW v_discussions AS
SELECT region_id, period, version, held_on, participants, validated, corrections_note, notes,
       agenda, saved_by, saved_at
FROM discussions
QUALIFY version = max(version) OVER (PARTITION BY region_id, period);

CREATE OR REPLACE VIEW v_discussion_actions AS
SELECT a.region_id, a.period, a.seq, a.what, a.who, a.due, a.state
FROM discussion_actions a
JOIN v_discussions d USING (region_id, period, version)
ORDER BY a.region_id, a.period, a.seq;

CREATE OR REPLACE VIEW v_discussion_corrections AS
SELECT c.region_id, c.period, c.subtask_id, c.status, d.saved_by, d.saved_at
FROM discussion_corrections c
JOIN v_discussions d USING (region_id, period, version);

-- v_subtask_status with the statuses validated in the discussion: status is the official
-- one (the corrected status where one was agreed), self_reported_status what the workbook
-- said, corrected whether they come from a correction.
CREATE OR REPLACE VIEW v_subtask_status_official AS
SELECT st.region_id, st.period, st.subtask_id, st.group_code, st.critical,
       coalesce(c.status, st.status) AS status, st.status AS self_reported_status,
       c.status IS NOT NULL AS corrected,
       st.expected_completion, st.comment, st.source_file, st.source_sheet, st.source_row
FROM v_subtask_status st
LEFT JOIN v_discussion_corrections c USING (region_id, period, subtask_id);

-- One row per region, month, group (and ALL) and scope, also when a scope holds no subtask;
-- counted from the official statuses (validated in the discussion where corrected).
CREATE OR REPLACE VIEW v_completion AS
WITH counted AS (
    SELECT st.region_id, st.period, coalesce(st.group_code, 'ALL') AS group_code, sc.scope,
           count(*) FILTER (WHERE (sc.scope = 'all' OR st.critical)
                              AND st.status IS DISTINCT FROM 'not_applicable') AS applicable,
           count(*) FILTER (WHERE (sc.scope = 'all' OR st.critical)
                              AND st.status = 'done') AS done,
           count(*) FILTER (WHERE (sc.scope = 'all' OR st.critical)
                              AND st.status <> 'not_applicable') AS reported
    FROM v_subtask_status_official st
    CROSS JOIN (VALUES ('all'), ('critical')) AS sc (scope)
    GROUP BY GROUPING SETS ((st.region_id, st.period, sc.scope, st.group_code),
                            (st.region_id, st.period, sc.scope))
)
SELECT region_id, period, group_code, scope, applicable, done, reported,
       CASE WHEN applicable > 0 THEN done / applicable END AS completion_rate
FROM counted;

CREATE OR REPLACE VIEW v_observations AS
SELECT cs.region_id, cs.period, o.kind, o.group_code, o.text, o.severity, o.red_flag
FROM observations o
JOIN v_current_submissions cs USING (submission_id)
ORDER BY cs.region_id, cs.period, o.seq;

CREATE OR REPLACE VIEW v_ingest_log AS
SELECT file_name, sha256, region_id, period, severity, sheet, "row", "column", value,
       message_fi, message_en, logged_at,
       -- after the older columns, so that reading them by position keeps working
       message_sv
FROM ingest_log
ORDER BY log_id;
