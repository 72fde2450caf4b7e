"""The dashboard's database: the one process that keeps the file open, with a cursor per
query for readers and one lock for writers.

When a command-line load swaps a new file in (loaders/store/dbfile.py), the next cursor comes from
the new file, while queries already running finish on the one they started on: a reader
sees either the old month or the new one, never half of it. Writes take this process's lock
and the file's write lock, switch to the newest file first, and run in one transaction each
(the functions they call open and commit it).

In replica mode (several dashboard processes on one file; loaders/store/replica.py) the file is
opened read-only and a write goes to a copy that is swapped in: the same switch to the newest
file then serves this process's own writes and the other replicas'."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from common.settings import replica_mode
from loaders.store import replica
from loaders.store.database import open_database
from loaders.store.dbfile import generation_path, wal_path, write_lock

# How long a file swapped out stays open: a page run, or a download pressed on a page drawn
# before the swap (ui/packs.py keeps the connection the page was drawn from), finishes on it.
RETIRED_SECONDS = 30 * 60


class LiveDatabase:
    """The database at `path` as the dashboard uses it. Thread-safe. `replica`: one of several
    processes serving the file (default: the TILANNEKUVA_REPLICA setting)."""

    def __init__(self, path: Path, *, replica: bool | None = None):
        self.path = Path(path)
        self.replica = replica_mode() if replica is None else replica
        self._switch = threading.Lock()
        self._writes = threading.Lock()
        self._inode: int | None = None
        self._writes_done = 0  # writes through writer() in this process
        self._connection: duckdb.DuckDBPyConnection | None = None
        # Connections to files that were swapped out, with when: kept open for the queries
        # and downloads still reading them (closing a connection closes its cursors), for
        # RETIRED_SECONDS, then closed at the next swap so that the old file leaves the disk.
        self._retired: list[tuple[float, duckdb.DuckDBPyConnection]] = []

    def _current_inode(self) -> int | None:
        try:
            return self.path.stat().st_ino
        except FileNotFoundError:
            return None

    def connection(self, *, locked: bool = False) -> duckdb.DuckDBPyConnection:
        """The connection to the file now at `path` (opened, and the file created with its
        schema, on first use or after a swap). `locked`: the caller holds the write lock."""
        inode = self._current_inode()
        if self._connection is not None and inode == self._inode:
            return self._connection
        if locked or self.replica:  # a replica's write lock is taken only to set a file up
            with self._switch:
                return self._open_current()
        # Opening brings the schema up to date, which writes: take the write lock, and take it
        # before the switch lock, in the order writer() takes them. The other order deadlocked
        # (tests/loaders/keeping/test_stress.py, about one run in three on a loaded machine): a
        # reader held the switch lock waiting for the file's lock, while an upload held the
        # file's lock waiting for the switch lock to open the file a command-line load had
        # just swapped in.
        with write_lock(self.path), self._switch:
            return self._open_current()

    def _open_current(self) -> duckdb.DuckDBPyConnection:
        inode = self._current_inode()
        if self._connection is not None and inode == self._inode:
            return self._connection
        if self.replica:
            # Not _adopt_leftovers: it removes every `.gen-*` link and moves write-ahead logs,
            # which beside other replicas could be a live process's. A replica's links are its
            # own, and it removes only those of replicas that are gone (replica.py).
            return self._open_replica()
        if self._connection is None:
            # The first file this process opens goes by its own name, so that anything else
            # in the process that opens the path shares the same DuckDB instance.
            _adopt_leftovers(self.path)
            connection = open_database(self.path)
            self._connection, self._inode = connection, self._current_inode()
            return connection
        # After a swap: the old file's instance still holds the path, so the new file is
        # opened under a name of its own, a hard link beside it.
        link = generation_path(self.path, inode)
        if not link.exists():
            # A link that exists keeps its inode taken, so it can only be this file's.
            link.hardlink_to(self.path)
        connection = open_database(link)
        self._retire(self._connection)
        old = generation_path(self.path, self._inode)
        old.unlink(missing_ok=True)
        wal_path(old).unlink(missing_ok=True)
        self._connection, self._inode = connection, inode
        return connection

    def _open_replica(self) -> duckdb.DuckDBPyConnection:
        if self._connection is None:
            replica.remove_dead_links(self.path)
        connection, inode = replica.open_current(self.path)
        if self._connection is not None:
            self._retire(self._connection)
            replica.link_path(self.path, self._inode).unlink(missing_ok=True)
        self._connection, self._inode = connection, inode
        return connection

    def _retire(self, connection: duckdb.DuckDBPyConnection) -> None:
        """Keep `connection` (to a file just swapped out) open for RETIRED_SECONDS; close the
        ones retired longer ago. In replica mode every write swaps a file in, so without this
        each write's old copy stayed on disk until the process stopped."""
        now = time.monotonic()
        kept = []
        for since, old in self._retired:
            if now - since > RETIRED_SECONDS:
                old.close()
            else:
                kept.append((since, old))
        self._retired = [*kept, (now, connection)]

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one query or one page run, on the newest file."""
        return self.connection().cursor()

    def identity(self) -> int | None:
        """Which file the dashboard reads now (changes when a load swaps a file in)."""
        self.connection()
        return self._inode

    def version(self) -> tuple[int | None, int]:
        """Changes whenever the data may have: (which file is read now, writes through
        writer() so far). The dashboard writes only through writer(), and every command-line
        load, restore or rebuild swaps a new file in, so no query is needed to tell."""
        return self.identity(), self._writes_done

    @contextlib.contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one write, holding this process's lock and the file's write lock, on
        the newest file. The caller's function runs its own transaction on it. In replica
        mode the cursor is on a copy that replaces the file if the block ends without an
        error; the next connection() opens it, while a cursor taken before the write goes on
        reading the old file (take a new cursor after a write, as the pages do)."""
        if self.replica:
            with self._writes:
                try:
                    with replica.writing(self.path) as cursor:
                        yield cursor
                finally:
                    self._writes_done += 1
            return
        with self._writes, write_lock(self.path):
            cursor = self.connection(locked=True).cursor()
            try:
                yield cursor
            finally:
                cursor.close()
                self._writes_done += 1  # rolled back or not: a new version costs a recompute

    def close(self) -> None:
        with self._switch:
            for connection in [*(old for _, old in self._retired), self._connection]:
                if connection is not None:
                    connection.close()
            if self._inode is not None:
                link = replica.link_path if self.replica else generation_path
                link(self.path, self._inode).unlink(missing_ok=True)
            self._retired, self._connection, self._inode = [], None, None


