"""The discussion record: saved and read back, versions checked, kept in the database file,
and the statuses corrected in the discussion counted as official in v_completion."""

import hashlib
from datetime import date, datetime

import duckdb
import pytest

from loaders.store.database import open_database
from loaders.store.discussions import (
    Action,
    Correction,
    Record,
    StaleRecord,
    discussion_record,
    previous_actions,
    save_discussion,
)

MARCH, APRIL = date(2022, 3, 1), date(2022, 4, 1)
REGION = "lappi"
# Lappi's March workbook: four critical subtasks, one done.
MARCH_ROWS = {
    "HTT-A-1.1": "done",
    "HTT-A-1.2": "started",
    "HTT-A-1.3": "not_started",
    "JO-A-1.1": "advanced",
}

CONTRACT = {
    "v_discussions": [
        "region_id",
        "period",
        "version",
        "held_on",
        "participants",
        "validated",
        "corrections_note",
        "notes",
        "agenda",
        "saved_by",
        "saved_at",
    ],
    "v_discussion_actions": ["region_id", "period", "seq", "what", "who", "due", "state"],
    "v_discussion_corrections": [
        "region_id",
        "period",
        "subtask_id",
        "status",
        "saved_by",
        "saved_at",
    ],
    "v_subtask_status_official": [
        "region_id",
        "period",
        "subtask_id",
        "group_code",
        "critical",
        "status",
        "self_reported_status",
        "corrected",
    ],
}


def submit(con: duckdb.DuckDBPyConnection, region_id: str, period: date, rows: dict) -> None:
    """A loaded submission with critical rows `rows` (subtask_id -> status)."""
    submission_id = con.execute(
        """
        INSERT INTO submissions (file_name, sha256, region_id, period, status, loaded_at)
        VALUES (?, ?, ?, ?, 'loaded', ?) RETURNING submission_id
        """,
        [
            f"{region_id}-{period}.xlsx",
            hashlib.sha256(f"{region_id}{period}".encode()).hexdigest(),
            region_id,
            period,
            datetime(period.year, period.month, 2, 12),
        ],
    ).fetchone()[0]
    con.executemany(
        """
        INSERT INTO status_reports (submission_id, subtask_id, critical, status, status_raw,
            source_sheet, source_row)
        VALUES (?, ?, true, ?, ?, 'X', ?)
        """,
        [
            (submission_id, subtask, status, status, row)
            for row, (subtask, status) in enumerate(rows.items(), start=2)
        ],
    )


@pytest.fixture
def path(tmp_path):
    db = tmp_path / "t.duckdb"
    con = open_database(db)
    submit(con, REGION, MARCH, MARCH_ROWS)
    submit(con, REGION, APRIL, MARCH_ROWS)
    con.close()
    return db


@pytest.fixture
def con(path):
    connection = open_database(path)
    yield connection
    connection.close()


def full_record() -> Record:
    return Record(
        region_id=REGION,
        period=MARCH,
        held_on=date(2022, 3, 14),
        participants="Liisa Laine, Matti Meikäläinen",
        validated=True,
        corrections_note="HTT-A-1.2 on valmis.",
        notes="Rahoitus huolettaa.",
        agenda="1. Punaiset liput",
        actions=(
            Action("Rahoitussuunnitelma", "Matti", date(2022, 4, 15), "open"),
            Action("=1+1 ei kaava", "", None, "in_progress"),
        ),
        corrections=(Correction("HTT-A-1.2", "done"),),
    )


def critical_all(con, period: date = MARCH) -> tuple:
    return con.execute(
        """
        SELECT applicable, done, completion_rate FROM v_completion
        WHERE region_id = ? AND period = ? AND scope = 'critical' AND group_code = 'ALL'
        """,
        [REGION, period],
    ).fetchone()


@pytest.mark.parametrize(("view", "columns"), CONTRACT.items())
def test_views_have_their_published_columns(con, view, columns):
    found = [row[0] for row in con.execute(f"DESCRIBE {view}").fetchall()]
    assert found[: len(columns)] == columns


def test_no_record_until_saved(con):
    assert discussion_record(con, REGION, MARCH) is None
    assert previous_actions(con, REGION, APRIL).empty


def test_save_and_read_back(con):
    saved = save_discussion(con, full_record(), expected_version=0, user="Fasilitaattori F")
    assert saved.version == 1
    assert saved.saved_by == "Fasilitaattori F"
    assert isinstance(saved.saved_at, datetime)
    again = discussion_record(con, REGION, "2022-03")
    assert again == saved
    expected = full_record()
    for name in ("held_on", "participants", "validated", "corrections_note", "notes", "agenda"):
        assert getattr(again, name) == getattr(expected, name), name
    assert again.actions == expected.actions
    assert again.corrections == expected.corrections
    assert again.actions_frame()["seq"].tolist() == [1, 2]


def test_each_save_is_a_new_version_and_the_old_one_is_kept(con):
    first = save_discussion(con, full_record(), expected_version=0, user="A")
    edited = Record(REGION, MARCH, notes="Toinen versio", actions=(Action("Vain yksi"),))
    second = save_discussion(con, edited, expected_version=first.version, user="B")
    assert second.version == 2 and second.saved_by == "B"
    assert [a.what for a in second.actions] == ["Vain yksi"]
    assert second.corrections == ()
    versions = con.execute("SELECT version, saved_by FROM discussions ORDER BY version").fetchall()
    assert versions == [(1, "A"), (2, "B")]
    assert con.execute("SELECT count(*) FROM v_discussion_actions").fetchone()[0] == 1


