"""A connection to the sample database, for working out what a page should show."""

from collections.abc import Iterator

import duckdb
import pytest

from loaders.store.database import open_database


@pytest.fixture
def con(sample_db) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_database(sample_db)
    yield connection
    connection.close()
