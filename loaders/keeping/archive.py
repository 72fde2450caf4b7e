"""The archive of originals: every workbook that arrives, accepted or rejected, kept byte for
byte under its SHA-256, and a journal of who sent it, when, and what became of it; and every
saved discussion record. The database can be rebuilt from the archive alone
(loaders/keeping/rebuild.py), so the archive, not the database, is what must never be lost.

Layout (beside the database unless $TILANNEKUVA_ARCHIVE says otherwise):

    <archive>/originals/ab/ab12…ef.xlsx   the bytes as received, named by their SHA-256
    <archive>/journal.jsonl               one line per arrival: sha256, file_name, who,
                                          received_at, outcome, region_id, period, source
    <archive>/records.jsonl               one line per saved discussion record version

The originals are written before the load and the journal line after it, both with fsync; a
journal line is appended under a lock, so two writers never interleave."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

from loaders.store.discussions import Action, Correction, Record

ARCHIVE_ENV = "TILANNEKUVA_ARCHIVE"
# Originals written at once by keep_files: each waits for its own fsync, and the disk takes
# several in one flush (the sample's 374 files: 0.3 s one after the other, 0.2 s four at once).
KEEP_THREADS = 4
# Outcomes the rebuild replays: everything the database keeps a row for. 'refused' (a region
# sending another region's file) never reached the database, 'unchanged' repeated a file.
REPLAYED = ("loaded", "partial", "rejected")


def archive_dir(db: Path) -> Path:
    """The archive that belongs to the database at `db`."""
    configured = os.environ.get(ARCHIVE_ENV)
    return Path(configured) if configured else db.with_name(f"{db.stem}-archive")


@dataclass(frozen=True)
class Arrival:
    """One file that arrived: its hash and name, who sent it (an e-mail, or cli:<user>),
    when (ISO time), the outcome ('loaded', 'partial', 'rejected', 'unchanged', 'refused'),
    the region and month it was for when known, and the way it came ('upload' or 'cli')."""

    sha256: str
    file_name: str
    who: str
    received_at: str
    outcome: str
    region_id: str | None = None
    period: str | None = None
    source: str = "upload"


def _fsync_write(path: Path, data: bytes) -> None:
    # A partial name per process and thread: two threads keeping the same bytes at once (two
    # equal files in one load's keep_files, or one upload in two sessions) each write their
    # own and rename it over the same original; a shared name made the second rename fail.
    partial = path.with_name(path.name + f".part-{os.getpid()}-{threading.get_ident()}")
    with partial.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


class Archive:
    """The archive folder at `root` (created on first write)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    @property
    def journal(self) -> Path:
        return self.root / "journal.jsonl"

    @property
    def records(self) -> Path:
        return self.root / "records.jsonl"

    def original(self, sha256: str) -> Path:
        return self.root / "originals" / sha256[:2] / f"{sha256}.xlsx"

    def keep(self, data: bytes) -> str:
        """Store `data` (if not stored already) and return its SHA-256."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.original(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            _fsync_write(target, data)
        return digest

    def keep_file(self, path: Path) -> str:
        return self.keep(path.read_bytes())

    def keep_files(self, paths: Sequence[Path]) -> list[str]:
        """keep_file for each of `paths`, a few at a time; their SHA-256s in order. Every
        original is written and synced when this returns, as with keep_file one by one."""
        if len(paths) < 2:
            return [self.keep_file(path) for path in paths]
        with ThreadPoolExecutor(max_workers=KEEP_THREADS) as pool:
            return list(pool.map(self.keep_file, paths))

    def _append(self, path: Path, lines: Iterable[dict]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        text = "".join(json.dumps(line, ensure_ascii=False, default=str) + "\n" for line in lines)
        if not text:
            return
        with path.open("a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def note(self, arrival: Arrival) -> None:
        """Append what became of a file to the journal."""
        self.note_all([arrival])

    def note_all(self, arrivals: Iterable[Arrival]) -> None:
        """Append what became of several files to the journal, in order, in one write and
        one fsync (a load's 374 lines: 0.18 s one by one). A crash in the middle leaves a last
        line cut short, which the journal's reader skips as never confirmed."""
        self._append(self.journal, map(asdict, arrivals))

    def arrivals(self) -> list[Arrival]:
        """The journal, oldest first."""
        return [Arrival(**line) for line in _lines(self.journal)]

    def note_record(self, record: Record, expected_version: int, who: str) -> None:
        """Append a saved discussion record (the version as saved) to the records journal."""
        line = asdict(record) | {"expected_version": expected_version, "who": who}
        self._append(self.records, [line])

    def saved_records(self) -> Iterator[tuple[Record, int, str]]:
        """The saved records in the order they were saved: (record, expected version, who)."""
        for line in _lines(self.records):
            yield _record(line)


def _lines(path: Path) -> Iterator[dict]:
    if not path.exists():
        return
    texts = path.read_text(encoding="utf-8").splitlines()
    for number, text in enumerate(texts, 1):
        if not text.strip():
            continue
        try:
            yield json.loads(text)
        except json.JSONDecodeError:
            if number == len(texts):
                return  # a last line cut short by a crash was never confirmed to anyone
            raise ValueError(f"{path}:{number}: rikkinäinen rivi / broken line") from None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _record(line: dict) -> tuple[Record, int, str]:
    actions = tuple(
        Action(a["what"], a["who"], _day(a["due"]), a["state"]) for a in line["actions"]
    )
    corrections = tuple(Correction(c["subtask_id"], c["status"]) for c in line["corrections"])
    record = Record(
        region_id=line["region_id"],
        period=date.fromisoformat(line["period"]),
        held_on=_day(line["held_on"]),
        participants=line["participants"],
        validated=line["validated"],
        corrections_note=line["corrections_note"],
        notes=line["notes"],
        agenda=line["agenda"],
        actions=actions,
        corrections=corrections,
        version=line["version"],
        saved_by=line["saved_by"],
        saved_at=datetime.fromisoformat(line["saved_at"]) if line["saved_at"] else None,
    )
    return record, line["expected_version"], line["who"]
