"""Bulk inserts. DuckDB's executemany runs one statement per row (2.6 s for the catalogue);
columns registered as NumPy arrays are one statement (0.1 s), and DuckDB casts each column to
the table's type as it inserts. No pandas and no pyarrow here: pyarrow imports pandas on its
first array, and the ingest command should not spend a second of its start importing the
dashboard's libraries (tests/loaders/test_ingest_imports.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence

import duckdb
import numpy as np


def _columns(values: Sequence[Sequence[object]]) -> dict[str, np.ndarray]:
    """Python values as object arrays, which DuckDB reads value by value: a column of only
    None is NULL, dates and datetimes keep their type."""
    return {
        f"c{n}": np.fromiter(column, dtype=object, count=len(column))
        for n, column in enumerate(values)
    }


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple], *, or_ignore: bool = False
) -> None:
    """Insert `rows` (tuples in the table's column order) into `table` in one statement;
    with `or_ignore`, rows whose key already exists are skipped."""
    if not rows:
        return
    con.register("bulk_rows", _columns(list(zip(*rows, strict=True))))
    try:
        verb = "INSERT OR IGNORE INTO" if or_ignore else "INSERT INTO"
        con.execute(f"{verb} {table} SELECT * FROM bulk_rows")
    finally:
        con.unregister("bulk_rows")


def insert_columns(
    con: duckdb.DuckDBPyConnection, table: str, columns: Mapping[str, Sequence[object]]
) -> None:
    """Insert the rows given as equally long `columns` (name -> values) into those columns of
    `table` in one statement. Columns left out take their defaults."""
    names = list(columns)
    if not names or not len(columns[names[0]]):
        return
    data = _columns([columns[name] for name in names])
    selected = ", ".join(f'c{n} AS "{name}"' for n, name in enumerate(names))
    quoted = ", ".join(f'"{name}"' for name in names)
    con.register("bulk_columns", data)
    try:
        con.execute(f"INSERT INTO {table} ({quoted}) SELECT {selected} FROM bulk_columns")
    finally:
        # In a transaction the insert aborted, unregistering fails too; the caller's
        # ROLLBACK and the insert's own error are what matter.
        with contextlib.suppress(duckdb.TransactionException):
            con.unregister("bulk_columns")
