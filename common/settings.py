"""Where things live. File locations are configuration, not code: every path here can be
overridden by an environment variable so tests, benchmarks and production point elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("TILANNEKUVA_DATA_DIR", REPO_ROOT / "data"))
ROADMAP_DIR = DATA_DIR / "roadmap"
DEFAULT_DB = REPO_ROOT / "data" / "tilannekuva.duckdb"


def database_path() -> Path:
    """The database the dashboard reads: $TILANNEKUVA_DB, else the embedded default."""
    return Path(os.environ.get("TILANNEKUVA_DB", DEFAULT_DB))


def roles_path() -> Path | None:
    """The roles file (who signs in as what; production configuration, not in git):
    $TILANNEKUVA_ROLES, else None. data/roles.example.toml documents the format."""
    value = os.environ.get("TILANNEKUVA_ROLES", "").strip()
    return Path(value) if value else None


def replica_mode() -> bool:
    """Whether this process is one of several serving one database file
    ($TILANNEKUVA_REPLICA: 1, true or yes): then it reads the file read-only, as any number of
    processes may, and writes by copy-and-swap (loaders/store/replica.py); otherwise it is the
    file's only dashboard process and keeps it open read-write. Default off."""
    return os.environ.get("TILANNEKUVA_REPLICA", "").strip().lower() in {"1", "true", "yes"}
