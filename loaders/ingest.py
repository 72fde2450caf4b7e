"""Store workbooks in the database: one transaction per file, nothing half-written, the same
file twice a no-op, and every rejection kept with its reason."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from loaders.messages import Problem, WorkbookRejected, problem
from loaders.rows import ParsedWorkbook
from loaders.workbook import read_workbook

PARALLEL_THRESHOLD = 4


@dataclass
class IngestResult:
    """What happened to one file: outcome is 'loaded', 'partial', 'rejected' or 'unchanged'."""

    file_name: str
    sha256: str
    outcome: str
    region_id: str | None = None
    period: date | None = None
    rows: int = 0
    observations: int = 0
    problems: list[Problem] = field(default_factory=list)


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


def _known(con: duckdb.DuckDBPyConnection, digest: str) -> bool:
    found = con.execute("SELECT 1 FROM submissions WHERE sha256 = ? LIMIT 1", [digest]).fetchone()
    return found is not None


def _log(con, submission_id, file_name, digest, region_id, period, problems, now) -> None:
    if not problems:
        return
    frame = pd.DataFrame(
        [
            (
                submission_id,
                file_name,
                digest,
                region_id,
                period,
                p.severity,
                p.sheet,
                p.row,
                p.column,
                p.value,
                p.message_fi,
                p.message_en,
                now,
            )
            for p in problems
        ],
        columns=[
            "submission_id",
            "file_name",
            "sha256",
            "region_id",
            "period",
            "severity",
            "sheet",
            "row",
            "column",
            "value",
            "message_fi",
            "message_en",
            "logged_at",
        ],
    )
    con.register("log_frame", frame)
    con.execute(
        """INSERT INTO ingest_log (submission_id, file_name, sha256, region_id, period, severity,
                                   sheet, "row", "column", value, message_fi, message_en, logged_at)
           SELECT submission_id::INTEGER, file_name, sha256, region_id, period::DATE, severity,
                  sheet, "row"::INTEGER, "column", value, message_fi, message_en, logged_at
           FROM log_frame"""
    )
    con.unregister("log_frame")


def store(
    con: duckdb.DuckDBPyConnection,
    file_name: str,
    digest: str,
    outcome: ParsedWorkbook | Problem,
    now: datetime | None = None,
) -> IngestResult:
    """Write one parsed (or rejected) file in one transaction and say what happened."""
    now = now or datetime.now()
    if _known(con, digest):
        return IngestResult(file_name, digest, "unchanged")
    con.execute("BEGIN TRANSACTION")
    try:
        if isinstance(outcome, Problem):
            result = IngestResult(file_name, digest, "rejected", problems=[outcome])
            submission_id = con.execute(
                """INSERT INTO submissions (file_name, sha256, status, loaded_at)
                   VALUES (?, ?, 'rejected', ?) RETURNING submission_id""",
                [file_name, digest, now],
            ).fetchone()[0]
        else:
            submission_id, result = _store_parsed(con, file_name, digest, outcome, now)
        _log(
            con,
            submission_id,
            file_name,
            digest,
            result.region_id,
            result.period,
            result.problems,
            now,
        )
        con.execute("COMMIT")
        return result
    except Exception:
        con.execute("ROLLBACK")
        raise


def _store_parsed(con, file_name, digest, parsed: ParsedWorkbook, now) -> tuple[int, IngestResult]:
    errors = any(p.severity == "error" for p in parsed.problems)
    status = "partial" if errors else "loaded"
    submission_id = con.execute(
        """INSERT INTO submissions (file_name, sha256, region_id, period, status, filled_by,
                                    reported_at, loaded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING submission_id""",
        [
            file_name,
            digest,
            parsed.region_id,
            parsed.period,
            status,
            parsed.filled_by,
            parsed.reported_at,
            now,
        ],
    ).fetchone()[0]
    if parsed.statuses:
        statuses = pd.DataFrame([asdict(s) for s in parsed.statuses])
        statuses.insert(0, "submission_id", submission_id)
        con.register("status_frame", statuses)
        con.execute(
            """INSERT INTO status_reports
               SELECT submission_id, subtask_id, critical, status, status_raw,
                      expected_completion::DATE, comment, challenges, source_sheet, source_row
               FROM status_frame"""
        )
        con.unregister("status_frame")
    if parsed.observations:
        observations = pd.DataFrame([asdict(o) for o in parsed.observations])
        observations.insert(0, "submission_id", submission_id)
        con.register("observation_frame", observations)
        con.execute(
            """INSERT INTO observations
               SELECT submission_id, seq, kind, group_code, text, severity, red_flag,
                      source_sheet, source_row
               FROM observation_frame"""
        )
        con.unregister("observation_frame")
    result = IngestResult(
        file_name,
        digest,
        status,
        parsed.region_id,
        parsed.period,
        len(parsed.statuses),
        len(parsed.observations),
        list(parsed.problems),
    )
    return submission_id, result


def ingest_paths(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    progress: Callable[[int, int, IngestResult], None] | None = None,
) -> list[IngestResult]:
    """Ingest files and folders in order; parsing runs on every core when there are several
    files, storing stays in this process (DuckDB has one writer)."""
    files = expand_paths(paths)
    digests = [sha256_of(path) for path in files]
    # Unchanged files are recognised by hash before any parsing: a re-run costs a read.
    is_fresh = [not _known(con, digest) for digest in digests]
    fresh = [path for path, new in zip(files, is_fresh, strict=True) if new]
    workers = min(os.cpu_count() or 1, len(fresh))
    if len(fresh) >= PARALLEL_THRESHOLD and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            # map() yields in order as workers finish, so storing and progress keep pace.
            outcomes = pool.map(parse_file, fresh, chunksize=2)
            return _store_all(con, files, digests, is_fresh, outcomes, progress)
    outcomes = (parse_file(path) for path in fresh)
    return _store_all(con, files, digests, is_fresh, outcomes, progress)


def _store_all(con, files, digests, is_fresh, outcomes, progress) -> list[IngestResult]:
    results: list[IngestResult] = []
    for done, (path, digest, new) in enumerate(zip(files, digests, is_fresh, strict=True)):
        if new:
            results.append(store(con, path.name, digest, next(outcomes)))
        else:
            results.append(IngestResult(path.name, digest, "unchanged"))
        if progress:
            progress(done + 1, len(files), results[-1])
    return results
