"""`python -m loaders ingest`: load files and print what happened to each.

A load keeps every file in the archive first, then works on a copy of the database and swaps
it in when done (loaders/store/dbfile.py): it runs while the dashboard serves the database, the
dashboard's readers keep their snapshot, and an interrupted load leaves the file as it was."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from loaders.ingest import IngestResult, expand_paths, ingest_paths
from loaders.keeping.archive import Archive, Arrival, archive_dir
from loaders.store import aggregates
from loaders.store.database import open_database
from loaders.store.dbfile import replacing

_OUTCOME_FI = {
    "loaded": "ladattu",
    "partial": "osittain",
    "rejected": "hylätty",
    "unchanged": "ennallaan",
}


def _line(result: IngestResult) -> str:
    head = f"{_OUTCOME_FI[result.outcome]} / {result.outcome}"
    where = f" {result.region_id} {result.period:%Y-%m}" if result.period else ""
    counts = (
        f" rows={result.rows} observations={result.observations}"
        if result.outcome in ("loaded", "partial")
        else ""
    )
    line = f"{result.file_name}: {head}{where}{counts} problems={len(result.problems)}"
    for p in result.problems:
        cell = "!".join(str(x) for x in (p.sheet, f"{p.column or ''}{p.row or ''}") if x)
        line += f"\n    [{p.severity}] {cell} {p.message_fi} / {p.message_en}"
    return line


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def cli_user() -> str:
    """Who runs a command-line load, as the archive journal records it."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a bare container
        return "cli"


def load_files(
    db: Path,
    paths: Sequence[Path],
    *,
    who: str,
    progress: Callable[[int, int, IngestResult], None] | None = None,
) -> list[IngestResult]:
    """Archive and ingest `paths` (files and folders) into the database at `db`, created if
    needed, as one swap; the results per file in order."""
    archive = Archive(archive_dir(db))
    files = expand_paths(paths)
    archive.keep_files(files)  # before the load: whatever happens, the original is kept
    with replacing(db) as work:
        con = open_database(work)
        try:
            # Nobody reads the work file before the swap: the aggregates of the regions and
            # months written are recounted once, after the last batch, not after each (a
            # second of the sample's 4.5 s).
            was_fresh = aggregates.is_fresh(con)
            results = ingest_paths(con, files, progress, recount=False)
            written = [r for r in results if r.outcome != "unchanged"]
            if written:
                con.execute("BEGIN TRANSACTION")
                touched = [(r.region_id, r.period) for r in written]
                aggregates.refresh_after_write(con, touched, was_fresh)
                con.execute("COMMIT")
            loaded_at = dict(
                con.execute(
                    "SELECT sha256, loaded_at FROM submissions WHERE sha256 IN (SELECT unnest(?))",
                    [[r.sha256 for r in results]],
                ).fetchall()
            )
        finally:
            con.close()
        # Journal before the swap: a crash in between costs a journal line that the rebuild
        # replays, never a loaded file the journal does not know.
        now = datetime.now()
        archive.note_all(
            Arrival(
                sha256=result.sha256,
                file_name=result.file_name,
                who=who,
                received_at=(
                    now if result.outcome == "unchanged" else loaded_at[result.sha256]
                ).isoformat(),
                outcome=result.outcome,
                region_id=result.region_id,
                period=result.period.isoformat() if result.period else None,
                source="cli",
            )
            for result in results
        )
    return results


def run_ingest(paths: list[Path], db: Path, *, quiet: bool = False) -> int:
    """Create or upgrade `db` and ingest `paths`; the exit code for the command line."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        names = ", ".join(str(p) for p in missing)
        print(f"Polkua ei löydy / path not found: {names}", file=sys.stderr)
        return 2
    total = len(expand_paths(paths))
    show_bar = total > 10 and sys.stderr.isatty()

    def progress(done: int, of: int, result: IngestResult) -> None:
        if show_bar:
            _progress_bar(done, of)
        elif not quiet:
            print(_line(result))

    results = load_files(db, paths, who=cli_user(), progress=progress)
    if show_bar and not quiet:
        for result in results:
            print(_line(result))
    counts = {k: sum(r.outcome == k for r in results) for k in _OUTCOME_FI}
    print(
        f"{db}: {len(results)} tiedostoa / files — "
        + ", ".join(f"{_OUTCOME_FI[k]} / {k} {n}" for k, n in counts.items())
    )
    return 1 if counts["partial"] or counts["rejected"] else 0
