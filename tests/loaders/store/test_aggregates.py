"""The aggregate tables (loaders/store/aggregates.py) stay what their views give: a database
made before them is filled when opened, a write by other means makes them stale (and the
metrics read the views), and the next write through the loader counts them afresh."""

from __future__ import annotations

from datetime import date, datetime

import duckdb

from loaders.reading.rows import ObservationRow, ParsedWorkbook, StatusRow
from loaders.store import aggregates
from loaders.store.batch import Parsed, store_batch
from loaders.store.database import open_database

MARCH = date(2022, 3, 1)


def _file(name: str, region_id: str, status: str) -> Parsed:
    row = StatusRow("HTT-A-1.1", True, status, status, None, None, None, "HTT", 5)
    note = ObservationRow(1, "riski", None, "Rahoitus on epävarma", "korkea", False, "H", 4)
    workbook = ParsedWorkbook(region_id, MARCH, statuses=[tuple(row)], observations=[tuple(note)])
    return Parsed(name, name[0] * 64, workbook, datetime(2022, 3, 4, 12))


def _same_as_views(con: duckdb.DuckDBPyConnection) -> bool:
    return all(
        con.execute(
            f"SELECT count(*) FROM ((SELECT * FROM {table} EXCEPT ALL SELECT * FROM {view}) "
            f"UNION ALL (SELECT * FROM {view} EXCEPT ALL SELECT * FROM {table}))"
        ).fetchone()[0]
        == 0
        for table, view in aggregates.TABLES.items()
    )


def _done(con, table: str = "agg_completion") -> int:
    return con.execute(
        f"SELECT sum(done) FROM {table} WHERE scope = 'all' AND group_code = 'ALL'"
    ).fetchone()[0]


def test_a_database_made_before_the_aggregates_is_filled_when_opened(tmp_path):
    path = tmp_path / "old.duckdb"
    con = open_database(path)
    store_batch(con, [_file("a.xlsx", "lappi", "done"), _file("b.xlsx", "kainuu", "started")])
    # As a database written before this change: no tables, no stamp.
    for table in aggregates.TABLES:
        con.execute(f"DROP TABLE {table}")
    con.execute("DELETE FROM schema_info WHERE key = ?", [aggregates.STAMP_KEY])
    con.close()
    con = open_database(path)
    assert aggregates.is_fresh(con)
    assert _same_as_views(con)
    assert _done(con) == 1
    con.close()


def test_a_write_by_other_means_reads_the_views_until_the_loader_recounts(tmp_path):
    con = open_database(tmp_path / "db.duckdb")
    store_batch(con, [_file("a.xlsx", "lappi", "done")])
    assert aggregates.is_fresh(con)
    assert aggregates.relation(con, "agg_completion") == "agg_completion"
    # A submission written straight into the tables, as an older version might.
    con.execute(
        "INSERT INTO submissions (file_name, sha256, region_id, period, status, loaded_at) "
        "VALUES ('x.xlsx', ?, 'kainuu', ?, 'loaded', ?)",
        ["x" * 64, MARCH, datetime(2022, 3, 5)],
    )
    assert not aggregates.is_fresh(con)
    assert aggregates.relation(con, "agg_completion") == "v_completion"
    # The next batch finds the tables stale and counts everything, the stranger included.
    store_batch(con, [_file("c.xlsx", "pirkanmaa", "done")])
    assert aggregates.is_fresh(con)
    assert _same_as_views(con)
    assert _done(con) == 2
    con.close()


def test_a_resubmission_recounts_its_month(tmp_path):
    con = open_database(tmp_path / "db.duckdb")
    store_batch(con, [_file("a.xlsx", "lappi", "started"), _file("b.xlsx", "kainuu", "done")])
    assert _done(con) == 1
    later = _file("c.xlsx", "lappi", "done")
    store_batch(con, [Parsed(later.file_name, later.sha256, later.outcome, datetime(2022, 3, 9))])
    assert _done(con) == 2
    assert aggregates.is_fresh(con) and _same_as_views(con)
    con.close()


def test_a_command_line_load_swaps_in_a_file_with_its_aggregates_counted(tmp_path):
    """The command line recounts once after its last batch, before the swap: the file that
    readers get has fresh aggregates, equal to their views, after a first load and after a
    second one that replaces a month and adds another."""
    import duckdb

    from loaders.store import aggregates
    from tests.loaders.keeping.files import run_loaders, workbook

    folder = tmp_path / "in"
    folder.mkdir()
    for region in ("kainuu", "lappi"):
        (folder / f"{region}.xlsx").write_bytes(workbook(region, date(2022, 5, 1)))
    db = tmp_path / "t.duckdb"
    done = run_loaders("ingest", str(folder), "--db", str(db))
    assert done.returncode == 0, done.stderr
    # A second load recounts only what it wrote: a resubmission and a new month.
    again = tmp_path / "again"
    again.mkdir()
    resubmitted = workbook("kainuu", date(2022, 5, 1), done_share=0.9, note="korjattu")
    (again / "kainuu-korjattu.xlsx").write_bytes(resubmitted)
    (again / "lappi-kesakuu.xlsx").write_bytes(workbook("lappi", date(2022, 6, 1)))
    done = run_loaders("ingest", str(again), "--db", str(db))
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(db), read_only=True)  # not open_database: it would recount
    try:
        assert aggregates.is_fresh(con)
        assert con.execute("SELECT count(*) FROM agg_completion").fetchone()[0] > 0
        for table, view in aggregates.TABLES.items():
            differ = f"SELECT count(*) FROM (FROM {table} EXCEPT ALL FROM {view})"
            assert con.execute(differ).fetchone()[0] == 0
    finally:
        con.close()
