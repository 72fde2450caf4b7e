"""Rebuild the database from the archive alone: every file in the journal's order, loaded at
the time it was first loaded, then every saved discussion record in the order it was saved.
The figures come out the same as the database they replace; the new file is swapped in
atomically, so the dashboard may keep running."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path

from loaders.ingest import BATCH_FILES, parsed_in_order
from loaders.keeping.archive import REPLAYED, Archive
from loaders.store.batch import Parsed, store_batch
from loaders.store.database import open_database
from loaders.store.dbfile import replacing
from loaders.store.discussions import save_discussion


class ArchiveIncomplete(Exception):
    """The journal names originals the archive does not have: rebuilding would lose them."""


@dataclass(frozen=True)
class RebuildSummary:
    files: int
    records: int


def rebuild(
    db: Path, archive: Archive, progress: Callable[[int, int], None] | None = None
) -> RebuildSummary:
    """Replace the database at `db` with one built from `archive`. Raises ArchiveIncomplete
    (and changes nothing) when an original is missing."""
    arrivals = [a for a in archive.arrivals() if a.outcome in REPLAYED]
    missing = [a for a in arrivals if not archive.original(a.sha256).exists()]
    if missing:
        names = ", ".join(f"{a.file_name} ({a.sha256[:12]})" for a in missing[:5])
        raise ArchiveIncomplete(
            f"Arkistosta puuttuu {len(missing)} alkuperäistä / "
            f"{len(missing)} originals missing from the archive: {names}"
        )
    records = list(archive.saved_records())
    with replacing(db, start_empty=True) as work:
        con = open_database(work)
        try:
            # The same limited parser processes as a load: the archive keeps hostile files too.
            with parsed_in_order([archive.original(a.sha256) for a in arrivals]) as outcomes:
                _store(con, arrivals, outcomes, progress)
            for record, expected, who in records:
                save_discussion(con, record, expected_version=expected, user=who)
        finally:
            con.close()
    return RebuildSummary(len(arrivals), len(records))


def _store(con, arrivals, outcomes, progress) -> None:
    pending, done = iter(arrivals), 0
    while batch := list(islice(pending, BATCH_FILES)):
        items = [
            Parsed(a.file_name, a.sha256, next(outcomes), datetime.fromisoformat(a.received_at))
            for a in batch
        ]
        store_batch(con, items)
        done += len(batch)
        if progress:
            progress(done, len(arrivals))
