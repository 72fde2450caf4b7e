"""Risk themes as the pages show them: which observations raise which theme, and how widely
each theme is raised across the regions, in the words of the spring 2021 summary."""

from __future__ import annotations

import math
from datetime import date

import duckdb
import pandas as pd

from loaders.store import themes
from loaders.store.aggregates import relation
from metrics.calendar import as_month

LANGUAGES = ("fi", "sv", "en")

# The window of `months` months ending at $period (default: the newest reported month), and
# the regions with a current submission in it. Shared by the prevalence and matrix queries.
_WINDOW = """
    bounds AS (
        SELECT coalesce(CAST($period AS DATE), max(period)) AS last_period
        FROM v_current_submissions
    ),
    win AS (
        SELECT CAST(last_period - to_months($months - 1) AS DATE) AS first_period, last_period
        FROM bounds
    ),
    reporting AS (
        SELECT DISTINCT cs.region_id
        FROM v_current_submissions cs, win
        WHERE cs.period BETWEEN win.first_period AND win.last_period
    ),
    raised AS (
        SELECT ot.region_id, ot.theme, ot.period, ot.severity
        FROM {observed} ot, win
        WHERE ot.period BETWEEN win.first_period AND win.last_period
    )
"""


def _window(con: duckdb.DuckDBPyConnection) -> str:
    """_WINDOW reading the risk themes from their aggregate table when it is fresh."""
    return _WINDOW.format(observed=relation(con, "agg_observation_themes"))


def _month(period: date | str | None) -> date | None:
    """The first day of `period`'s month ('2022-03', a date or a Timestamp), or None."""
    return None if period is None else pd.Timestamp(period).date().replace(day=1)


def _check(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"theme names exist in {LANGUAGES}, not {lang!r}")
    return lang


def theme_names(lang: str) -> dict[str, str]:
    """Theme code -> display name in `lang` ('fi', 'sv' or 'en'), in display order, muu last."""
    return {row["theme"]: row[f"name_{_check(lang)}"] for row in themes.names()}


def prevalence_label(share: float | None, lang: str) -> str | None:
    """The seed's words for how widely a theme is raised, for a share 0–1 of reporting
    regions ('usea alue' for 0.15–0.40); None when no region raised it or share is unknown."""
    _check(lang)
    if share is None or math.isnan(share) or share <= 0:
        return None
    for min_share, label in themes.prevalence_words(lang):
        if share >= min_share:
            return label
    return None


def observation_themes(
    con: duckdb.DuckDBPyConnection,
    *,
    period: date | str | None = None,
    region_id: str | None = None,
) -> pd.DataFrame:
    """v_observation_themes rows (one per observation and theme) with the theme's name_fi,
    name_sv and name_en, optionally for one month and one region."""
    query = f"""
        SELECT ot.*, n.name_fi, n.name_en
        FROM {relation(con, "agg_observation_themes")} ot
        JOIN theme_names n USING (theme)
        JOIN regions r USING (region_id)
        WHERE ($period IS NULL OR ot.period = $period)
          AND ($region IS NULL OR ot.region_id = $region)
        ORDER BY r.sort_order, ot.period, ot.text, n.sort_order,
                 ot.kind, ot.group_code, ot.severity, ot.red_flag
        """
    chosen = {"period": _month(period), "region": region_id}
    try:
        # Through Arrow: a third of the time of .df() for the tens of thousands of text rows
        # of all months, with the same dtypes (dates as datetime64[us], as .df() gives them).
        frame = con.sql(query, params=chosen).to_arrow_table().to_pandas(date_as_object=False)
        frame = frame.assign(period=frame["period"].astype("datetime64[us]"))
    except duckdb.ResourceInUseException:  # the caller left a result of execute() unread
        frame = con.execute(query, chosen).df()
    return _with_swedish_names(frame)


