"""`python -m loaders ingest`: load files and print what happened to each."""

from __future__ import annotations

import sys
from pathlib import Path

from loaders.database import open_database
from loaders.ingest import IngestResult, expand_paths, ingest_paths

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


def run_ingest(paths: list[Path], db: Path, *, quiet: bool = False) -> int:
    """Create or upgrade `db` and ingest `paths`; the exit code for the command line."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        names = ", ".join(str(p) for p in missing)
        print(f"Polkua ei löydy / path not found: {names}", file=sys.stderr)
        return 2
    con = open_database(db)
    try:
        total = len(expand_paths(paths))
        show_bar = total > 10 and sys.stderr.isatty()

        def progress(done: int, of: int, result: IngestResult) -> None:
            if show_bar:
                _progress_bar(done, of)
            elif not quiet:
                print(_line(result))

        results = ingest_paths(con, paths, progress)
        if show_bar and not quiet:
            for result in results:
                print(_line(result))
    finally:
        con.close()
    counts = {k: sum(r.outcome == k for r in results) for k in _OUTCOME_FI}
    print(
        f"{db}: {len(results)} tiedostoa / files — "
        + ", ".join(f"{_OUTCOME_FI[k]} / {k} {n}" for k, n in counts.items())
    )
    return 1 if counts["partial"] or counts["rejected"] else 0
