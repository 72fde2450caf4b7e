"""A region's position among its peers, and the subtasks that lag nationally."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from loaders.store.aggregates import relation
from metrics.calendar import as_month
from metrics.completion import check_scope


def peer_position(
    con: duckdb.DuckDBPyConnection, *, period: date | str, scope: str = "critical"
) -> pd.DataFrame:
    """Each region's rank per group (and 'ALL') for `period`, among the regions with a current
    submission that month and at least one applicable subtask in the `scope`; others have no
    row. Ties share the best rank (1, 1, 3). The median and quartiles interpolate linearly.
    Columns: region_id, group_code, rate (0–1), rank (1 = most complete), regions (how many
    were ranked), median (0–1), distance_pp (rate − median in percentage points), quartile
    (1 = top quarter, rate ≥ q3; 2 = rate ≥ median; 3 = rate ≥ q1; 4 = below q1). Rows by
    group (ALL first), rank and region order."""
    return con.execute(
        f"""
        WITH rated AS (
            SELECT region_id, group_code, completion_rate AS rate
            FROM {relation(con, "agg_completion")}
            WHERE scope = $scope AND period = $period AND completion_rate IS NOT NULL
        ),
        spread AS (
            SELECT group_code, count(*) AS regions,
                   quantile_cont(rate, 0.25) AS q1, quantile_cont(rate, 0.5) AS median,
                   quantile_cont(rate, 0.75) AS q3
            FROM rated GROUP BY group_code
        )
        SELECT x.region_id, x.group_code, x.rate,
               rank() OVER (PARTITION BY x.group_code ORDER BY x.rate DESC) AS rank,
               d.regions, d.median, 100 * (x.rate - d.median) AS distance_pp,
               CASE WHEN x.rate >= d.q3 THEN 1 WHEN x.rate >= d.median THEN 2
                    WHEN x.rate >= d.q1 THEN 3 ELSE 4 END AS quartile
        FROM rated x
        JOIN spread d USING (group_code)
        JOIN regions r USING (region_id)
        LEFT JOIN groups g USING (group_code)
        ORDER BY coalesce(g.sort_order, 0), rank, r.sort_order
        """,
        {"scope": check_scope(scope), "period": as_month(period)},
    ).df()


def lagging_subtasks(
    con: duckdb.DuckDBPyConnection,
    *,
    period: date | str,
    limit: int | None = 20,
    scope: str = "critical",
) -> pd.DataFrame:
    """The must-do list: subtasks with the lowest share of regions done among the regions for
    which they apply in `period` (for scope 'critical', the regions that mark them critical).
    A subtask that applies to no region has no row. Columns: subtask_id, group_code,
    subtask_name, regions_applicable, regions_done, regions_not_done (counts), share_done
    (0–1). Sorted by share_done, then most regions not done, then roadmap order; at most
    `limit` rows (None for all)."""
    return con.execute(
        """
        WITH counted AS (
            SELECT v.subtask_id,
                   count(*) AS regions_applicable,
                   count(*) FILTER (WHERE v.status = 'done') AS regions_done
            FROM v_subtask_status v
            WHERE v.period = $period AND ($scope = 'all' OR v.critical)
              AND v.status IS DISTINCT FROM 'not_applicable'
            GROUP BY v.subtask_id
        )
        SELECT c.subtask_id, s.group_code, s.subtask_name, c.regions_applicable,
               c.regions_done, c.regions_applicable - c.regions_done AS regions_not_done,
               c.regions_done / c.regions_applicable AS share_done
        FROM counted c
        JOIN subtasks s USING (subtask_id)
        ORDER BY share_done, regions_not_done DESC, s.sort_key
        LIMIT $limit
        """,
        {"scope": check_scope(scope), "period": as_month(period), "limit": limit},
    ).df()


# The rows of the peers (every region when none are chosen) that have a rate.
_PEERS_RATED = (
    "c.completion_rate IS NOT NULL AND (len($peers) = 0 OR list_contains($peers, c.region_id))"
)


def _peer_parameters(period, scope: str, group_code: str, peers: tuple[str, ...]) -> dict:
    return {
        "scope": check_scope(scope),
        "period": as_month(period),
        "group": group_code,
        "peers": list(peers),
    }


def peer_ranking(
    con: duckdb.DuckDBPyConnection,
    *,
    period: date | str,
    scope: str = "critical",
    group_code: str = "ALL",
    peers: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The regions (`peers`, or every region when empty) ranked by completion of
    `group_code` ('ALL' for every group together) in `scope` in `period`, among those with a
    rate that month; the comparison page's ranking, table and scatter. Ties share the best
    rank. Columns: region_id, completion_rate (0–1), done, applicable, rank (1 = most
    complete), median (of the ranked regions, the same on every row; linear interpolation),
    distance_pp (rate − median in percentage points). Rows by rank, then region order."""
    return con.execute(
        f"""
        WITH rated AS (
            SELECT c.region_id, c.completion_rate, c.done, c.applicable
            FROM {relation(con, "agg_completion")} c
            WHERE c.scope = $scope AND c.period = $period AND c.group_code = $group
              AND {_PEERS_RATED}
        ),
        middle AS (SELECT quantile_cont(completion_rate, 0.5) AS median FROM rated)
        SELECT x.region_id, x.completion_rate, x.done, x.applicable,
               rank() OVER (ORDER BY x.completion_rate DESC) AS rank,
               m.median, 100 * (x.completion_rate - m.median) AS distance_pp
        FROM rated x CROSS JOIN middle m
        JOIN regions r USING (region_id)
        ORDER BY rank, r.sort_order
        """,
        _peer_parameters(period, scope, group_code, peers),
    ).df()


def peer_trend(
    con: duckdb.DuckDBPyConnection,
    *,
    period: date | str,
    scope: str = "critical",
    group_code: str = "ALL",
    peers: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Completion of `group_code` in `scope` month by month up to `period`, of the regions
    (`peers`, or every region when empty), with the median of those regions each month: the
    comparison page's trend. Only months a region had a rate. Columns: region_id, period,
    completion_rate (0–1), median (0–1, that month's, the same on the month's rows). Rows by
    month, then region order."""
    return con.execute(
        f"""
        WITH rated AS (
            SELECT c.region_id, c.period, c.completion_rate
            FROM {relation(con, "agg_completion")} c
            WHERE c.scope = $scope AND c.period <= $period AND c.group_code = $group
              AND {_PEERS_RATED}
        ),
        middle AS (
            SELECT period, quantile_cont(completion_rate, 0.5) AS median
            FROM rated GROUP BY period
        )
        SELECT x.region_id, x.period, x.completion_rate, m.median
        FROM rated x JOIN middle m USING (period)
        JOIN regions r USING (region_id)
        ORDER BY x.period, r.sort_order
        """,
        _peer_parameters(period, scope, group_code, peers),
    ).df()