def _with_swedish_names(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with name_sv beside name_fi and name_en, from the vocabulary file (the
    database's theme_names table predates Swedish and is not needed for it)."""
    names = {row["theme"]: row["name_sv"] for row in themes.names()}
    return frame.assign(name_sv=frame["theme"].map(names))


def theme_prevalence(
    con: duckdb.DuckDBPyConnection, *, period: date | str | None = None, months: int = 1
) -> pd.DataFrame:
    """Per theme, over the `months` months ending at `period` (default: the newest month):
    regions_raising, regions_reporting (regions with a current submission in the window),
    share (0–1), the theme's name_fi/name_sv/name_en and the seed's label_fi/label_sv/label_en.
    Widest first. Empty when no region reported."""
    if months < 1:
        raise ValueError("months must be 1 or more")
    frame = con.execute(
        f"""
        WITH {_window(con)},
        total AS (SELECT count(*) AS n FROM reporting),
        counted AS (SELECT theme, count(DISTINCT region_id) AS n FROM raised GROUP BY theme)
        SELECT t.theme, t.name_fi, t.name_en,
               coalesce(c.n, 0) AS regions_raising,
               total.n AS regions_reporting,
               coalesce(c.n, 0) / total.n AS share
        FROM theme_names t
        CROSS JOIN total
        LEFT JOIN counted c USING (theme)
        WHERE total.n > 0
        ORDER BY share DESC, t.sort_order
        """,
        {"period": _month(period), "months": months},
    ).df()
    for lang in LANGUAGES:
        frame[f"label_{lang}"] = [prevalence_label(s, lang) for s in frame["share"]]
    return _with_swedish_names(frame)


def theme_by_region(
    con: duckdb.DuckDBPyConnection, *, period: date | str | None, months: int = 1
) -> pd.DataFrame:
    """The region × theme matrix for the window of `months` ending at `period` (None: the
    newest month), for every region with a current submission in the window and every theme,
    in display order. Columns: region_id, theme, observations (count, 0 included),
    months_raised (months of the window in which the region raised it, 0–`months`) and
    severity_rank (the highest severity among them: 0 not raised, 1 raised without a
    severity, 2 low, 3 moderate, 4 high)."""
    if months < 1:
        raise ValueError("months must be 1 or more")
    return con.execute(
        f"""
        WITH {_window(con)},
        counted AS (
            SELECT region_id, theme, count(*) AS n, count(DISTINCT period) AS months_raised,
                   max(CASE severity WHEN 'korkea' THEN 4 WHEN 'kohtalainen' THEN 3
                                     WHEN 'matala' THEN 2 ELSE 1 END) AS severity_rank
            FROM raised GROUP BY ALL
        )
        SELECT rep.region_id, t.theme, coalesce(c.n, 0) AS observations,
               coalesce(c.months_raised, 0) AS months_raised,
               coalesce(c.severity_rank, 0) AS severity_rank
        FROM reporting rep
        JOIN regions r USING (region_id)
        CROSS JOIN theme_names t
        LEFT JOIN counted c ON c.region_id = rep.region_id AND c.theme = t.theme
        ORDER BY r.sort_order, t.sort_order
        """,
        {"period": _month(period), "months": months},
    ).df()


def theme_trend(con: duckdb.DuckDBPyConnection, *, until: date | str | None = None) -> pd.DataFrame:
    """For every reported month (none after `until`, if given) and every theme: period,
    theme, share (0–1) of the regions reporting that month that raised the theme."""
    return con.execute(
        f"""
        WITH reporting AS (
            SELECT period, count(DISTINCT region_id) AS n
            FROM v_current_submissions
            WHERE $until IS NULL OR period <= $until
            GROUP BY period
        ),
        counted AS (
            SELECT period, theme, count(DISTINCT region_id) AS n
            FROM {relation(con, "agg_observation_themes")} GROUP BY period, theme
        )
        SELECT rep.period, t.theme, coalesce(c.n, 0) / rep.n AS share
        FROM reporting rep
        CROSS JOIN theme_names t
        LEFT JOIN counted c ON c.period = rep.period AND c.theme = t.theme
        ORDER BY rep.period, t.sort_order
        """,
        {"until": None if until is None else as_month(until)},
    ).df()
