"""The embedded default database: built on first start so the dashboard shows something."""

from __future__ import annotations

from pathlib import Path

from loaders.database import open_database


def ensure_database(path: Path) -> bool:
    """Create `path` with schema and catalogue when it does not exist; True if it was built."""
    if path.exists():
        open_database(path).close()  # brings an older file's schema up to date
        return False
    open_database(path).close()
    return True
