"""The database: created by code with keys and checks, idempotent to open, and exposing the
published query contract."""

from datetime import datetime

import duckdb
import pytest

from loaders.store.database import open_database

CONTRACT = {
    "v_roadmap": [
        "subtask_id",
        "group_code",
        "entity_letter",
        "entity_name",
        "task_no",
        "task_name",
        "subtask_no",
        "subtask_name",
    ],
    "v_regions": ["region_id", "name_fi", "name_sv"],
    "v_submissions": [
        "region_id",
        "period",
        "file_name",
        "sha256",
        "loaded_at",
        "status",
        "superseded",
    ],
    "v_subtask_status": [
        "region_id",
        "period",
        "subtask_id",
        "group_code",
        "critical",
        "status",
        "expected_completion",
        "comment",
        "source_file",
        "source_sheet",
        "source_row",
    ],
    "v_completion": [
        "region_id",
        "period",
        "group_code",
        "scope",
        "applicable",
        "done",
        "reported",
        "completion_rate",
    ],
    "v_observations": ["region_id", "period", "kind", "group_code", "text", "severity", "red_flag"],
    "v_observation_themes": [
        "region_id",
        "period",
        "kind",
        "group_code",
        "text",
        "severity",
        "red_flag",
        "theme",
    ],
    "v_ingest_log": [
        "file_name",
        "sha256",
        "region_id",
        "period",
        "severity",
        "sheet",
        "row",
        "column",
        "value",
        "message_fi",
        "message_en",
        "logged_at",
        "message_sv",
    ],
}


@pytest.fixture
def con(tmp_path):
    connection = open_database(tmp_path / "t.duckdb")
    yield connection
    connection.close()


@pytest.mark.parametrize(("view", "columns"), CONTRACT.items())
def test_contract_views_have_their_published_columns(con, view, columns):
    found = [row[0] for row in con.execute(f"DESCRIBE {view}").fetchall()]
    assert found[: len(columns)] == columns


def test_catalogue_and_regions_are_loaded(con):
    assert con.execute("SELECT count(*) FROM v_roadmap").fetchone()[0] == 557
    assert con.execute("SELECT count(*) FROM v_regions").fetchone()[0] == 22
    assert (
        con.execute("SELECT subtask_name FROM v_roadmap WHERE subtask_id = 'HTT-B-1.3'").fetchone()[
            0
        ]
        == "Tilikartan laatiminen ja kirjanpidon aloittaminen"
    )
    assert con.execute("SELECT count(*) FROM v_phases").fetchone()[0] == 5


def test_opening_again_upgrades_without_duplicating(tmp_path):
    path = tmp_path / "again.duckdb"
    open_database(path).close()
    con = open_database(path)
    assert con.execute("SELECT count(*) FROM subtasks").fetchone()[0] == 557
    assert con.execute("SELECT count(*) FROM regions").fetchone()[0] == 22
    con.close()


def _submission(con, **overrides):
    values = {
        "file_name": "a.xlsx",
        "sha256": "0" * 64,
        "region_id": "kainuu",
        "period": "2022-03-01",
        "status": "loaded",
        "loaded_at": datetime(2022, 3, 4),
    }
    values.update(overrides)
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    return con.execute(
        f"INSERT INTO submissions ({names}) VALUES ({marks}) RETURNING submission_id",
        list(values.values()),
    ).fetchone()[0]


@pytest.mark.parametrize(
    "overrides",
    [
        {"region_id": "tampere"},  # not a region: foreign key
        {"period": "2022-03-15"},  # a month is its first day
        {"status": "maybe"},  # allowed values only
        {"sha256": "abc"},  # a SHA-256 is 64 hex digits
        {"region_id": None},  # only a rejected file may lack its region
    ],
)
def test_submissions_refuse_impossible_rows(con, overrides):
    with pytest.raises(duckdb.ConstraintException):
        _submission(con, **overrides)


def test_a_rejected_file_may_lack_region_and_month(con):
    _submission(con, region_id=None, period=None, status="rejected")
    assert con.execute("SELECT status FROM v_submissions").fetchone()[0] == "rejected"


@pytest.mark.parametrize(
    ("subtask_id", "status"),
    [("HTT-Z-9.9", "done"), ("HTT-B-1.3", "valmis")],
)
def test_status_reports_refuse_unknown_subtasks_and_statuses(con, subtask_id, status):
    submission = _submission(con)
    with pytest.raises(duckdb.ConstraintException):
        con.execute(
            "INSERT INTO status_reports (submission_id, subtask_id, critical, status, "
            "source_sheet, source_row) VALUES (?, ?, true, ?, 'HTT', 5)",
            [submission, subtask_id, status],
        )


def test_completion_counts_every_catalogue_subtask_of_a_submission(con):
    submission = _submission(con)
    con.execute(
        "INSERT INTO status_reports (submission_id, subtask_id, critical, status, source_sheet, "
        "source_row) VALUES (?, 'HTT-B-1.3', true, 'done', 'HTT', 5), "
        "(?, 'HTT-B-1.4', true, 'not_applicable', 'HTT', 6), "
        "(?, 'HTT-B-1.5', false, 'started', 'HTT', 7)",
        [submission, submission, submission],
    )
    rows = con.execute(
        "SELECT group_code, scope, applicable, done, reported, completion_rate FROM v_completion "
        "WHERE group_code IN ('HTT', 'ALL', 'ICT') ORDER BY group_code, scope"
    ).fetchall()
    assert rows == [
        ("ALL", "all", 556, 1, 2, 1 / 556),
        ("ALL", "critical", 1, 1, 1, 1.0),
        ("HTT", "all", 122, 1, 2, 1 / 122),
        ("HTT", "critical", 1, 1, 1, 1.0),
        ("ICT", "all", 119, 0, 0, 0.0),
        ("ICT", "critical", 0, 0, 0, None),
    ]
