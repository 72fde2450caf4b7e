"""The sample database, generated and loaded once per test session, for every page test."""

from pathlib import Path

import pytest

from loaders.database import open_database


@pytest.fixture(scope="session")
def sample_db_file(tmp_path_factory) -> Path:
    from loaders.ingest import ingest_paths
    from loaders.sample import generate_sample

    folder = tmp_path_factory.mktemp("sample")
    generate_sample(folder / "files")
    db = folder / "sample.duckdb"
    con = open_database(db)
    ingest_paths(con, [folder / "files" / "clean"])
    con.close()
    return db


@pytest.fixture
def sample_db(sample_db_file, monkeypatch) -> Path:
    """The sample database, which the app under test opens."""
    monkeypatch.setenv("TILANNEKUVA_DB", str(sample_db_file))
    return sample_db_file
