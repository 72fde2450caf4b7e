"""A command-line load while the dashboard runs: it builds a new file and swaps it in, the
dashboard's open readers keep their snapshot, the next query sees the new month, and the
dashboard's own writes are never lost between the copy and the swap."""

from __future__ import annotations

import threading

import pytest

from loaders import ingest_command, writes
from loaders.ingest_command import load_files
from loaders.store.discussions import Record
from tests.loaders.keeping.conftest import APRIL
from tests.loaders.keeping.files import run_loaders, workbook


def count(cursor, sql="SELECT count(*) FROM submissions") -> int:
    return cursor.execute(sql).fetchone()[0]


def test_a_load_from_another_process_is_swapped_in_under_open_readers(db, live, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    (first / "kainuu.xlsx").write_bytes(workbook("kainuu", APRIL))
    assert load_files(db, [first], who="cli:test")[0].outcome == "loaded"
    reader = live.cursor()
    reader.execute("BEGIN TRANSACTION")  # a page run in the middle of reading
    assert count(reader) == 1
    second = tmp_path / "second"
    second.mkdir()
    (second / "lappi.xlsx").write_bytes(workbook("lappi", APRIL))
    completed = run_loaders("ingest", "--db", str(db), str(second))
    assert completed.returncode == 0, completed.stderr
    assert "lappi.xlsx: ladattu / loaded" in completed.stdout
    assert count(reader) == 1  # the open reader keeps its snapshot
    reader.execute("COMMIT")
    assert count(live.cursor()) == 2  # the next one reads the new file
    assert count(live.cursor(), "SELECT count(*) FROM status_reports") == 2 * 557


def test_a_dashboard_write_waiting_for_a_load_lands_in_the_new_file(
    db, live, archive, tmp_path, monkeypatch
):
    """The write lock spans the copy and the swap: a record saved meanwhile waits, then goes
    into the swapped-in file instead of the old one (where it would be lost)."""
    writes.save_record(live, archive, Record("kainuu", APRIL, notes="before"), 0, who="f")
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "lappi.xlsx").write_bytes(workbook("lappi", APRIL))
    inside, go_on = threading.Event(), threading.Event()
    real_ingest = ingest_command.ingest_paths

    def slow_ingest(*args, **kwargs):
        inside.set()
        go_on.wait(timeout=30)
        return real_ingest(*args, **kwargs)

    monkeypatch.setattr(ingest_command, "ingest_paths", slow_ingest)
    load = threading.Thread(target=load_files, args=(db, [folder]), kwargs={"who": "cli:t"})
    load.start()
    assert inside.wait(timeout=30)  # the load has copied the file and holds the lock
    saved = []
    record = Record("lappi", APRIL, notes="during")
    writer = threading.Thread(
        target=lambda: saved.append(writes.save_record(live, archive, record, 0, who="f"))
    )
    writer.start()
    writer.join(timeout=1.0)
    assert writer.is_alive() and not saved  # waiting for the load
    go_on.set()
    load.join(timeout=60)
    writer.join(timeout=30)
    assert saved and saved[0].version == 1
    cursor = live.cursor()
    assert count(cursor) == 1  # the load is in
    assert count(cursor, "SELECT count(*) FROM discussions") == 2  # both records are too


def test_a_failed_load_leaves_the_database_as_it_was(db, live, tmp_path, monkeypatch):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "kainuu.xlsx").write_bytes(workbook("kainuu", APRIL))
    load_files(db, [folder], who="cli:test")
    before = count(live.cursor(), "SELECT count(*) FROM status_reports")
    (folder / "lappi.xlsx").write_bytes(workbook("lappi", APRIL))

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("loaders.ingest_command.ingest_paths", crash)
    with pytest.raises(OSError, match="disk full"):
        load_files(db, [folder], who="cli:test")
    assert count(live.cursor(), "SELECT count(*) FROM status_reports") == before
    assert not list(db.parent.glob(".*work*")), "the work file is cleaned up"