def test_a_stale_version_raises_and_writes_nothing(con):
    save_discussion(con, full_record(), expected_version=0, user="Tab one")
    mine = Record(REGION, MARCH, notes="Minun muistiinpanoni")
    with pytest.raises(StaleRecord) as raised:
        save_discussion(con, mine, expected_version=0, user="Tab two")
    assert raised.value.current.version == 1
    assert raised.value.current.saved_by == "Tab one"
    assert raised.value.attempted.notes == "Minun muistiinpanoni"
    now = discussion_record(con, REGION, MARCH)
    assert now.version == 1 and now.notes == "Rahoitus huolettaa."
    assert con.execute("SELECT count(*) FROM discussions").fetchone()[0] == 1
    # Saving on top of what is there now works.
    assert save_discussion(con, mine, expected_version=1, user="Tab two").version == 2


def test_a_racing_writer_without_the_lock_gets_stale_record(con):
    other = con.cursor()
    other.execute("BEGIN TRANSACTION")
    other.execute(
        "INSERT INTO discussions VALUES (?, ?, 1, NULL, '', false, '', '', '', 'other', now())",
        [REGION, MARCH],
    )
    mine = con.cursor()
    save_discussion(mine, full_record(), expected_version=0, user="me")
    with pytest.raises(duckdb.TransactionException):
        other.execute("COMMIT")  # the first commit wins; the other is refused, not merged
    assert discussion_record(con, REGION, MARCH).saved_by == "me"


@pytest.mark.parametrize(
    "record",
    [
        Record(REGION, MARCH, actions=(Action("  "),)),
        Record(REGION, MARCH, actions=(Action("x", state="maybe"),)),
        Record(REGION, MARCH, corrections=(Correction("HTT-A-1.1", "valmis"),)),
        Record(
            REGION,
            MARCH,
            corrections=(Correction("HTT-A-1.1", "done"), Correction("HTT-A-1.1", "started")),
        ),
    ],
)
def test_invalid_records_are_refused(con, record):
    with pytest.raises(ValueError):
        save_discussion(con, record, expected_version=0, user="F")
    assert discussion_record(con, REGION, MARCH) is None


def test_a_failed_insert_leaves_nothing_behind(con):
    unknown = Record(REGION, MARCH, corrections=(Correction("HTT-Z-9.9", "done"),))
    with pytest.raises(duckdb.ConstraintException):
        save_discussion(con, unknown, expected_version=0, user="F")
    assert con.execute("SELECT count(*) FROM discussions").fetchone()[0] == 0


def test_the_record_survives_reopening_the_file(path):
    con = open_database(path)
    save_discussion(con, full_record(), expected_version=0, user="F")
    con.close()
    reopened = open_database(path)
    try:
        record = discussion_record(reopened, REGION, MARCH)
        assert record.version == 1 and record.participants == full_record().participants
        assert [a.what for a in record.actions] == ["Rahoitussuunnitelma", "=1+1 ei kaava"]
    finally:
        reopened.close()


def test_previous_actions_are_last_discussions(con):
    save_discussion(con, full_record(), expected_version=0, user="F")
    actions = previous_actions(con, REGION, APRIL)
    assert actions["what"].tolist() == ["Rahoitussuunnitelma", "=1+1 ei kaava"]
    assert actions["state"].tolist() == ["open", "in_progress"]
    assert actions["held_on"].dt.date.tolist() == [date(2022, 3, 14)] * 2
    assert previous_actions(con, REGION, MARCH).empty  # this month's own are not "last time"


def test_corrections_are_official_in_v_completion(con):
    # By hand: 4 critical, 1 done -> 1/4. Agreed: HTT-A-1.2 done, JO-A-1.1 not applicable
    # -> 3 applicable, 2 done.
    assert critical_all(con) == (4, 1, 0.25)
    record = Record(
        REGION,
        MARCH,
        validated=True,
        corrections=(Correction("HTT-A-1.2", "done"), Correction("JO-A-1.1", "not_applicable")),
    )
    saved = save_discussion(con, record, expected_version=0, user="F")
    applicable, done, rate = critical_all(con)
    assert (applicable, done) == (3, 2) and rate == pytest.approx(2 / 3)
    by_group = dict(
        con.execute(
            """
            SELECT group_code, completion_rate FROM v_completion
            WHERE region_id = ? AND period = ? AND scope = 'critical' AND group_code <> 'ALL'
            """,
            [REGION, MARCH],
        ).fetchall()
    )
    assert by_group["HTT"] == pytest.approx(2 / 3)
    assert by_group["JO"] is None  # nothing applicable left
    row = con.execute(
        """
        SELECT status, self_reported_status, corrected FROM v_subtask_status_official
        WHERE region_id = ? AND period = ? AND subtask_id = 'HTT-A-1.2'
        """,
        [REGION, MARCH],
    ).fetchone()
    assert row == ("done", "started", True)
    # April has the same workbook and no discussion: unchanged.
    assert critical_all(con, APRIL) == (4, 1, 0.25)
    # A later version without the corrections takes them back.
    save_discussion(con, Record(REGION, MARCH), expected_version=saved.version, user="F")
    assert critical_all(con) == (4, 1, 0.25)
