"""Shared fixtures: a fresh database per test, and Streamlit caches cleared between tests so
one test's database handle never leaks into the next."""

from pathlib import Path

import pytest
import streamlit as st

from loaders.database import open_database

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    """A database file with schema and catalogue, which the app will open."""
    path = tmp_path / "tilannekuva.duckdb"
    open_database(path).close()
    monkeypatch.setenv("TILANNEKUVA_DB", str(path))
    return path
