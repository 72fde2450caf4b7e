"""The metrics read completion and the risk themes from aggregate tables
(loaders/store/aggregates.py); read so, they must give exactly what the views that define
those tables give. After a load, a resubmission that replaces a region's month and a
discussion record whose corrections change official statuses, every metric is computed
twice on the same database: through the tables, and with the tables shadowed by temporary
views of their definitions (v_completion, v_observation_themes), i.e. from the raw rows."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime

import duckdb
import pandas as pd
import pytest

from common import catalogue
from loaders.reading.rows import ObservationRow, ParsedWorkbook, StatusRow
from loaders.store import aggregates
from loaders.store.batch import Parsed, store_batch
from loaders.store.database import open_database
from loaders.store.discussions import Correction, Record, save_discussion
from metrics.completion import completion, completion_change, national_distribution
from metrics.pace import pace_forecast
from metrics.peers import peer_position
from metrics.themes import observation_themes, theme_by_region, theme_prevalence, theme_trend

REGIONS = [r["region_id"] for r in catalogue.regions()[:6]]
MONTHS = [date(2022, m, 1) for m in range(1, 6)]
LAST = MONTHS[-1]
SUBTASKS = [s.subtask_id for s in catalogue.subtasks()][::7]
STATUSES = ["not_started", "started", "advanced", "done", "done", "not_applicable", None]
TEXTS = [
    "Rekrytointi viivästyy",
    "Rahoitus on epävarma",
    "Tietojärjestelmien yhteensovitus kesken",
    "Ei huomautettavaa",
]


def _workbook(region_id: str, period: date, seed: int) -> ParsedWorkbook:
    rng = random.Random(f"{region_id} {period} {seed}")
    statuses = [
        tuple(
            StatusRow(
                subtask_id,
                rng.random() < 0.3,
                status,
                status,
                None,
                None,
                None,
                subtask_id.split("-")[0],
                row,
            )
        )
        for row, subtask_id in enumerate(SUBTASKS, start=5)
        if rng.random() < 0.9  # a subtask left out of the workbook
        for status in [rng.choice(STATUSES)]
    ]
    observations = [
        tuple(
            ObservationRow(
                seq,
                rng.choice(["huomio", "toive", "riski"]),
                rng.choice([None, "HTT", "JO"]),
                rng.choice(TEXTS),
                rng.choice([None, "matala", "korkea"]),
                rng.random() < 0.2,
                "Huomiot",
                seq + 3,
            )
        )
        for seq in range(1, rng.randint(1, 4))
    ]
    return ParsedWorkbook(region_id, period, statuses=statuses, observations=observations)


def _file(region_id: str, period: date, seed: int = 0) -> Parsed:
    name = f"{region_id}_{period:%Y-%m}_{seed}.xlsx"
    loaded = datetime(period.year, period.month, 3 + seed, 12)
    return Parsed(name, f"{abs(hash(name)):064d}"[-64:], _workbook(region_id, period, seed), loaded)


# Each metric call as the pages make it.
CALLS: dict[str, Callable[[duckdb.DuckDBPyConnection], pd.DataFrame]] = {
    **{
        f"national_distribution({scope})": lambda c, s=scope: national_distribution(c, scope=s)
        for scope in ("all", "critical")
    },
    "national_distribution(period)": lambda c: national_distribution(c, period=LAST),
    "pace_forecast(period)": lambda c: pace_forecast(c, period=LAST),
    "pace_forecast(all, JO)": lambda c: pace_forecast(c, period=LAST, scope="all", group_code="JO"),
    "observation_themes()": lambda c: observation_themes(c),
    "observation_themes(region)": lambda c: observation_themes(c, region_id=REGIONS[0]),
    "completion(all)": lambda c: completion(c, scope="all"),
    "completion_change(period)": lambda c: completion_change(c, period=LAST),
    "peer_position(period)": lambda c: peer_position(c, period=LAST),
    "theme_prevalence(3 months)": lambda c: theme_prevalence(c, period=LAST, months=3),
    "theme_by_region(3 months)": lambda c: theme_by_region(c, period=LAST, months=3),
    "theme_trend()": lambda c: theme_trend(c),
}


@contextmanager
def _raw(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Within: each aggregate table's name is a temporary view of its definition."""
    for table, view in aggregates.TABLES.items():
        con.execute(f"CREATE TEMP VIEW {table} AS SELECT * FROM {view}")
    try:
        yield
    finally:
        for table in aggregates.TABLES:
            con.execute(f"DROP VIEW temp.{table}")


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    # Observations with the same text keep no fixed order among themselves.
    return frame.sort_values(list(frame.columns), ignore_index=True, na_position="first")


def _check_same(con: duckdb.DuckDBPyConnection) -> None:
    assert aggregates.is_fresh(con)
    for table, view in aggregates.TABLES.items():
        for a, b in ((table, view), (view, table)):
            extra = con.execute(f"SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b}").fetchall()
            assert extra == [], f"{a} has rows {b} has not"
    through_tables = {name: call(con) for name, call in CALLS.items()}
    with _raw(con):
        from_views = {name: call(con) for name, call in CALLS.items()}
    for name, frame in through_tables.items():
        assert len(frame) > 0, name
        pd.testing.assert_frame_equal(
            _comparable(frame), _comparable(from_views[name]), obj=name, check_exact=True
        )


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_database(":memory:")
    yield connection
    connection.close()


def test_after_a_load_the_metrics_read_through_the_tables_equal_the_views(con):
    results = store_batch(con, [_file(r, m) for m in MONTHS for r in REGIONS])
    assert {r.outcome for r in results} == {"loaded"}
    _check_same(con)


def test_after_a_resubmission_replacing_a_month_they_still_do(con):
    before = completion(con, scope="all", period=LAST, region_id=REGIONS[0])
    store_batch(con, [_file(REGIONS[0], LAST, seed=1), _file(REGIONS[1], MONTHS[1], seed=1)])
    after = completion(con, scope="all", period=LAST, region_id=REGIONS[0])
    assert not before.equals(after)  # the resubmission changed the figures
    _check_same(con)


def test_after_a_saved_correction_they_still_do(con):
    region = REGIONS[2]
    rates = con.execute(
        "SELECT subtask_id FROM v_subtask_status WHERE region_id = ? AND period = ? "
        "AND status IS DISTINCT FROM 'done' ORDER BY subtask_id LIMIT 3",
        [region, LAST],
    ).fetchall()
    before = completion(con, scope="all", period=LAST, region_id=region)
    record = Record(
        region,
        LAST,
        corrections=(
            Correction(rates[0][0], "done"),
            Correction(rates[1][0], "done"),
            Correction(rates[2][0], "not_applicable"),
        ),
    )
    save_discussion(con, record, expected_version=0, user="Testaaja")
    after = completion(con, scope="all", period=LAST, region_id=region)
    assert not before.equals(after)
    _check_same(con)


def test_observation_themes_through_arrow_equal_those_through_df(con):
    through_arrow = observation_themes(con)
    con.execute("SELECT 1 UNION ALL SELECT 2").fetchone()  # unread: con.sql refuses, .df() then
    through_df = observation_themes(con)
    assert through_arrow["group_code"].isna().any() and through_arrow["severity"].isna().any()
    pd.testing.assert_frame_equal(through_arrow, through_df, check_exact=True)
