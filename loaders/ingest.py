"""Store workbooks in the database: nothing half-written, the same file twice a no-op, and
every rejection kept with its reason.

The work is split by what it needs: hashing and the check for known files happen first in
this process (an unchanged file costs a read), parsing runs in a process per core (the
cell-by-cell part), and writing stays here in batches of files, one transaction and one bulk
insert per table each (DuckDB has one writer)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from itertools import islice
from pathlib import Path

import duckdb

from loaders.messages import Problem, WorkbookRejected, problem
from loaders.rows import ParsedWorkbook
from loaders.store import IngestResult, Parsed, known_digests, store, store_batch
from loaders.workbook import read_workbook

__all__ = ["IngestResult", "expand_paths", "ingest_paths", "parse_file", "sha256_of", "store"]

PARALLEL_THRESHOLD = 4
BATCH_FILES = 24  # files per transaction: a monthly round is 22


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_file(path: Path) -> ParsedWorkbook | Problem:
    """The parsed workbook, or the problem that rejects it. Runs in worker processes, so it
    never touches the database and never raises for a bad file."""
    try:
        return read_workbook(path)
    except WorkbookRejected as rejected:
        return rejected.problem
    except Exception as error:  # a parser bug must not stop the other files
        return problem("unexpected", detail=f"{type(error).__name__}: {error}")


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
) -> list[IngestResult]:
    """Ingest files and folders in order and say what happened to each file. `progress(done,
    total, result)` is called for every file, in order, as its batch is written."""
    files = expand_paths(paths)
    digests = [sha256_of(path) for path in files]
    # Unchanged files are recognised by hash before any parsing: a re-run costs a read.
    known = known_digests(con, digests)
    fresh = [path for path, digest in zip(files, digests, strict=True) if digest not in known]
    workers = workers_for(len(fresh))
    if workers:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # map() yields in order as workers finish, so writing keeps pace with parsing.
            outcomes = pool.map(parse_file, fresh, chunksize=2)
            return _store_all(con, files, digests, known, outcomes, progress)
    outcomes = (parse_file(path) for path in fresh)
    return _store_all(con, files, digests, known, outcomes, progress)


def _store_all(con, files, digests, known, outcomes: Iterator, progress) -> list[IngestResult]:
    results: list[IngestResult] = []
    pending = iter(zip(files, digests, strict=True))
    while batch := list(islice(pending, BATCH_FILES)):
        items = [
            Parsed(path.name, digest, next(outcomes), datetime.now())
            for path, digest in batch
            if digest not in known
        ]
        written = iter(store_batch(con, items))
        for path, digest in batch:
            result = (
                IngestResult(path.name, digest, "unchanged") if digest in known else next(written)
            )
            results.append(result)
            if progress:
                progress(len(results), len(files), result)
    return results
