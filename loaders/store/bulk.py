"""Bulk inserts. DuckDB's executemany runs one statement per row (2.6 s for the catalogue);
a registered frame is one statement (0.1 s), and an Arrow table built from columns skips
pandas' conversions as well (the loader's status rows: 3 ms a file in batches, 15 ms
one file at a time through pandas)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence

import duckdb
import pandas as pd
import pyarrow as pa


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple], *, or_ignore: bool = False
) -> None:
    """Insert `rows` (tuples in the table's column order) into `table` in one statement;
    with `or_ignore`, rows whose key already exists are skipped."""
    if not rows:
        return
    con.register("bulk_rows", pd.DataFrame(rows))
    try:
        verb = "INSERT OR IGNORE INTO" if or_ignore else "INSERT INTO"
        con.execute(f"{verb} {table} SELECT * FROM bulk_rows")
    finally:
        con.unregister("bulk_rows")


def insert_columns(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Mapping[str, Sequence[object]],
    types: Mapping[str, pa.DataType],
) -> None:
    """Insert the rows given as equally long `columns` (name -> values) into those columns of
    `table` in one statement; `types` names the Arrow type of each column, so a column of
    only None still has one. Columns left out take their defaults."""
    names = list(columns)
    if not names or not len(columns[names[0]]):
        return
    data = pa.table({name: pa.array(columns[name], type=types[name]) for name in names})
    quoted = ", ".join(f'"{name}"' for name in names)
    con.register("bulk_columns", data)
    try:
        con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM bulk_columns")
    finally:
        # In a transaction the insert aborted, unregistering fails too; the caller's
        # ROLLBACK and the insert's own error are what matter.
        with contextlib.suppress(duckdb.TransactionException):
            con.unregister("bulk_columns")
