"""Backup and restore while the dashboard runs: the backup holds the dashboard's latest
writes, a restore brings them back, and a file that is not a backup changes nothing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from loaders import writes
from loaders.keeping.backup import NotABackup, backup, restore
from loaders.store.discussions import Record
from tests.loaders.keeping.conftest import APRIL, MAY
from tests.loaders.keeping.files import run_loaders, workbook


def counts(cursor) -> tuple[int, int]:
    return cursor.execute(
        "SELECT (SELECT count(*) FROM submissions), (SELECT count(*) FROM discussions)"
    ).fetchone()


def test_backup_and_restore_from_the_command_line_while_the_dashboard_runs(
    db, live, archive, tmp_path
):
    writes.upload(live, archive, workbook("kainuu", APRIL), "k.xlsx", who="a")
    writes.save_record(live, archive, Record("kainuu", APRIL, notes="n"), 0, who="f")
    out = tmp_path / "backups" / "tilannekuva-2022-04.duckdb"
    done = run_loaders("backup", "--db", str(db), "--out", str(out))
    assert done.returncode == 0, done.stderr
    # One self-contained file: the dashboard's commits (still in its log) are in it.
    check = duckdb.connect(str(out), read_only=True)
    assert counts(check) == (1, 1)
    check.close()
    assert not Path(f"{out}.wal").exists()

    writes.upload(live, archive, workbook("lappi", MAY), "l.xlsx", who="a")
    assert counts(live.cursor()) == (2, 1)
    done = run_loaders("restore", str(out), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "palautettu / restored (1 tiedostoa / files, 1 keskustelukirjausta" in done.stdout
    assert counts(live.cursor()) == (1, 1)
    # The dashboard goes on writing into the restored file.
    writes.upload(live, archive, workbook("pirkanmaa", MAY), "p.xlsx", who="a")
    assert counts(live.cursor()) == (2, 1)


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"PK\x03\x04 an Excel file", "not a DuckDB database"),
        (b"", "not a DuckDB database"),
        (None, "no such file"),
    ],
)
def test_restoring_something_else_changes_nothing(db, live, archive, tmp_path, content, reason):
    writes.upload(live, archive, workbook("kainuu", APRIL), "k.xlsx", who="a")
    candidate = tmp_path / "not-a-backup.duckdb"
    if content is not None:
        candidate.write_bytes(content)
    with pytest.raises(NotABackup, match=reason):
        restore(candidate, db)
    assert counts(live.cursor()) == (1, 0)
    done = run_loaders("restore", str(candidate), "--db", str(db))
    assert done.returncode == 1 and reason in done.stderr


def test_a_duckdb_file_of_something_else_is_not_restored(db, live, tmp_path):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    con.close()
    live.cursor()
    with pytest.raises(NotABackup, match="not a Tilannekuva database"):
        restore(other, db)


def test_backup_of_a_missing_database_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="no database"):
        backup(tmp_path / "none.duckdb", tmp_path / "b.duckdb")
