"""Workbooks out of the Aineisto page: the blank template for a region and month, pre-filled
with what the region said last time. Uploads go in through ui/writes.py."""

from __future__ import annotations

from datetime import date

import duckdb

from common import catalogue
from loaders.template.writer import previous_values, template_bytes


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = _next_month(month)
    return months


def template_months(periods: list[date]) -> tuple[list[date], date]:
    """The months a template can be made for, oldest first, and the one to offer first: the
    months of the interim bodies and regional councils (phases 3–4 in data/phases.csv, when
    the monthly picture ran), the months with submissions and the month after the latest;
    the default is that next month, or the first month when nothing is loaded."""
    by_number = {int(p["phase_no"]): p for p in catalogue.phases()}
    months = set(
        _months(
            date.fromisoformat(by_number[3]["starts"]), date.fromisoformat(by_number[4]["ends"])
        )
    )
    months |= set(periods)
    if periods:
        following = _next_month(max(periods))
        months.add(following)
        return sorted(months), following
    ordered = sorted(months)
    return ordered, ordered[0]


def template_file(con: duckdb.DuckDBPyConnection, region_id: str, period: date) -> bytes:
    """The submission workbook for the region and month as .xlsx bytes, pre-filled with the
    region's newest submission before that month (blank when there is none)."""
    values = previous_values(con, region_id, period)
    return template_bytes(region_id, period, values=values)
