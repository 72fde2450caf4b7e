"""The session's sample (tests/conftest.py) with a connection for the generator's tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from loaders.ingest import IngestResult
from loaders.sample.generator import SampleSummary
from loaders.store.database import open_database
from tests.conftest import SAMPLE_SEED as SEED  # noqa: F401  (imported by the tests)


@dataclass
class LoadedSample:
    out: Path
    summary: SampleSummary
    con: duckdb.DuckDBPyConnection
    results: list[IngestResult]


def month_folders(out: Path) -> list[Path]:
    """The clean set's month folders in name (= time) order."""
    return sorted(p for p in (out / "clean").iterdir() if p.is_dir())


@pytest.fixture(scope="session")
def sample(generated_sample) -> LoadedSample:
    """The default sample (22 regions x 17 months), ingested into a fresh database."""
    con = open_database(generated_sample.db)
    yield LoadedSample(
        generated_sample.out, generated_sample.summary, con, generated_sample.results
    )
    con.close()


def query(sample: LoadedSample, sql: str, params: list | None = None) -> list[tuple]:
    return sample.con.cursor().execute(sql, params or []).fetchall()