def _adopt_leftovers(path: Path) -> None:
    """Before a process first opens `path`: links left by an earlier dashboard process are
    removed, and if that process's last file is the current one and left a write-ahead log
    under its link name, the log is moved to where DuckDB looks for it, so no commit is
    lost. The caller holds the write lock."""
    inode = path.stat().st_ino if path.exists() else None
    for link in path.parent.glob(f".{path.name}.gen-*"):
        if link.name.endswith(".wal"):
            continue
        wal = wal_path(link)
        current = inode is not None and link.name == generation_path(path, inode).name
        if current and wal.exists() and not wal_path(path).exists():
            os.replace(wal, wal_path(path))
        wal.unlink(missing_ok=True)
        link.unlink(missing_ok=True)


# --- the process's one handle per file ------------------------------------------------------
# Kept here, not in st.cache_resource: any browser can ask Streamlit to clear its caches, and
# a second LiveDatabase for the same file would bring its own write lock and, after a swap,
# remove the links and move the write-ahead log that the first one is still using. A clear
# must only ever cost a recomputation.
_HANDLES: dict[Path, LiveDatabase] = {}
_HANDLES_LOCK = threading.Lock()


def shared(path: Path) -> LiveDatabase:
    """The one LiveDatabase of this process for the file at `path`, created on first use and
    kept until close_all()."""
    key = Path(os.path.abspath(path))
    with _HANDLES_LOCK:
        live = _HANDLES.get(key)
        if live is None:
            live = _HANDLES[key] = LiveDatabase(key)
        return live


def close_all() -> None:
    """Close every shared handle (tests, between databases; never while the app serves)."""
    with _HANDLES_LOCK:
        handles = list(_HANDLES.values())
        _HANDLES.clear()
    for live in handles:
        live.close()
