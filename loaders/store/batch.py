"""Writing parsed workbooks into the database: a batch of files in one transaction, each
table in one bulk insert. A batch is all or nothing, so no file is ever half-written; if a
batch fails, its files are written again one transaction each, so the files before the
failing one are kept and the error names the file that caused it."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb

from loaders.reading.messages import Problem
from loaders.reading.rows import ObservationRow, ParsedWorkbook, StatusRow
from loaders.store import aggregates
from loaders.store.bulk import insert_columns
from loaders.store.thin import flag_thin_resubmissions


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


@dataclass(frozen=True)
class Parsed:
    """One file ready to be written: its name, hash, what the parser made of it (or why it
    rejected it) and the load time recorded for it."""

    file_name: str
    sha256: str
    outcome: ParsedWorkbook | Problem
    now: datetime


# The columns of each table that a batch writes, in order; DuckDB casts them to the table's types.
_SUBMISSION_COLUMNS = (
    "submission_id",
    "file_name",
    "sha256",
    "region_id",
    "period",
    "status",
    "filled_by",
    "reported_at",
    "loaded_at",
)
_STATUS_COLUMNS = ("submission_id", *StatusRow._fields)
_OBSERVATION_COLUMNS = ("submission_id", *ObservationRow._fields)
_LOG_COLUMNS = (
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
    "message_sv",
    "message_en",
    "logged_at",
)


def known_digests(con: duckdb.DuckDBPyConnection, digests: Sequence[str]) -> set[str]:
    """Those of `digests` that a stored submission already has, in one query."""
    if not digests:
        return set()
    found = con.execute(
        "SELECT DISTINCT sha256 FROM submissions WHERE sha256 IN (SELECT unnest(?))",
        [list(digests)],
    ).fetchall()
    return {digest for (digest,) in found}


def store(
    con: duckdb.DuckDBPyConnection,
    file_name: str,
    digest: str,
    outcome: ParsedWorkbook | Problem,
    now: datetime | None = None,
) -> IngestResult:
    """Write one parsed (or rejected) file in one transaction and say what happened."""
    return store_batch(con, [Parsed(file_name, digest, outcome, now or datetime.now())])[0]


def store_batch(
    con: duckdb.DuckDBPyConnection, files: Sequence[Parsed], *, recount: bool = True
) -> list[IngestResult]:
    """Write `files` in one transaction and say what happened to each, in order. A file whose
    hash is stored already (or came earlier in the batch) is 'unchanged' and not written.
    With `recount` the aggregates are recounted in the same transaction; without it they are
    left stale (metrics then read the views) for a caller that recounts them all once before
    anyone reads the file (the command line's load, on a copy swapped in at the end)."""
    seen = known_digests(con, [f.sha256 for f in files])
    fresh: list[Parsed] = []
    for item in files:
        if item.sha256 not in seen:
            seen.add(item.sha256)
            fresh.append(item)
    if fresh:
        con.execute("BEGIN TRANSACTION")
        try:
            was_fresh = recount and aggregates.is_fresh(con)
            written = _write(con, fresh)
            if recount:
                touched = [(r.region_id, r.period) for r in written.values()]
                aggregates.refresh_after_write(con, touched, was_fresh)
            con.execute("COMMIT")
        except Exception:
            with contextlib.suppress(duckdb.TransactionException):
                con.execute("ROLLBACK")  # a failed COMMIT has rolled back already
            if len(fresh) == 1:
                raise
            # Redo one file per transaction: the good files are kept, the bad one raises.
            return [
                result for item in files for result in store_batch(con, [item], recount=recount)
            ]
    else:
        written = {}
    return [written.pop(id(item)) if id(item) in written else _unchanged(item) for item in files]


def _unchanged(item: Parsed) -> IngestResult:
    return IngestResult(item.file_name, item.sha256, "unchanged")


def _result(item: Parsed) -> IngestResult:
    outcome = item.outcome
    if isinstance(outcome, Problem):
        return IngestResult(item.file_name, item.sha256, "rejected", problems=[outcome])
    if outcome.refusal is not None:  # read, but no report: logged against its region and month
        problems = [outcome.refusal, *outcome.problems]
        region, period = outcome.region_id, outcome.period
        return IngestResult(item.file_name, item.sha256, "rejected", region, period, 0, 0, problems)
    errors = any(p.severity == "error" for p in outcome.problems)
    return IngestResult(
        item.file_name,
        item.sha256,
        "partial" if errors else "loaded",
        outcome.region_id,
        outcome.period,
        len(outcome.statuses),
        len(outcome.observations),
        list(outcome.problems),
    )


def _write(con: duckdb.DuckDBPyConnection, fresh: list[Parsed]) -> dict[int, IngestResult]:
    """Insert the submissions, their rows and their problems; the result per id(item)."""
    ids = sorted(
        n
        for (n,) in con.execute(
            "SELECT nextval('submission_seq') FROM range(?)", [len(fresh)]
        ).fetchall()
    )
    results = {id(item): _result(item) for item in fresh}
    flag_thin_resubmissions(con, fresh, results)
    submissions: dict[str, list] = {name: [] for name in _SUBMISSION_COLUMNS}
    statuses: dict[str, list] = {name: [] for name in _STATUS_COLUMNS}
    observations: dict[str, list] = {name: [] for name in _OBSERVATION_COLUMNS}
    log: dict[str, list] = {name: [] for name in _LOG_COLUMNS}
    for submission_id, item in zip(ids, fresh, strict=True):
        result = results[id(item)]
        parsed = item.outcome if isinstance(item.outcome, ParsedWorkbook) else None
        row = {
            "submission_id": submission_id,
            "file_name": item.file_name,
            "sha256": item.sha256,
            "region_id": result.region_id,
            "period": result.period,
            "status": result.outcome,
            "filled_by": parsed.filled_by if parsed else None,
            "reported_at": parsed.reported_at if parsed else None,
            "loaded_at": item.now,
        }
        for name, value in row.items():
            submissions[name].append(value)
        if parsed and result.outcome != "rejected":
            _extend(statuses, submission_id, parsed.statuses)
            _extend(observations, submission_id, parsed.observations)
        for p in result.problems:
            for name, value in (
                ("submission_id", submission_id),
                ("file_name", item.file_name),
                ("sha256", item.sha256),
                ("region_id", result.region_id),
                ("period", result.period),
                ("severity", p.severity),
                ("sheet", p.sheet),
                ("row", p.row),
                ("column", p.column),
                ("value", p.value),
                ("message_fi", p.message_fi),
                ("message_sv", p.message_sv),
                ("message_en", p.message_en),
                ("logged_at", item.now),
            ):
                log[name].append(value)
    insert_columns(con, "submissions", submissions)
    insert_columns(con, "status_reports", statuses)
    insert_columns(con, "observations", observations)
    insert_columns(con, "ingest_log", log)
    return results


def _extend(columns: dict[str, list], submission_id: int, rows: Sequence[tuple]) -> None:
    """Append `rows` (named tuples in the order of the columns after submission_id)."""
    if not rows:
        return
    columns["submission_id"].extend([submission_id] * len(rows))
    for name, values in zip(list(columns)[1:], zip(*rows, strict=True), strict=True):
        columns[name].extend(values)
