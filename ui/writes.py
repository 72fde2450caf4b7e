"""The dashboard's writes as the pages call them: an uploaded workbook and a saved discussion
record, through the process's live database and the archive beside it (loaders/writes.py
does the work). No cache is cleared here: the cached figures are keyed by the data's version
(ui.data.data_version), which a load or a saved record changes, so every page shows the write
and a refused upload costs nobody a recomputation."""

from __future__ import annotations

import pandas as pd

from common.settings import database_path
from loaders import writes
from loaders.ingest import IngestResult
from loaders.keeping.archive import Archive, archive_dir
from loaders.store.discussions import Record
from ui.context import live_database

REFUSED_COLUMNS = ["received_at", "file_name", "who", "region_id", "period"]


def archive() -> Archive:
    """The archive of originals that belongs to the database the dashboard serves."""
    return Archive(archive_dir(database_path()))


def upload(
    data: bytes, file_name: str, *, who: str, allowed_region: str | None = None
) -> IngestResult:
    """Archive, check, parse and store an uploaded workbook; `allowed_region` limits a
    region's user to their own region's files."""
    return writes.upload(
        live_database(), archive(), data, file_name, who=who, allowed_region=allowed_region
    )


def save_record(record: Record, expected_version: int, *, who: str) -> Record:
    """Save a discussion record as its next version (raises StaleRecord on a concurrent
    save, writing nothing)."""
    return writes.save_record(live_database(), archive(), record, expected_version, who=who)


def refused_uploads() -> pd.DataFrame:
    """The uploads refused to a region's user (another region's workbook, or one that could
    not be read), from the archive's journal, newest first: received_at (datetime),
    file_name, who (the sender's e-mail), region_id and period (what the file claimed, None
    when unreadable). They are in no submission table: the journal is their only record."""
    rows = [vars(a) for a in archive().arrivals() if a.outcome == "refused"]
    frame = pd.DataFrame(rows, columns=[*REFUSED_COLUMNS, "sha256"])[REFUSED_COLUMNS]
    frame["received_at"] = pd.to_datetime(frame["received_at"])
    frame["period"] = pd.to_datetime(frame["period"])
    return frame.sort_values("received_at", ascending=False, ignore_index=True)
