"""Replica mode: several dashboard processes on one database file, each reading it read-only
and writing by copy-and-swap. Real processes, each with its own LiveDatabase as the dashboard
has, driven one command at a time over a pipe."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import duckdb
import pytest

from loaders import writes
from loaders.keeping.archive import Archive, archive_dir
from loaders.store import live as live_module
from loaders.store.database import is_up_to_date, open_database, open_read_only
from loaders.store.discussions import Record, StaleRecord
from loaders.store.live import LiveDatabase
from tests.conftest import ROOT
from tests.loaders.keeping.files import workbook

MARCH = date(2022, 3, 1)
ANSWER_SECONDS = 60  # generous for a loaded machine; a hang fails instead of blocking the run

# One dashboard process: its shared() handle, the dashboard's writes, one answer per line.
CHILD = r"""
import json, sys
from datetime import date
from pathlib import Path
from loaders import writes
from loaders.keeping.archive import Archive, archive_dir
from loaders.store.discussions import Record
from loaders.store.live import shared

db = Path(sys.argv[1])
live = shared(db)
archive = Archive(archive_dir(db))
for line in sys.stdin:
    command, _, arg = line.strip().partition(" ")
    try:
        if command == "ask":
            cursor = live.cursor()
            try:
                answer = cursor.execute(arg).fetchone()[0]
            finally:
                cursor.close()
        elif command == "version":
            answer = list(live.version())
        elif command == "replica":
            answer = live.replica
        elif command == "upload":
            path = Path(arg)
            data = path.read_bytes()
            answer = writes.upload(live, archive, data, path.name, who="t@x.fi").outcome
        elif command == "save":
            record = Record("kainuu", date(2022, 3, 1), notes=arg)
            answer = writes.save_record(live, archive, record, 0, who="t@x.fi").version
    except Exception as error:
        answer = f"error {type(error).__name__}: {error}"
    print(json.dumps(answer, default=str), flush=True)
