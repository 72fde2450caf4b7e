from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from loaders.keeping.archive import Archive, archive_dir
from loaders.store.live import LiveDatabase
from tests.loaders.keeping.files import workbook

MARCH, APRIL, MAY = date(2022, 3, 1), date(2022, 4, 1), date(2022, 5, 1)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "db" / "tilannekuva.duckdb"


@pytest.fixture
def archive(db) -> Archive:
    return Archive(archive_dir(db))


@pytest.fixture
def live(db):
    database = LiveDatabase(db)
    yield database
    database.close()


@pytest.fixture(scope="session")
def march_files(tmp_path_factory) -> Path:
    """Three regions' March workbooks in a folder, as a command-line load takes them."""
    folder = tmp_path_factory.mktemp("march")
    for n, region in enumerate(("kainuu", "lappi", "pirkanmaa")):
        (folder / f"{region}.xlsx").write_bytes(workbook(region, MARCH, done_share=0.2 + n / 10))
    return folder
