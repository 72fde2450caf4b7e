"""A resubmission that fills clearly less than the file it replaces: loaded (the newest
accepted file is the region's word), but flagged with a warning in the ingest log so that a
facilitator can call the region. Someone may have sent last month's file, an early draft or
a colleague's half-filled copy."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from loaders.reading.messages import problem

THIN_SHARE = 0.5  # fewer filled statuses than this share of the replaced file's is thin

_CURRENT_SQL = """
SELECT cs.region_id, cs.period, cs.file_name, count(r.status) AS filled
FROM v_current_submissions cs
LEFT JOIN status_reports r USING (submission_id)
WHERE cs.region_id IN (SELECT unnest(?)) AND cs.period IN (SELECT unnest(?))
GROUP BY ALL
"""


def is_thin(filled: int, previous: int) -> bool:
    """True when `filled` statuses are clearly fewer than the replaced file's `previous`."""
    return filled < THIN_SHARE * previous


def flag_thin_resubmissions(con: duckdb.DuckDBPyConnection, items: Sequence, results: dict) -> None:
    """Add the 'thin_resubmission' warning to the result (by id(item)) of every accepted file
    among `items` (loaders.store.batch.Parsed, in load order) that fills clearly fewer statuses than
    the current file it replaces, in the database or earlier in `items`. One query a batch."""
    accepted = [i for i in items if results[id(i)].outcome in ("loaded", "partial")]
    if not accepted:
        return
    # Only the batch's regions and months: the rows of the others would never be looked up,
    # and counting them scanned the status rows of every month loaded before.
    regions = sorted({i.outcome.region_id for i in accepted})
    periods = sorted({i.outcome.period for i in accepted})
    rows = con.execute(_CURRENT_SQL, [regions, periods]).fetchall()
    current = {(region, period): (name, filled) for region, period, name, filled in rows}
    for item in accepted:
        parsed = item.outcome
        key = (parsed.region_id, parsed.period)
        filled = sum(row[2] is not None for row in parsed.statuses)
        if key in current and is_thin(filled, current[key][1]):
            name, previous = current[key]
            results[id(item)].problems.append(
                problem(
                    "thin_resubmission",
                    "warning",
                    filled=filled,
                    previous=previous,
                    previous_file=name,
                )
            )
        current[key] = (item.file_name, filled)