"""


class Dashboard:
    """A dashboard process on `db`, in replica mode or not."""

    def __init__(self, db: Path, *, replica: bool):
        env = {k: v for k, v in os.environ.items() if k != "TILANNEKUVA_REPLICA"}
        if replica:
            env["TILANNEKUVA_REPLICA"] = "1"
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line)

    def __call__(self, command: str):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        try:
            return json.loads(self._lines.get(timeout=ANSWER_SECONDS))
        except queue.Empty:
            pytest.fail(f"no answer to {command!r} within {ANSWER_SECONDS} s")

    def stop(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=ANSWER_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=ANSWER_SECONDS)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "db" / "tilannekuva.duckdb"


@pytest.fixture
def dashboards():
    """Start dashboards with start(db, replica=...); all are stopped at the end."""
    started: list[Dashboard] = []

    def start(db: Path, *, replica: bool = True) -> Dashboard:
        started.append(Dashboard(db, replica=replica))
        return started[-1]

    yield start
    for dashboard in started:
        dashboard.stop()


def links_of(db: Path, pid: int) -> list[str]:
    return sorted(p.name for p in db.parent.glob(f".{db.name}.replica-{pid}-*"))


def leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if ".work-" in p.name or p.suffix == ".wal")


def test_without_replica_mode_a_second_process_cannot_open_the_file(db, dashboards):
    """The constraint replica mode is for: DuckDB gives a file to one read-write process."""
    open_database(db).close()
    first, second = dashboards(db, replica=False), dashboards(db, replica=False)
    assert first("ask SELECT count(*) FROM regions") > 0
    refused = second("ask SELECT count(*) FROM regions")
    assert isinstance(refused, str) and refused.startswith("error")
    assert "lock" in refused.lower()


def test_two_replicas_read_one_file_at_once(db, dashboards):
    open_database(db).close()
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
        timeout=ANSWER_SECONDS,
    )
    dead_link = db.with_name(f".{db.name}.replica-{int(gone.stdout)}-1")
    os.link(db, dead_link)  # left by a replica that is gone
    first, second = dashboards(db), dashboards(db)
    assert first("replica") is True and second("replica") is True
    regions = first("ask SELECT count(*) FROM regions")
    assert regions > 0
    assert second("ask SELECT count(*) FROM regions") == regions
    # Both still have the file open: each reads again, through a link of its own.
    assert first("ask SELECT count(*) FROM subtasks") == second("ask SELECT count(*) FROM subtasks")
    first_links, second_links = links_of(db, first.process.pid), links_of(db, second.process.pid)
    assert len(first_links) == 1 and len(second_links) == 1, "the second removed the first's"
    assert not dead_link.exists()
    inode = db.stat().st_ino
    assert first("version") == second("version") == [inode, 0]  # set up already: not swapped
    assert "read-only" in first("ask CREATE TABLE scratch (x INTEGER)").lower()


def test_a_write_in_one_replica_is_seen_by_the_other(db, dashboards, tmp_path):
    open_database(db).close()
    upload = tmp_path / "kainuu-2022-03.xlsx"
    upload.write_bytes(workbook("kainuu", MARCH, done_share=0.4))
    writer, reader = dashboards(db), dashboards(db)
    assert reader("ask SELECT count(*) FROM submissions") == 0
    assert writer("ask SELECT count(*) FROM submissions") == 0
    before_writer, before_reader = writer("version"), reader("version")

    assert writer(f"upload {upload}") == "loaded"

    assert reader("ask SELECT count(*) FROM submissions WHERE status = 'loaded'") == 1
    assert writer("ask SELECT count(*) FROM submissions WHERE status = 'loaded'") == 1
    after_writer, after_reader = writer("version"), reader("version")
    assert after_writer != before_writer and after_reader != before_reader
    assert after_writer[0] == after_reader[0] == db.stat().st_ino  # both read the new file
    assert after_writer[1] == 1  # the writer's own write counted too

    assert reader("save first notes") == 1  # and the other way round, with a record
    assert writer("ask SELECT notes FROM discussions WHERE region_id = 'kainuu'") == "first notes"
    assert writer("version")[0] == reader("version")[0] == db.stat().st_ino != after_writer[0]
    assert leftovers(db) == []


def file_state(db: Path) -> tuple:
    return db.read_bytes(), db.stat().st_ino, leftovers(db)


def test_a_write_that_fails_changes_nothing(db):
    open_database(db).close()
    live = LiveDatabase(db, replica=True)
    try:
        archive = Archive(archive_dir(db))
        saved = writes.save_record(live, archive, Record("lappi", MARCH, notes="a"), 0, who="x")
        assert saved.version == 1 and live.version()[0] == db.stat().st_ino
        before = file_state(db)
        version = live.version()

        # A real write that is refused: someone saved the record since version 0.
        with pytest.raises(StaleRecord):
            writes.save_record(live, archive, Record("lappi", MARCH, notes="b"), 0, who="x")
        # A write that commits in the copy and then fails: the copy is not swapped in.
        with pytest.raises(RuntimeError, match="after the commit"), live.writer() as writer:
            writer.execute("INSERT INTO schema_info VALUES ('scratch', 'x')")
            raise RuntimeError("after the commit")

        assert file_state(db) == before
        assert live.version() == (version[0], version[1] + 2)  # recomputed, same file
        cursor = live.cursor()
        assert cursor.execute("SELECT notes FROM discussions").fetchall() == [("a",)]
        scratch = "SELECT count(*) FROM schema_info WHERE key = 'scratch'"
        assert cursor.execute(scratch).fetchone() == (0,)
        cursor.close()
    finally:
        live.close()
    assert list(db.parent.glob(f".{db.name}.replica-*")) == []  # close() removed its link


def test_an_out_of_date_file_is_set_up_once_then_read_read_only(db, dashboards):
    open_database(db).close()
    older = duckdb.connect(str(db))  # as an older version of the code left it
    older.execute("UPDATE schema_info SET value = 'older' WHERE key = 'setup_of'")
    older.execute("DROP VIEW v_regions")
    older.close()
    inode = db.stat().st_ino

    first = dashboards(db)
    assert first("ask SELECT count(*) FROM v_regions") > 0
    set_up = db.stat().st_ino
    assert set_up != inode and first("version") == [set_up, 0]
    second = dashboards(db)
    assert second("ask SELECT count(*) FROM v_regions") > 0
    assert second("version") == first("version") == [db.stat().st_ino, 0]  # not set up again
    assert "read-only" in second("ask CREATE TABLE scratch (x INTEGER)").lower()
    check = open_read_only(db)
    assert is_up_to_date(check)
    check.close()
    assert leftovers(db) == []


def test_a_missing_file_is_created_once_by_replicas_starting_together(db, dashboards):
    replicas = [dashboards(db) for _ in range(2)]
    versions: list = [None, None]

    def ask(n: int) -> None:
        versions[n] = replicas[n]("version")

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=ANSWER_SECONDS)
    assert versions[0] == versions[1] == [db.stat().st_ino, 0]
    assert all(r("ask SELECT count(*) FROM regions") > 0 for r in replicas)
    check = open_read_only(db)
    assert is_up_to_date(check)
    check.close()
    assert leftovers(db) == []


def test_the_stamp_tells_an_out_of_date_file(db):
    """What the replicas decide by: open_database stamps the file; any change of the stamp or
    of the counted aggregates makes it out of date."""
    con = open_database(db)
    assert is_up_to_date(con)
    con.execute("UPDATE schema_info SET value = 'older' WHERE key = 'setup_of'")
    assert not is_up_to_date(con)
    con.close()
    assert not is_up_to_date(duckdb.connect())


def test_a_replica_closes_a_swapped_out_file_once_its_time_is_up(db, monkeypatch):
    """Every write in replica mode swaps a new file in; the old one stays open for the page
    runs and downloads that began on it, and is closed (so it leaves the disk) at a later
    swap once RETIRED_SECONDS have passed, instead of staying until the process stops."""
    open_database(db).close()
    live = LiveDatabase(db, replica=True)
    try:
        archive = Archive(archive_dir(db))
        first = live.connection()
        writes.save_record(live, archive, Record("lappi", MARCH, notes="a"), 0, who="x")
        second = live.connection()
        assert second is not first
        assert first.execute("SELECT 1").fetchone() == (1,)  # swapped out, still readable

        monkeypatch.setattr(live_module, "RETIRED_SECONDS", 0)
        writes.save_record(live, archive, Record("lappi", MARCH, notes="b"), 1, who="x")
        third = live.connection()
        assert third is not second
        with pytest.raises(duckdb.Error):
            first.execute("SELECT 1")
        assert second.execute("SELECT 1").fetchone() == (1,)  # retired only now
        cursor = third.cursor()
        notes = "SELECT notes FROM discussions ORDER BY version"
        assert cursor.execute(notes).fetchall() == [("a",), ("b",)]
        cursor.close()
    finally:
        live.close()
