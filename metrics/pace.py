"""Pace of critical completion and the forecast of when it reaches 100 %, rated against the
transfer of responsibility on 1.1.2023 with the fixed definitions in data/delivery_ratings.csv."""

from __future__ import annotations

import math
from datetime import date, timedelta

import duckdb
import pandas as pd

from common.settings import DATA_DIR
from loaders.store.aggregates import relation
from metrics.calendar import add_months, as_month, month_end
from metrics.completion import check_scope

RATINGS_FILE = DATA_DIR / "delivery_ratings.csv"
WINDOW_MONTHS = 6
COMPLETE_RATING = "on_track"
# A line so flat that it needs a century is no forecast a page should print as a date.
MAX_FORECAST_MONTHS = 1200


def rating_definitions() -> pd.DataFrame:
    """The delivery-confidence ratings in display order. Columns: code, sort_order, fi, en,
    definition_fi, definition_en, colour (hex, Okabe–Ito palette), forecast_by (the latest
    forecast date the rating accepts, as a date; None for the catch-all rating)."""
    frame = pd.read_csv(RATINGS_FILE, dtype=str, keep_default_na=False)
    frame["sort_order"] = frame["sort_order"].astype(int)
    frame["forecast_by"] = [date.fromisoformat(v) if v else None for v in frame["forecast_by"]]
    return frame.sort_values("sort_order", ignore_index=True)


def forecast_date(latest_period: date, latest_rate: float, slope: float) -> date | None:
    """The day on which a line through `latest_rate` at `latest_period` rising `slope` per
    month reaches 1.0, or None when it never does (slope <= 0) or only after
    MAX_FORECAST_MONTHS. A month is a calendar month; a fraction of one is that share of the
    days of the month it falls in."""
    if latest_rate >= 1:
        return latest_period
    if not slope > 0:
        return None
    # Rounded so that a fit worth exactly 8.75 months is not read as 8.7499999.
    months = round((1 - latest_rate) / slope, 9)
    if months > MAX_FORECAST_MONTHS:
        return None
    whole = math.floor(months)
    start = add_months(latest_period, whole)
    days = (months - whole) * month_end(start).day
    return start + timedelta(days=math.floor(round(days, 6)))


def rate_forecast(complete: bool, forecast: date | None, ratings: pd.DataFrame) -> str:
    """The rating code for a forecast: COMPLETE_RATING when already complete, else the first
    rating whose forecast_by the forecast meets, else the catch-all rating."""
    if complete:
        return COMPLETE_RATING
    for code, forecast_by in zip(ratings["code"], ratings["forecast_by"], strict=True):
        if forecast_by is None or (forecast is not None and forecast <= forecast_by):
            return code
    raise ValueError("data/delivery_ratings.csv needs a rating without forecast_by")


def _recent_rates(
    con: duckdb.DuckDBPyConnection,
    month: date,
    window: int,
    since: date | None,
    scope: str = "critical",
    group: str = "ALL",
) -> pd.DataFrame:
    """Per region: months used, latest period and rate, and slope over its last `window`
    rated months up to `month`, reading v_completion only from `since` on (None: all)."""
    return con.execute(
        f"""
        WITH rated AS (
            SELECT region_id, period, completion_rate AS rate,
                   year(period) * 12 + month(period) AS month_index,
                   row_number() OVER (PARTITION BY region_id ORDER BY period DESC) AS recency
            FROM {relation(con, "agg_completion")}
            WHERE scope = $scope AND group_code = $group AND period <= $period
              AND ($since IS NULL OR period >= $since) AND completion_rate IS NOT NULL
        ),
        submitted AS (
            SELECT region_id, min(period) AS first_period FROM v_current_submissions
            WHERE period <= $period GROUP BY region_id
        )
        SELECT s.region_id, count(x.rate) AS months_used, max(x.period) AS latest_period,
               arg_max(x.rate, x.period) AS latest_rate,
               -- summed in month order: the last bits do not depend on the rows' order
               CASE WHEN count(x.rate) >= 2
                    THEN regr_slope(x.rate, x.month_index ORDER BY x.period) END
                   AS slope_per_month,
               s.first_period, CAST($since AS DATE) AS since
        FROM submitted s
        JOIN regions r USING (region_id)
        LEFT JOIN rated x ON x.region_id = s.region_id AND x.recency <= $window
        GROUP BY s.region_id, s.first_period, r.sort_order
        ORDER BY r.sort_order
        """,
        {"period": month, "window": window, "since": since, "scope": scope, "group": group},
    ).df()


def pace_forecast(
    con: duckdb.DuckDBPyConnection,
    *,
    period: date | str,
    window: int = WINDOW_MONTHS,
    scope: str = "critical",
    group_code: str = "ALL",
) -> pd.DataFrame:
    """Pace and forecast of critical completion (group ALL) for every region with a current
    submission up to `period`, in the official region order. Another `scope` or `group_code`
    gives the same for that completion (the comparison page follows the chosen group); the
    rating then says when that group would be done at its pace.

    Method: take the region's last `window` reported months up to `period` that have at least
    one applicable critical subtask; fit a least-squares line to completion against the month
    (months as a time axis, one unit a month); start from the latest reported value and extend
    at that slope to 1.0 (see forecast_date). Fewer than two months or a slope <= 0 gives no
    forecast, which rates off track unless already at 100 %.

    Columns: region_id, months_used (count), latest_period, latest_rate (0–1; NaN when no
    month has an applicable critical subtask), slope_per_month (rate per month, 0–1 scale;
    NaN with fewer than two months), complete (bool), forecast_date (date or None; the
    latest period when already complete), rating (code from rating_definitions())."""
    month = as_month(period)
    chosen = {"scope": check_scope(scope), "group": group_code}
    frame = _recent_rates(con, month, window, since=add_months(month, 1 - 2 * window), **chosen)
    # Regions with gaps may need months from before that range: then read all history.
    short = (frame["months_used"] < window) & (frame["first_period"] < frame["since"])
    if short.any():
        frame = _recent_rates(con, month, window, since=None, **chosen)
    frame = frame.drop(columns=["first_period", "since"])
    ratings = rating_definitions()
    frame["latest_period"] = [None if pd.isna(p) else p.date() for p in frame["latest_period"]]
    frame["complete"] = frame["latest_rate"].fillna(0) >= 1
    frame["forecast_date"] = [
        None if pd.isna(rate) else forecast_date(latest, rate, slope)
        for latest, rate, slope in zip(
            frame["latest_period"], frame["latest_rate"], frame["slope_per_month"], strict=True
        )
    ]
    frame["rating"] = [
        rate_forecast(complete, forecast, ratings)
        for complete, forecast in zip(frame["complete"], frame["forecast_date"], strict=True)
    ]
    return frame
