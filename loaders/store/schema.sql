-- Tilannekuva database schema. Created and upgraded by loaders.store.database.open_database;
-- every statement is idempotent so an upgrade is a re-run. Layers: catalogue tables
-- (from data/), raw submission tables (what the workbooks said, with their source cells),
-- and the v_* views that form the published query contract (README.md).

CREATE TABLE IF NOT EXISTS schema_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS groups (
    group_code VARCHAR PRIMARY KEY CHECK (group_code IN ('HTT', 'JO', 'JAR', 'YHD', 'ICT')),
    sort_order INTEGER NOT NULL,
    name_fi    VARCHAR NOT NULL,
    name_sv    VARCHAR NOT NULL,
    name_en    VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS entities (
    group_code    VARCHAR NOT NULL REFERENCES groups (group_code),
    entity_letter VARCHAR NOT NULL CHECK (regexp_full_match(entity_letter, '[A-Z]')),
    entity_name   VARCHAR NOT NULL,
    PRIMARY KEY (group_code, entity_letter)
);

CREATE TABLE IF NOT EXISTS tasks (
    group_code    VARCHAR NOT NULL,
    entity_letter VARCHAR NOT NULL,
    task_no       INTEGER NOT NULL CHECK (task_no > 0),
    task_name     VARCHAR NOT NULL,
    PRIMARY KEY (group_code, entity_letter, task_no),
    FOREIGN KEY (group_code, entity_letter) REFERENCES entities (group_code, entity_letter)
);

CREATE TABLE IF NOT EXISTS subtasks (
    subtask_id    VARCHAR PRIMARY KEY,
    group_code    VARCHAR NOT NULL,
    entity_letter VARCHAR NOT NULL,
    task_no       INTEGER NOT NULL,
    subtask_no    VARCHAR NOT NULL CHECK (regexp_full_match(subtask_no, '[0-9]+\.[0-9]+')),
    subtask_name  VARCHAR NOT NULL,
    sort_key      INTEGER NOT NULL,
    CHECK (subtask_id = group_code || '-' || entity_letter || '-' || subtask_no),
    CHECK (split_part(subtask_no, '.', 1) = CAST(task_no AS VARCHAR)),
    FOREIGN KEY (group_code, entity_letter, task_no) REFERENCES tasks (group_code, entity_letter, task_no)
);

CREATE TABLE IF NOT EXISTS regions (
    region_id  VARCHAR PRIMARY KEY CHECK (regexp_full_match(region_id, '[a-z]+(-[a-z]+)*')),
    sort_order INTEGER NOT NULL,
    name_fi    VARCHAR NOT NULL,
    name_sv    VARCHAR NOT NULL,
    short_fi   VARCHAR NOT NULL,
    short_sv   VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS phases (
    phase_no INTEGER PRIMARY KEY CHECK (phase_no BETWEEN 1 AND 5),
    name_fi  VARCHAR NOT NULL,
    name_sv  VARCHAR NOT NULL,
    name_en  VARCHAR NOT NULL,
    starts   DATE,
    ends     DATE NOT NULL,
    CHECK (starts IS NULL OR starts <= ends)
);

-- One row per file the loader has seen. A rejected file may lack region or period.
CREATE SEQUENCE IF NOT EXISTS submission_seq START 1;
CREATE TABLE IF NOT EXISTS submissions (
    submission_id INTEGER PRIMARY KEY DEFAULT nextval('submission_seq'),
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL CHECK (length(sha256) = 64),
    region_id     VARCHAR REFERENCES regions (region_id),
    period        DATE CHECK (period IS NULL OR day(period) = 1),
    status        VARCHAR NOT NULL CHECK (status IN ('loaded', 'partial', 'rejected')),
    filled_by     VARCHAR,
    reported_at   TIMESTAMP,
    loaded_at     TIMESTAMP NOT NULL,
    CHECK (status = 'rejected' OR (region_id IS NOT NULL AND period IS NOT NULL))
);

-- What a workbook said about one subtask, with the cell it came from.
CREATE TABLE IF NOT EXISTS status_reports (
    submission_id       INTEGER NOT NULL REFERENCES submissions (submission_id),
    subtask_id          VARCHAR NOT NULL REFERENCES subtasks (subtask_id),
    critical            BOOLEAN NOT NULL,
    status              VARCHAR CHECK (status IN ('not_started', 'started', 'advanced', 'done', 'not_applicable')),
    status_raw          VARCHAR,
    expected_completion DATE,
    comment             VARCHAR,
    challenges          VARCHAR,
    source_sheet        VARCHAR NOT NULL,
    source_row          INTEGER NOT NULL CHECK (source_row > 0),
    PRIMARY KEY (submission_id, subtask_id)
);

CREATE TABLE IF NOT EXISTS observations (
    submission_id INTEGER NOT NULL REFERENCES submissions (submission_id),
    seq           INTEGER NOT NULL,
    kind          VARCHAR NOT NULL CHECK (kind IN ('huomio', 'toive', 'riski')),
    group_code    VARCHAR REFERENCES groups (group_code),
    text          VARCHAR NOT NULL,
    severity      VARCHAR CHECK (severity IN ('matala', 'kohtalainen', 'korkea')),
    red_flag      BOOLEAN NOT NULL,
    source_sheet  VARCHAR NOT NULL,
    source_row    INTEGER NOT NULL CHECK (source_row > 0),
    PRIMARY KEY (submission_id, seq)
);

CREATE SEQUENCE IF NOT EXISTS ingest_log_seq START 1;
CREATE TABLE IF NOT EXISTS ingest_log (
    log_id        INTEGER PRIMARY KEY DEFAULT nextval('ingest_log_seq'),
    submission_id INTEGER REFERENCES submissions (submission_id),
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR,
    region_id     VARCHAR,
    period        DATE,
    severity      VARCHAR NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    sheet         VARCHAR,
    "row"         INTEGER,
    "column"      VARCHAR,
    value         VARCHAR,
    message_fi    VARCHAR NOT NULL,
    message_en    VARCHAR NOT NULL,
    logged_at     TIMESTAMP NOT NULL
);
-- Swedish messages came later (issue 15): added to databases made before, where the rows
-- already logged keep NULL (a rebuild from the archive fills them). Not NOT NULL for that
-- reason; the loader always writes it.
ALTER TABLE ingest_log ADD COLUMN IF NOT EXISTS message_sv VARCHAR;

-- The monthly discussion with a region (issue 7). Append-only: every save is a new version
-- of the record, with who saved it and when, so nothing is overwritten; the views show the
-- latest version. Actions and corrections belong to the version they were saved with.
CREATE TABLE IF NOT EXISTS discussions (
    region_id        VARCHAR NOT NULL REFERENCES regions (region_id),
    period           DATE NOT NULL CHECK (day(period) = 1),
    version          INTEGER NOT NULL CHECK (version > 0),
    held_on          DATE,
    participants     VARCHAR NOT NULL,
    validated        BOOLEAN NOT NULL,
    corrections_note VARCHAR NOT NULL,
    notes            VARCHAR NOT NULL,
    agenda           VARCHAR NOT NULL,
    saved_by         VARCHAR NOT NULL CHECK (trim(saved_by) <> ''),
    saved_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (region_id, period, version)
);

CREATE TABLE IF NOT EXISTS discussion_actions (
    region_id VARCHAR NOT NULL,
    period    DATE NOT NULL,
    version   INTEGER NOT NULL,
    seq       INTEGER NOT NULL CHECK (seq > 0),
    what      VARCHAR NOT NULL CHECK (trim(what) <> ''),
    who       VARCHAR NOT NULL,
    due       DATE,
    state     VARCHAR NOT NULL CHECK (state IN ('open', 'in_progress', 'done', 'dropped')),
    PRIMARY KEY (region_id, period, version, seq),
    FOREIGN KEY (region_id, period, version) REFERENCES discussions (region_id, period, version)
);

-- A status agreed in the discussion for one subtask of the month's submission: the
-- validated figure, shown as official beside the self-reported one.
CREATE TABLE IF NOT EXISTS discussion_corrections (
    region_id  VARCHAR NOT NULL,
    period     DATE NOT NULL,
    version    INTEGER NOT NULL,
    subtask_id VARCHAR NOT NULL REFERENCES subtasks (subtask_id),
    status     VARCHAR NOT NULL CHECK (status IN ('not_started', 'started', 'advanced', 'done', 'not_applicable')),
    PRIMARY KEY (region_id, period, version, subtask_id),
    FOREIGN KEY (region_id, period, version) REFERENCES discussions (region_id, period, version)
);
