"""Aggregates: v_completion and v_observation_themes kept as tables (aggregates.sql), so that
the national distribution, the pace inputs and the risk themes read a few thousand counted
rows instead of recounting millions of status rows on every page.

Every write that changes what they summarise refreshes them in its own transaction: a batch
of loaded files (batch.py) and a saved discussion record (discussions.py) recount only the
(region, month) pairs they touched; open_database recounts everything when the tables are
missing or out of date (a database made before them, a restore, a rebuild, a new catalogue or
theme vocabulary).

The tables carry a stamp (schema_info 'aggregates_of'): the version of their definition and
a fingerprint of what they were counted from — counts and the newest id of the append-only
tables, the catalogue's size and the theme vocabulary. `relation` gives the table only when
the stamp matches the database; otherwise the view, so a database written by other means
(an older version, hand-made SQL) still gives the right figures, only slower. Status rows
are written with their submission, never added to it later, so the submissions' count and
newest id stand for them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from importlib import resources

import duckdb

# Bump when a view below or the fingerprint changes: every database then recounts on open.
VERSION = "1"
STAMP_KEY = "aggregates_of"
# Aggregate table -> the view that defines it.
TABLES = {
    "agg_completion": "v_completion",
    "agg_observation_themes": "v_observation_themes",
}

_WHERE = "list_contains($regions, region_id) AND list_contains($periods, period)"
# What each table holds for some regions and months: its view filtered, or for the themes
# the macro behind the view (themes.sql), as a filter on that view is applied too late.
_PART = {
    "agg_completion": f"v_completion WHERE {_WHERE}",
    "agg_observation_themes": "observation_themes_in($regions, $periods)",
}

_FINGERPRINT = """
SELECT concat_ws(' ', ?,
    (SELECT count(*) FROM submissions), (SELECT max(submission_id) FROM submissions),
    (SELECT count(*) FROM observations), (SELECT count(*) FROM discussions),
    (SELECT count(*) FROM discussion_corrections), (SELECT count(*) FROM subtasks),
    (SELECT md5(coalesce(string_agg(concat_ws(':', theme, stem, exclude), '|'
                                    ORDER BY theme, stem), ''))
     FROM theme_stems))
"""


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Create the aggregate tables if missing (empty; `ensure` fills them)."""
    con.execute(resources.files("loaders.store").joinpath("aggregates.sql").read_text("utf-8"))


def _fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute(_FINGERPRINT, [VERSION]).fetchall()[0][0]


def is_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the aggregate tables were counted from the database as it is now."""
    try:
        # fetchall: a result left unread would stand in the way of the caller's next con.sql
        found = con.execute("SELECT value FROM schema_info WHERE key = ?", [STAMP_KEY]).fetchall()
    except duckdb.CatalogException:
        return False
    return found == [(_fingerprint(con),)]


def relation(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The name to read `table` (a key of TABLES) from: the table when it is fresh, else the
    view that defines it."""
    return table if is_fresh(con) else TABLES[table]


def refresh(
    con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[str, date]] | None = None
) -> None:
    """Recount the aggregates for the (region_id, period) `pairs` (None: everything) and
    stamp them. Runs inside the caller's transaction. Recounting only pairs is right only
    when the tables were fresh before the write: see `refresh_after_write`."""
    if pairs is None:
        for table, view in TABLES.items():
            con.execute(f"DELETE FROM {table}")
            con.execute(f"INSERT INTO {table} SELECT * FROM {view}")
    else:
        pairs = {(r, p) for r, p in pairs if r is not None and p is not None}
        # Regions × months is a superset of the pairs; recounting more is still right.
        regions = sorted({r for r, _ in pairs})
        periods = sorted({p for _, p in pairs})
        if pairs:
            chosen = {"regions": regions, "periods": periods}
            for table in TABLES:
                con.execute(f"DELETE FROM {table} WHERE {_WHERE}", chosen)
                con.execute(f"INSERT INTO {table} SELECT * FROM {_PART[table]}", chosen)
    con.execute("INSERT OR REPLACE INTO schema_info VALUES (?, ?)", [STAMP_KEY, _fingerprint(con)])


def refresh_after_write(
    con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[str, date]], was_fresh: bool
) -> None:
    """After a write inside the caller's transaction: recount the touched `pairs` when the
    tables were fresh before it (`was_fresh`, from `is_fresh` at the transaction's start),
    else everything."""
    refresh(con, pairs if was_fresh else None)


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables and recount everything unless they are fresh; inside the caller's
    transaction (open_database's)."""
    create(con)
    if not is_fresh(con):
        refresh(con)
