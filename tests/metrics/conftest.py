"""The `db` fixture: a fresh MetricsDb (see metrics_db.py) per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from metrics_db import MetricsDb


@pytest.fixture
def db() -> Iterator[MetricsDb]:
    metrics_db = MetricsDb()
    yield metrics_db
    metrics_db.con.close()
