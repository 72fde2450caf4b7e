"""Shared fixtures: a fresh database per test, Streamlit caches cleared between tests so one
test's database handle never leaks into the next, and the sample (22 regions x 17 months)
generated and loaded once per session — it is the slow part, and the tests only read it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit as st

from loaders.store.database import open_database
from loaders.store.live import close_all

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    # The database handles live outside Streamlit's caches (loaders.store.live): closed as well.
    st.cache_data.clear()
    st.cache_resource.clear()
    close_all()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    close_all()


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    """A database file with schema and catalogue, which the app will open."""
    path = tmp_path / "tilannekuva.duckdb"
    open_database(path).close()
    monkeypatch.setenv("TILANNEKUVA_DB", str(path))
    return path


SAMPLE_SEED = 2021


@dataclass(frozen=True)
class GeneratedSample:
    out: Path  # clean/ and broken/ as the generator wrote them
    summary: object  # loaders.sample.generator.SampleSummary
    db: Path  # the clean set ingested into a fresh database
    results: list  # loaders.ingest.IngestResult per file


@pytest.fixture(scope="session")
def generated_sample(tmp_path_factory) -> GeneratedSample:
    from loaders.ingest import ingest_paths
    from loaders.sample.generator import generate_sample

    out = tmp_path_factory.mktemp("sample")
    summary = generate_sample(out, seed=SAMPLE_SEED)
    db = out / "sample.duckdb"
    con = open_database(db)
    try:
        months = sorted(p for p in (out / "clean").iterdir() if p.is_dir())
        results = ingest_paths(con, months)
    finally:
        con.close()
    return GeneratedSample(out, summary, db, results)


@pytest.fixture(scope="session")
def sample_db_file(generated_sample) -> Path:
    """The sample database file; tests must only read it."""
    return generated_sample.db


@pytest.fixture
def sample_db(sample_db_file, monkeypatch) -> Path:
    """The sample database, which the app under test opens."""
    monkeypatch.setenv("TILANNEKUVA_DB", str(sample_db_file))
    return sample_db_file
