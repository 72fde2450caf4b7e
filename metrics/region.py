"""One region's headline for a month, as the region page, its pack and the discussion page
all show it: one function, so that the screen and the handout can never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from metrics.calendar import as_month
from metrics.completion import (
    check_scope,
    completion,
    completion_change,
    national_distribution,
)
from metrics.flags import open_red_flags
from metrics.pace import pace_forecast
from metrics.peers import peer_position


@dataclass(frozen=True)
class RegionHeadline:
    """The region's completion in the scope (0–1, NaN without a submission), its change
    since the previous report (percentage points) and that report's month, rank among the
    regions and distance from the national median (pp), its pace_forecast row (critical
    subtasks, the 1.1.2023 rating) and its open red flag (an open_red_flags row), each None
    when there is none."""

    rate: float
    change_pp: float
    previous_period: object
    rank: int | None
    regions: int | None
    distance_pp: float
    pace: pd.Series | None
    flag: pd.Series | None


def region_headline(
    con: duckdb.DuckDBPyConnection, *, region_id: str, period: date | str, scope: str
) -> RegionHeadline:
    """The headline of `region_id` for the month of `period`, completion and rank counted in
    `scope` ('critical' or 'all')."""
    month, scope = as_month(period), check_scope(scope)
    change = completion_change(con, scope=scope, period=month)
    mine = change[(change["region_id"] == region_id) & (change["group_code"] == "ALL")]
    peers = peer_position(con, period=month, scope=scope)
    rank = peers[(peers["region_id"] == region_id) & (peers["group_code"] == "ALL")]
    pace = pace_forecast(con, period=month)
    pace = pace[pace["region_id"] == region_id]
    flags = open_red_flags(con, period=month)
    flags = flags[flags["region_id"] == region_id]
    row = mine.iloc[0] if len(mine) else None
    return RegionHeadline(
        rate=float("nan") if row is None else row["rate"],
        change_pp=float("nan") if row is None else row["change_pp"],
        previous_period=None if row is None else row["previous_period"],
        rank=None if rank.empty else int(rank["rank"].iloc[0]),
        regions=None if rank.empty else int(rank["regions"].iloc[0]),
        distance_pp=float("nan") if rank.empty else float(rank["distance_pp"].iloc[0]),
        pace=None if pace.empty else pace.iloc[0],
        flag=None if flags.empty else flags.iloc[0],
    )


def region_trend(
    con: duckdb.DuckDBPyConnection, *, region_id: str, period: date | str
) -> dict[str, pd.DataFrame]:
    """The trend the region page and its pack draw, up to the month of `period`: "region",
    the region's critical completion (group ALL) by reported month, and "median", the
    national median of critical completion by month. Both: columns period, rate (0–1; the
    region's months with nothing applicable left out)."""
    month = pd.Timestamp(as_month(period))
    history = completion(con, scope="critical", region_id=region_id, group_code="ALL")
    history = history[history["period"] <= month].rename(columns={"completion_rate": "rate"})
    national = national_distribution(con, scope="critical")
    national = national[(national["group_code"] == "ALL") & (national["period"] <= month)]
    return {
        "region": history[["period", "rate"]].dropna().reset_index(drop=True),
        "median": national.rename(columns={"median": "rate"})[["period", "rate"]].reset_index(
            drop=True
        ),
    }


def region_groups(
    con: duckdb.DuckDBPyConnection, *, region_id: str, period: date | str, scope: str
) -> pd.DataFrame:
    """The region's completion per group (and ALL) in the month of `period` and `scope`,
    beside the national distribution and its rank, as the region page's table and the
    pack's group page show it. Columns: those of completion (done, applicable, ...), rate
    (= completion_rate, 0–1), those of national_distribution (median, q1, q3, 0–1; its region
    count as regions_national), and rank, regions, distance_pp of peer_position; empty
    without a submission."""
    month, scope = as_month(period), check_scope(scope)
    own = completion(con, scope=scope, period=month, region_id=region_id)
    spread = national_distribution(con, scope=scope, period=month)
    peers = peer_position(con, period=month, scope=scope)
    frame = own.merge(spread, on=["group_code", "period"], how="left").merge(
        peers[["region_id", "group_code", "rank", "regions", "distance_pp"]],
        on=["region_id", "group_code"],
        how="left",
        suffixes=("_national", ""),
    )
    return frame.assign(rate=frame["completion_rate"])
