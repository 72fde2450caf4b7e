"""Workbooks in and out of the Aineisto page: an uploaded file loaded through the same loader
as `python -m loaders ingest`, and the blank template for a region and month, pre-filled
with what the region said last time."""

from __future__ import annotations

import hashlib
import tempfile
import threading
from datetime import date
from pathlib import Path

import duckdb
import streamlit as st

from loaders import catalogue
from loaders.ingest import IngestResult, parse_file, store
from loaders.template import previous_values, template_bytes


@st.cache_resource
def write_lock() -> threading.Lock:
    """The one lock every write of this process takes: DuckDB allows one writer, and two
    people uploading at once must not interleave their transactions."""
    return threading.Lock()


def ingest_bytes(
    con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, lock: threading.Lock
) -> IngestResult:
    """Check, parse and store one uploaded workbook; returns what happened to it (outcome
    'loaded', 'partial', 'rejected' or 'unchanged', with its problems). Parsing runs outside
    the lock; only the write holds it, on a cursor of its own."""
    name = Path(file_name).name or "workbook.xlsx"  # never a path from the browser
    with tempfile.TemporaryDirectory(prefix="tilannekuva-upload-") as folder:
        # A fixed name on disk: the parser must not depend on what the sender called it.
        path = Path(folder) / "workbook.xlsx"
        path.write_bytes(data)
        outcome = parse_file(path)
    digest = hashlib.sha256(data).hexdigest()
    with lock:
        writer = con.cursor()
        try:
            return store(writer, name, digest, outcome)
        finally:
            writer.close()


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = _next_month(month)
    return months


def template_months(periods: list[date]) -> tuple[list[date], date]:
    """The months a template can be made for, oldest first, and the one to offer first: the
    months of the interim bodies and regional councils (phases 3–4 in data/phases.csv, when
    the monthly picture ran), the months with submissions and the month after the latest;
    the default is that next month, or the first month when nothing is loaded."""
    by_number = {int(p["phase_no"]): p for p in catalogue.phases()}
    months = set(
        _months(
            date.fromisoformat(by_number[3]["starts"]), date.fromisoformat(by_number[4]["ends"])
        )
    )
    months |= set(periods)
    if periods:
        following = _next_month(max(periods))
        months.add(following)
        return sorted(months), following
    ordered = sorted(months)
    return ordered, ordered[0]


def template_file(con: duckdb.DuckDBPyConnection, region_id: str, period: date) -> bytes:
    """The submission workbook for the region and month as .xlsx bytes, pre-filled with the
    region's newest submission before that month (blank when there is none)."""
    values = previous_values(con, region_id, period)
    return template_bytes(region_id, period, values=values)
