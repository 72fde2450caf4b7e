"""The dashboard's writes as the pages call them: an uploaded workbook and a saved discussion
record, through the process's live database and the archive beside it (loaders/writes.py
does the work). After a write the cached figures are dropped, so every page shows it."""

from __future__ import annotations

import streamlit as st

from loaders import writes
from loaders.archive import Archive, archive_dir
from loaders.discussions import Record
from loaders.ingest import IngestResult
from loaders.settings import database_path
from ui.context import live_database


def archive() -> Archive:
    """The archive of originals that belongs to the database the dashboard serves."""
    return Archive(archive_dir(database_path()))


def upload(
    data: bytes, file_name: str, *, who: str, allowed_region: str | None = None
) -> IngestResult:
    """Archive, check, parse and store an uploaded workbook; `allowed_region` limits a
    region's user to their own region's files."""
    result = writes.upload(
        live_database(), archive(), data, file_name, who=who, allowed_region=allowed_region
    )
    st.cache_data.clear()
    return result


def save_record(record: Record, expected_version: int, *, who: str) -> Record:
    """Save a discussion record as its next version (raises StaleRecord on a concurrent
    save, writing nothing)."""
    saved = writes.save_record(live_database(), archive(), record, expected_version, who=who)
    st.cache_data.clear()
    return saved
