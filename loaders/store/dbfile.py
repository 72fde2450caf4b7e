"""The database file between processes: one write lock shared by the dashboard and the
command line, and loads from the command line that build a new file beside the current one
and swap it in atomically.

DuckDB lets one process open a file for writing, and the dashboard keeps its file open for as
long as it runs. So a command-line load (ingest, rebuild, restore) never opens the live file:
holding the write lock, it copies the file (with its write-ahead log, where the dashboard's
latest commits may still be), works on the copy, and renames the copy over the file. Readers
in the dashboard keep the snapshot they are reading; the dashboard opens the new file for the
next query (loaders/store/live.py). The dashboard's own writes take the same lock, so no write
falls between the copy and the swap and none is lost.

The lock is an advisory `flock` on `<database>.lock`: it is released by the kernel when its
holder dies, so a crashed load never blocks the next one."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

WAIT_NOTICE_SECONDS = 2.0


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def wal_path(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def generation_path(db: Path, inode: int) -> Path:
    """The name under which the dashboard opens the file whose inode is `inode`: a hard link
    beside it. DuckDB keeps one instance per path in a process, so each file the dashboard
    opens needs a path of its own."""
    return db.with_name(f".{db.name}.gen-{inode}")


@contextlib.contextmanager
def write_lock(db: Path, *, notice: bool = False) -> Iterator[None]:
    """Hold the database's write lock (blocking). With `notice`, say on stderr when waiting
    for another writer longer than a moment."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with lock_path(db).open("a+b") as handle:
        started = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if notice and not told and time.monotonic() - started > WAIT_NOTICE_SECONDS:
                    print(
                        "Odotetaan toista tallennusta / waiting for another write to finish",
                        file=sys.stderr,
                    )
                    told = True
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def wal_of_current(db: Path) -> Path | None:
    """The write-ahead log that belongs to the file at `db` now: the dashboard's (beside its
    generation link) or the file's own. None when there is none."""
    try:
        inode = db.stat().st_ino
    except FileNotFoundError:
        return None
    for candidate in (wal_path(generation_path(db, inode)), wal_path(db)):
        if candidate.exists() and candidate.stat().st_size > 0:
            return candidate
    return None


def snapshot(db: Path, destination: Path) -> None:
    """Copy the database at `db` with its write-ahead log to `destination` (which DuckDB then
    opens as one consistent database). The caller holds the write lock. A missing `db` gives
    no file: the caller starts from an empty database."""
    destination.unlink(missing_ok=True)
    wal_path(destination).unlink(missing_ok=True)
    if not db.exists():
        return
    shutil.copyfile(db, destination)
    wal = wal_of_current(db)
    if wal is not None:
        shutil.copyfile(wal, wal_path(destination))


def swap_in(work: Path, db: Path) -> None:
    """Rename the finished, closed database `work` over `db` atomically. The caller holds the
    write lock. The old file's log is removed: everything in it is in `work` already."""
    if wal_path(work).exists():
        raise RuntimeError(f"{work} was not closed cleanly; not swapping it in")
    os.replace(work, db)
    wal_path(db).unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # make the rename durable
        directory = os.open(db.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


@contextlib.contextmanager
def replacing(db: Path, *, start_empty: bool = False) -> Iterator[Path]:
    """Hold the write lock and yield a work file that starts as a copy of `db` (or as
    nothing, with `start_empty`); when the block ends without an error, and the work file's
    connections are closed, it replaces `db`. On an error `db` is left as it was."""
    work = db.with_name(f".{db.name}.work-{os.getpid()}")
    with write_lock(db, notice=True):
        try:
            if start_empty:
                work.unlink(missing_ok=True)
                wal_path(work).unlink(missing_ok=True)
            else:
                snapshot(db, work)
            yield work
            swap_in(work, db)
        finally:
            work.unlink(missing_ok=True)
            wal_path(work).unlink(missing_ok=True)
