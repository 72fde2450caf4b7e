"""The dashboard's two writes, outside Streamlit so they can be tested under load: an
uploaded workbook and a saved discussion record. Each keeps its original in the archive,
goes through the live database's one writer and runs in one transaction."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from common import catalogue
from loaders.ingest import IngestResult, store
from loaders.keeping.archive import Archive, Arrival
from loaders.reading.messages import Problem, problem
from loaders.reading.rows import ParsedWorkbook
from loaders.safety.sandbox import parse_isolated
from loaders.store.discussions import Record, save_discussion
from loaders.store.live import LiveDatabase

Parser = Callable[[Path], "ParsedWorkbook | Problem"]


def upload(
    live: LiveDatabase,
    archive: Archive,
    data: bytes,
    file_name: str,
    *,
    who: str,
    allowed_region: str | None = None,
    parse: Parser | None = None,
) -> IngestResult:
    """Keep, check, parse and store one uploaded workbook and say what happened to it
    (outcome 'loaded', 'partial', 'rejected' or 'unchanged', with its problems).

    The original is archived first, whatever follows. Parsing runs outside the lock. With
    `allowed_region` (a region's own user), a workbook that is not readable as that region's
    report (another region's, or one that cannot be read at all) is refused: outcome
    'rejected' for the sender, 'refused' in the journal with who sent it, and nothing written
    to the database, so it is no region's submission and changes no one's figures."""
    name = Path(file_name).name or "workbook.xlsx"  # never a path from the browser
    digest = archive.keep(data)
    received = datetime.now()
    with tempfile.TemporaryDirectory(prefix="tilannekuva-upload-") as folder:
        # A fixed name on disk: the parser must not depend on what the sender called it.
        path = Path(folder) / "workbook.xlsx"
        path.write_bytes(data)
        # In a child process with time and memory limits: no file can hang the dashboard.
        outcome = (parse or parse_isolated)(path)
    refusal = _refusal(outcome, allowed_region)
    if refusal:
        result = IngestResult(name, digest, "rejected", problems=refusal)
        _note(archive, result, who, received, "refused", outcome)
        return result
    with live.writer() as writer:
        result = store(writer, name, digest, outcome, received)
    _note(archive, result, who, received, result.outcome, outcome)
    return result


def _refusal(outcome: ParsedWorkbook | Problem, allowed_region: str | None) -> list[Problem]:
    """Why a region's user may not store `outcome` (empty: they may). A file that could not
    be read is refused too: whose it is cannot be known, and a rejected submission row would
    show in everyone's file list under no region."""
    if allowed_region is None:
        return []
    names = catalogue.short_region_names()
    if not isinstance(outcome, ParsedWorkbook):
        return [outcome, problem("refused_unreadable", own=names[allowed_region])]
    if outcome.region_id != allowed_region:
        region = names[outcome.region_id]
        return [problem("other_region", region=region, own=names[allowed_region])]
    return []


def _note(archive, result, who, received, outcome_word, parsed) -> None:
    region = parsed.region_id if isinstance(parsed, ParsedWorkbook) else None
    period = parsed.period.isoformat() if isinstance(parsed, ParsedWorkbook) else None
    archive.note(
        Arrival(
            sha256=result.sha256,
            file_name=result.file_name,
            who=who,
            received_at=received.isoformat(),
            outcome=outcome_word,
            region_id=region,
            period=period,
            source="upload",
        )
    )


def save_record(
    live: LiveDatabase, archive: Archive, record: Record, expected_version: int, *, who: str
) -> Record:
    """Save a discussion record as the next version (StaleRecord when someone saved since
    `expected_version`, and nothing written) and keep it in the archive's record journal."""
    with live.writer() as writer:
        saved = save_discussion(writer, record, expected_version=expected_version, user=who)
        # Inside the lock: the journal keeps the saves in the order the database took them.
        archive.note_record(saved, expected_version, who)
    return saved
