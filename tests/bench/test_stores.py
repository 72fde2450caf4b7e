"""bench/stores.py on a handful of statuses: the copies get their own unit names, and the
query gives the figures worked out by hand on DuckDB read-only (two processes at once on one
file) and on a throwaway PostgreSQL cluster."""

from __future__ import annotations

import os

import duckdb
import pytest

from bench import stores

# Two regions in one month and group: a has 1 done of 2 applicable (0.5), b 1 of 4 (0.25).
STATUSES = [
    ("a", "done"),
    ("a", "started"),
    ("a", "not_applicable"),
    ("b", "done"),
    ("b", "not_started"),
    ("b", None),
    ("b", "advanced"),
]


@pytest.fixture
def source(tmp_path):
    """A DuckDB file like bench/stores.py builds from the sample, with the statuses above
    repeated twice."""
    sample = tmp_path / "sample.duckdb"
    con = duckdb.connect(str(sample))
    con.execute(
        "CREATE TABLE v_subtask_status (region_id VARCHAR, period DATE, subtask_id VARCHAR,"
        " group_code VARCHAR, status VARCHAR)"
    )
    con.executemany(
        "INSERT INTO v_subtask_status VALUES (?, DATE '2022-06-01', ?, 'HTT', ?)",
        [(region, f"HTT-A-{n}", status) for n, (region, status) in enumerate(STATUSES)],
    )
    con.close()
    target = tmp_path / "stores.duckdb"
    assert stores.build_duckdb(sample, target, copies=2) == 2 * len(STATUSES)
    return target


def test_copies_are_other_units(source):
    con = duckdb.connect(str(source), read_only=True)
    regions = {
        r for (r,) in con.execute("SELECT DISTINCT region_id FROM subtask_status").fetchall()
    }
    con.close()
    assert regions == {"a", "b", "a-1", "b-1"}


def test_two_duckdb_readers_of_one_file_get_the_figures_by_hand(source):
    seconds, answers, _ = stores.together("duckdb", str(source), clients=2, runs=1)
    assert len(seconds) == 2
    # four units: 0.5, 0.5, 0.25, 0.25 -> median 0.375 (one row: HTT, 2022-06)
    assert answers == {(1, 0.375)}


def test_postgresql_gives_the_same_figures(source):
    if not (stores.PG_BIN / "postgres").exists():
        # CI installs Debian's postgresql (.ci/run) and sets this, so there it must run.
        if os.environ.get("TILANNEKUVA_REQUIRE_POSTGRES"):
            pytest.fail(f"{stores.PG_BIN / 'postgres'} is missing")
        pytest.skip("Debian's postgresql is not installed (apt-get install postgresql)")
    with stores.Postgres() as pg:
        pg.load(source)
        _, answers, _ = stores.together("postgresql", pg.dsn, clients=1, runs=1)
    assert answers == {(1, 0.375)}
