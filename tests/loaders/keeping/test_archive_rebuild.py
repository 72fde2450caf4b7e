"""Nothing lost: every arriving file is kept byte for byte with who, when and what became of
it, and the database rebuilt from the archive alone gives the same figures."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from loaders import writes
from loaders.ingest_command import load_files
from loaders.keeping.rebuild import ArchiveIncomplete, rebuild
from loaders.store.discussions import Action, Correction, Record, StaleRecord
from tests.loaders.keeping.conftest import APRIL, MAY
from tests.loaders.keeping.files import SUBTASKS, run_loaders, workbook

# Everything a page shows comes from these views; timestamps of saving and row ids aside,
# a rebuilt database must hold the same.
FIGURE_VIEWS = (
    "v_current_submissions",
    "v_subtask_status_official",
    "v_completion",
    "v_observation_themes",
    "v_ingest_log",
    "v_discussions",
    "v_discussion_actions",
    "v_discussion_corrections",
)
NOT_FIGURES = {"submission_id", "log_id", "saved_at", "logged_at"}


def figures(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for view in FIGURE_VIEWS:
            columns = [
                c
                for (c,) in con.execute(f"SELECT name FROM pragma_table_info('{view}')").fetchall()
                if c not in NOT_FIGURES
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            out[view] = con.execute(f"SELECT {listed} FROM {view} ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def history(live, archive, march_files, db):
    """A realistic history: a command-line load, uploads (good, broken, a resubmission, a
    refused one, a repeat) and discussion records with a correction and a second version."""
    load_files(db, [march_files], who="cli:ops")
    kainuu = workbook("kainuu", APRIL, done_share=0.4)
    results = [
        writes.upload(
            live,
            archive,
            kainuu,
            "k.xlsx",
            who="kainuu@example.fi",
            allowed_region="kainuu",
        ),
        writes.upload(
            live,
            archive,
            workbook("lappi", APRIL, note="<b>tärkeä</b> **huom**"),
            "l.xlsx",
            who="fac@example.fi",
        ),
        writes.upload(live, archive, b"PK\x03\x04 cut short", "broken.xlsx", who="fac@example.fi"),
        writes.upload(
            live, archive, workbook("lappi", APRIL, done_share=0.9), "l2.xlsx", who="fac@example.fi"
        ),
        writes.upload(
            live,
            archive,
            workbook("lappi", MAY),
            "l5.xlsx",
            who="kainuu@example.fi",
            allowed_region="kainuu",
        ),
        writes.upload(
            live,
            archive,
            kainuu,
            "k again.xlsx",
            who="kainuu@example.fi",
        ),
    ]
    record = Record(
        "lappi",
        APRIL,
        notes="Sovittiin **korjaus**",
        actions=(Action("Päivitä tila", "Anna"),),
        corrections=(Correction(SUBTASKS[-1], "done"),),
    )
    first = writes.save_record(live, archive, record, 0, who="fac@example.fi")
    writes.save_record(live, archive, record, first.version, who="fac@example.fi")
    return results


def test_every_arrival_is_kept_with_who_when_and_outcome(db, live, archive, march_files):
    results = history(live, archive, march_files, db)
    assert [r.outcome for r in results] == [
        "loaded",
        "loaded",
        "rejected",
        "loaded",
        "rejected",
        "unchanged",
    ]
    arrivals = archive.arrivals()
    assert [(a.file_name, a.who, a.outcome, a.source) for a in arrivals] == [
        ("kainuu.xlsx", "cli:ops", "loaded", "cli"),
        ("lappi.xlsx", "cli:ops", "loaded", "cli"),
        ("pirkanmaa.xlsx", "cli:ops", "loaded", "cli"),
        ("k.xlsx", "kainuu@example.fi", "loaded", "upload"),
        ("l.xlsx", "fac@example.fi", "loaded", "upload"),
        ("broken.xlsx", "fac@example.fi", "rejected", "upload"),
        ("l2.xlsx", "fac@example.fi", "loaded", "upload"),
        ("l5.xlsx", "kainuu@example.fi", "refused", "upload"),
        ("k again.xlsx", "kainuu@example.fi", "unchanged", "upload"),
    ]
    # The bytes as received, under their hash, the refused and the broken file included.
    assert archive.original(arrivals[5].sha256).read_bytes() == b"PK\x03\x04 cut short"
    assert archive.original(arrivals[7].sha256).read_bytes().startswith(b"PK")
    assert arrivals[3].region_id == "kainuu" and arrivals[3].period == "2022-04-01"
    # The refused file never reached the database.
    assert live.cursor().execute(
        "SELECT count(*) FROM submissions WHERE period = DATE '2022-05-01'"
    ).fetchone() == (0,)
    lines = [json.loads(x) for x in archive.records.read_text().splitlines()]
    assert [(x["version"], x["who"], x["notes"]) for x in lines] == [
        (1, "fac@example.fi", "Sovittiin **korjaus**"),
        (2, "fac@example.fi", "Sovittiin **korjaus**"),
    ]


def test_rebuild_from_the_archive_gives_the_same_figures(db, live, archive, march_files):
    history(live, archive, march_files, db)
    live.close()  # the figures are read from the file as a fresh process would
    before = figures(db)
    assert len(before["v_current_submissions"]) == 5
    assert before["v_discussion_corrections"]
    db.unlink()  # the database is lost; the archive is all there is
    summary = rebuild(db, archive)
    assert (summary.files, summary.records) == (7, 2)
    assert figures(db) == before


def test_rebuild_gives_problems_logged_before_swedish_messages_their_swedish(
    db, live, archive, march_files
):
    history(live, archive, march_files, db)
    live.close()
    con = duckdb.connect(str(db))
    # As a database upgraded from before issue 15 holds its older log: no Swedish.
    con.execute("UPDATE ingest_log SET message_sv = NULL")
    logged = con.execute("SELECT count(*) FROM ingest_log").fetchone()[0]
    con.close()
    assert logged  # the broken upload and the refused one at least
    rebuild(db, archive)
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT message_fi, message_sv FROM v_ingest_log").fetchall()
    finally:
        con.close()
    assert len(rows) == logged
    assert all(sv and sv != fi for fi, sv in rows)


def test_rebuild_command_runs_while_the_dashboard_reads(db, live, archive, march_files):
    history(live, archive, march_files, db)
    reader, file_before = live.cursor(), live.identity()
    completed = run_loaders("rebuild", "--db", str(db))
    assert completed.returncode == 0, completed.stderr
    assert "rebuilt (7 tiedostoa / files, 2 keskustelukirjausta" in completed.stdout
    # The open reader still reads the old file; the next query reads the rebuilt one.
    assert reader.execute("SELECT count(*) FROM submissions").fetchone() == (7,)
    assert live.cursor().execute("SELECT count(*) FROM discussions").fetchone() == (2,)
    assert live.identity() != file_before


def test_a_rebuild_with_a_missing_original_changes_nothing(db, live, archive, march_files):
    history(live, archive, march_files, db)
    live.close()
    before = figures(db)
    archive.original(archive.arrivals()[4].sha256).unlink()
    with pytest.raises(ArchiveIncomplete, match="l.xlsx"):
        rebuild(db, archive)
    assert figures(db) == before


def test_a_stale_record_is_told_and_not_journalled(db, live, archive):
    record = Record("kainuu", APRIL, notes="eka")
    writes.save_record(live, archive, record, 0, who="a@example.fi")
    with pytest.raises(StaleRecord):
        writes.save_record(
            live, archive, Record("kainuu", APRIL, notes="toka"), 0, who="b@example.fi"
        )
    assert [r.notes for r, _, _ in archive.saved_records()] == ["eka"]
