"""Backup and restore of the database file, safe while the dashboard runs.

A backup is one self-contained DuckDB file: a copy taken under the write lock (so no write
is half in it), with the write-ahead log folded in. A restore checks that the file is a
Tilannekuva database first, then swaps it in like a load (loaders/store/dbfile.py); the schema is
brought up to date on the way. The archive of originals (loaders/keeping/archive.py) is backed up by
copying its folder: its files never change once written, and its journals only grow."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from loaders.store.database import open_database
from loaders.store.dbfile import replacing, snapshot, wal_path, write_lock


class NotABackup(Exception):
    """The file is not a Tilannekuva database."""


def backup(db: Path, out: Path) -> Path:
    """Write a consistent copy of the database at `db` to `out` (replaced atomically)."""
    if not db.exists():
        raise FileNotFoundError(f"Tietokantaa ei ole / no database at {db}")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
    try:
        with write_lock(db, notice=True):
            snapshot(db, partial)
        con = duckdb.connect(str(partial))
        try:
            con.execute("CHECKPOINT")
        finally:
            con.close()
        wal_path(partial).unlink(missing_ok=True)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
        wal_path(partial).unlink(missing_ok=True)
    return out


def check_backup(path: Path) -> dict[str, int]:
    """Counts of submissions and discussion records in the backup at `path`; raises
    NotABackup (naming the file and the reason) when it is not a Tilannekuva database."""
    if not path.is_file():
        raise NotABackup(f"{path}: tiedostoa ei ole / no such file")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise NotABackup(
            f"{path}: ei DuckDB-tietokanta / not a DuckDB database ({error})"
        ) from None
    try:
        version = con.execute(
            "SELECT value FROM schema_info WHERE key = 'schema_version'"
        ).fetchone()
        counts = {
            "submissions": con.execute("SELECT count(*) FROM submissions").fetchone()[0],
            "discussions": con.execute("SELECT count(*) FROM discussions").fetchone()[0],
        }
    except duckdb.Error:
        raise NotABackup(
            f"{path}: ei Tilannekuvan tietokanta / not a Tilannekuva database"
        ) from None
    finally:
        con.close()
    if version is None:
        raise NotABackup(f"{path}: skeeman versio puuttuu / no schema version")
    return counts


def restore(backup_file: Path, db: Path) -> dict[str, int]:
    """Replace the database at `db` with the backup; the backup's counts."""
    counts = check_backup(backup_file)
    with replacing(db, start_empty=True) as work:
        shutil.copyfile(backup_file, work)
        open_database(work).close()  # brings an older backup's schema up to date
    return counts
