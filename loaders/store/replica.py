"""Replica mode: one of several dashboard processes serving one database file reads it
read-only and writes by copy-and-swap.

DuckDB lets one process open a file read-write or any number of processes open it read-only,
never both. So in replica mode (common/settings.py: replica_mode) no dashboard process keeps
the file open for writing: each reads it through a read-only connection, and a write, like a
command-line load, holds the file's write lock, copies the file, writes in the copy and renames
it over the file (loaders/store/dbfile.py: replacing). The other replicas see the new inode at
their next query and open the new file (loaders/store/live.py); queries already running finish
on the old one. The cost: every write copies the whole file. For the 33 MB sample database
(`python -m loaders demo`), measured on a shared 2-core machine: the bare copy and rename take
0.03-0.04 s; a write through `writing` with nothing to write (copy, open_database on the copy,
close, rename) 0.15-0.17 s; a discussion record saved 0.21-0.24 s; and each replica reopens
the new file at its next query in 0.03 s. Writes queue on the file's lock, so this suits a
dashboard read far more often than written. LiveDatabase keeps a swapped-out file's connection
open for the page runs and downloads that may still read it, for 30 minutes
(live.RETIRED_SECONDS), so the disk holds an old copy per write of the last half hour.

Each file a replica opens goes by a hard link of that process's own, `.{name}.replica-{pid}-
{inode}`: DuckDB keeps one instance per path in a process, and a name per process means no
replica ever removes or replaces a link another one reads through."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb

from loaders.store.database import is_up_to_date, open_database, open_read_only
from loaders.store.dbfile import replacing, wal_of_current


def link_path(db: Path, inode: int, pid: int | None = None) -> Path:
    """The name under which process `pid` (this one by default) reads the file `inode`."""
    return db.with_name(f".{db.name}.replica-{pid or os.getpid()}-{inode}")


def _link_current(db: Path) -> tuple[Path, int] | None:
    """A link of this process's own to the file now at `db`, and that file's inode; None
    when there is no file. Safe against a swap at any moment: the link is made first under a
    spare name and named after the inode it turned out to have."""
    spare = db.with_name(f".{db.name}.replica-{os.getpid()}-new-{threading.get_ident()}")
    for _ in range(100):
        spare.unlink(missing_ok=True)
        try:
            os.link(db, spare)
        except FileNotFoundError:
            return None
        except FileExistsError:  # the name was taken meanwhile: remove it and try again
            continue
        inode = spare.stat().st_ino
        link = link_path(db, inode)
        # An existing link of that name is this process's, to this very file (a link keeps its
        # inode taken): replacing it changes nothing, and rename then leaves the spare be.
        os.replace(spare, link)
        spare.unlink(missing_ok=True)
        return link, inode
    raise RuntimeError(f"could not link {db}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_dead_links(db: Path) -> None:
    """Before this process first opens `db`: remove the links of replica processes that are
    gone (a link keeps its old file's space taken) and this process's own from an earlier
    life of its pid. A live replica's links are never touched: it reads through them. The
    single-process mode's links and write-ahead logs (`.gen-*`) are left alone too: no such
    process can run beside replicas (it would hold the file read-write), a log it left is
    folded in by `open_current`'s copy-and-swap, and its next start removes them. Replicas
    run on one host, in one pid namespace, so a pid tells whether one is still alive."""
    prefix = f".{db.name}.replica-"
    for link in db.parent.glob(prefix + "*"):
        pid = link.name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
            link.unlink(missing_ok=True)


class _SwappedMeanwhile(Exception):
    """Another process swapped a file in between a look at the file and its set-up."""


def _inode(db: Path) -> int | None:
    try:
        return db.stat().st_ino
    except FileNotFoundError:
        return None


def set_up(db: Path, seen: int | None) -> None:
    """Create the file at `db`, or bring it up to date (schema, catalogue, a write-ahead log
    left by a single dashboard process), with one copy-and-swap; unless the file is no longer
    the one the caller saw (`seen`, an inode or None for no file): another replica has done it,
    and a second swap would only make every replica reopen the file."""
    try:
        with replacing(db) as work:
            if _inode(db) != seen:
                raise _SwappedMeanwhile
            open_database(work).close()
    except _SwappedMeanwhile:
        pass


def open_current(db: Path) -> tuple[duckdb.DuckDBPyConnection, int]:
    """A read-only connection to the file now at `db`, under this process's own link, and the
    file's inode. A missing or out-of-date file is set up first, once: a file still out of
    date after that (swapped in meanwhile by a replica of older code) is read as it is."""
    tried = False
    while True:
        found = _link_current(db)
        if found is None:
            if tried:
                raise FileNotFoundError(db)
            set_up(db, None)
            tried = True
            continue
        link, inode = found
        connection = open_read_only(link)
        if tried or (wal_of_current(db) is None and is_up_to_date(connection)):
            return connection, inode
        connection.close()
        link.unlink(missing_ok=True)
        set_up(db, inode)
        tried = True


@contextlib.contextmanager
def writing(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on a copy of `db` that replaces `db` when the block ends without an error
    (holding the file's write lock from the copy to the swap). On an error nothing is swapped
    and the error goes on."""
    with replacing(db) as work:
        connection = open_database(work)
        try:
            cursor = connection.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
        finally:
            connection.close()  # no write-ahead log left: swap_in refuses one
