"""Store workbooks in the database: nothing half-written, the same file twice a no-op, and
every rejection kept with its reason.

The work is split by what it needs: hashing and the check for known files happen first in
this process (an unchanged file costs a read), parsing runs in a process per core (the
cell-by-cell part), and writing stays here in batches of files, one transaction and one bulk
insert per table each (DuckDB has one writer). The parser processes have a memory and a
per-file CPU-time limit (loaders.safety.sandbox); a file that breaks one is retried alone in a
limited child process, so it gets its message and the other files load."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from itertools import islice
from pathlib import Path

import duckdb

from loaders.safety import sandbox
from loaders.safety.sandbox import Outcome, parse_file, parse_isolated
from loaders.store.batch import IngestResult, Parsed, known_digests, store, store_batch

__all__ = ["IngestResult", "expand_paths", "ingest_paths", "parse_file", "sha256_of", "store"]

PARALLEL_THRESHOLD = 4
BATCH_FILES = 24  # files per transaction: a monthly round is 22


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files in the order given; a folder contributes its files, also those in subfolders
    (one folder per month is the usual layout), by path name. Hidden files and Excel's lock
    files (~$...) are skipped."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith((".", "~$")) for part in p.relative_to(path).parts)
            )
        else:
            files.append(path)
    return files


def workers_for(files: int) -> int:
    """Parser processes for `files` fresh files: one per core, none (parse here) for a few."""
    workers = min(os.cpu_count() or 1, files)
    return workers if files >= PARALLEL_THRESHOLD and workers > 1 else 0


def ingest_paths(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    progress: Callable[[int, int, IngestResult], None] | None = None,
    *,
    recount: bool = True,
) -> list[IngestResult]:
    """Ingest files and folders in order and say what happened to each file. `progress(done,
    total, result)` is called for every file, in order, as its batch is written. `recount`:
    as store_batch takes it (False only where nobody reads the file until it is recounted)."""
    files = expand_paths(paths)
    digests = [sha256_of(path) for path in files]
    # Unchanged files are recognised by hash before any parsing: a re-run costs a read.
    known = known_digests(con, digests)
    fresh = [path for path, digest in zip(files, digests, strict=True) if digest not in known]
    with parsed_in_order(fresh) as outcomes, _one_thread_beside_workers(con, len(fresh)):
        return _store_all(con, files, digests, known, outcomes, progress, recount)


@contextlib.contextmanager
def _one_thread_beside_workers(con: duckdb.DuckDBPyConnection, files: int) -> Iterator[None]:
    """DuckDB's writing on one thread while parser processes take the other cores: its
    threads there only waited for each other (the sample's inserts took a third longer on
    two threads than on one, beside two parser processes on two cores). As it was after."""
    if not workers_for(files):
        yield
        return
    (threads,) = con.execute("SELECT current_setting('threads')").fetchone()
    con.execute("SET threads = 1")
    try:
        yield
    finally:
        con.execute(f"SET threads = {int(threads)}")


@contextlib.contextmanager
def parsed_in_order(paths: Sequence[Path]) -> Iterator[Iterator[Outcome]]:
    """The outcomes of parsing `paths`, in order, as they come: in limited worker processes
    for many files, here for a few (the checks before parsing run either way)."""
    workers = workers_for(len(paths))
    if not workers:
        yield (parse_file(path) for path in paths)
        return
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=sandbox.pool_context(),
        initializer=sandbox.limit_worker,
        initargs=(sandbox.MEMORY_MB, sandbox.TIMEOUT_SECONDS),
    ) as pool:
        yield _parse_in_pool(pool, list(paths))


def _parse_in_pool(
    pool: ProcessPoolExecutor,
    fresh: list[Path],
    parse: Callable[[Path], Outcome] = sandbox.parse_limited,
    alone: Callable[[Path], Outcome] = parse_isolated,
) -> Iterator[Outcome]:
    """Outcomes in file order. map() yields as workers finish, so writing keeps pace with
    parsing; if a file kills its worker (memory, CPU time), the pool is broken and the files
    not yet answered are parsed one by one, each in its own limited child process."""
    done = 0
    try:
        for outcome in pool.map(parse, fresh, chunksize=2):
            done += 1
            yield outcome
    except BrokenProcessPool:
        for path in fresh[done:]:
            yield alone(path)


def _store_all(
    con, files, digests, known, outcomes: Iterator, progress, recount: bool
) -> list[IngestResult]:
    results: list[IngestResult] = []
    pending = iter(zip(files, digests, strict=True))
    while batch := list(islice(pending, BATCH_FILES)):
        items = [
            Parsed(path.name, digest, next(outcomes), datetime.now())
            for path, digest in batch
            if digest not in known
        ]
        written = iter(store_batch(con, items, recount=recount))
        for path, digest in batch:
            result = (
                IngestResult(path.name, digest, "unchanged") if digest in known else next(written)
            )
            results.append(result)
            if progress:
                progress(len(results), len(files), result)
    return results
