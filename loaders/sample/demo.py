"""The embedded default database: built from the bundled sample on first start, so the
dashboard shows something true-to-life before any real workbook arrives."""

from __future__ import annotations

import sys
from pathlib import Path

from common.settings import REPO_ROOT
from loaders.store.database import open_database

SAMPLE_DIR = REPO_ROOT / "data" / "sample"


def _bar(label: str, done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def ensure_database(path: Path, sample_dir: Path = SAMPLE_DIR) -> bool:
    """Build `path` from the generated sample when it does not exist; True if it was built.
    The file appears only when complete, so an interrupted first start leaves nothing
    half-made."""
    if path.exists():
        open_database(path).close()  # brings an older file's schema up to date
        return False
    from loaders.ingest_command import load_files
    from loaders.sample.generator import generate_sample

    clean = sample_dir / "clean"
    if not clean.exists():
        print(
            f"Luodaan esimerkkiaineisto / generating the sample into {sample_dir}", file=sys.stderr
        )
        generate_sample(sample_dir, progress=lambda d, n: _bar("työkirjat / workbooks", d, n))
    # Through the archive and a swap like any load: the file appears only when complete, and
    # the database can be rebuilt from the archive like a real one.
    load_files(path, [clean], who="demo", progress=lambda d, n, _: _bar("lataus / ingest", d, n))
    return True
