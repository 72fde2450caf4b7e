"""Create, upgrade and open the Tilannekuva DuckDB database.

`open_database` is the only way code gets a writable connection: it makes sure the schema,
the views and the catalogue are in place, in one transaction, so a database is never half
made. It stamps the file with what it put in place (`setup_stamp`), so that a process that may
only read the file (`open_read_only`, loaders/store/replica.py) can tell whether it is up to
date without writing."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from common import catalogue
from loaders.store import aggregates
from loaders.store.bulk import insert_rows
from loaders.store.themes import names, stems, sync_themes

SCHEMA_VERSION = "1"
SETUP_KEY = "setup_of"


def _script(name: str) -> str:
    return resources.files("loaders.store").joinpath(name).read_text(encoding="utf-8")


def _insert_missing(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    insert_rows(con, table, rows, or_ignore=True)


def _sync_catalogue(con: duckdb.DuckDBPyConnection) -> None:
    """Insert catalogue rows the database does not have yet. Rows are never deleted or
    renamed here: submissions refer to them, and the catalogue only grows."""
    _insert_missing(
        con,
        "groups",
        [
            (g["group_code"], int(g["sort_order"]), g["name_fi"], g["name_sv"], g["name_en"])
            for g in catalogue.groups()
        ],
    )
    subtasks = catalogue.subtasks()
    entities = {(s.group_code, s.entity_letter): s.entity_name for s in subtasks}
    tasks = {(s.group_code, s.entity_letter, s.task_no): s.task_name for s in subtasks}
    _insert_missing(con, "entities", [(*key, name) for key, name in entities.items()])
    _insert_missing(con, "tasks", [(*key, name) for key, name in tasks.items()])
    _insert_missing(
        con,
        "subtasks",
        [
            (
                s.subtask_id,
                s.group_code,
                s.entity_letter,
                s.task_no,
                s.subtask_no,
                s.subtask_name,
                order,
            )
            for order, s in enumerate(subtasks)
        ],
    )
    _insert_missing(
        con,
        "regions",
        [
            (r["region_id"], order, r["name_fi"], r["name_sv"], r["short_fi"], r["short_sv"])
            for order, r in enumerate(catalogue.regions())
        ],
    )
    _insert_missing(
        con,
        "phases",
        [
            (
                int(p["phase_no"]),
                p["name_fi"],
                p["name_sv"],
                p["name_en"],
                date.fromisoformat(p["starts"]) if p["starts"] else None,
                date.fromisoformat(p["ends"]),
            )
            for p in catalogue.phases()
        ],
    )


@cache
def setup_stamp() -> str:
    """A digest of everything `initialise` puts in place: the schema version, the scripts, the
    catalogue and the theme vocabulary. A file stamped with another one needs `initialise`."""
    scripts = ("schema.sql", "views.sql", "themes.sql", "aggregates.sql")
    parts = [SCHEMA_VERSION, aggregates.VERSION, *(_script(name) for name in scripts)]
    parts += [repr(catalogue.groups()), repr(catalogue.subtasks()), repr(catalogue.regions())]
    parts += [repr(catalogue.phases()), repr(names()), repr(stems())]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def is_up_to_date(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `initialise` would change nothing that matters on this (perhaps read-only)
    connection: the file carries this code's setup stamp and its aggregates are fresh."""
    try:
        found = con.execute("SELECT value FROM schema_info WHERE key = ?", [SETUP_KEY]).fetchall()
    except duckdb.CatalogException:
        return False
    return found == [(setup_stamp(),)] and aggregates.is_fresh(con)


def initialise(con: duckdb.DuckDBPyConnection) -> None:
    """Create or upgrade schema, views and catalogue on an open connection, atomically."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_script("schema.sql"))
        _sync_catalogue(con)
        con.execute(_script("views.sql"))
        sync_themes(con)
        aggregates.ensure(con)  # after the catalogue and the themes it counts with
        con.execute(
            "INSERT OR REPLACE INTO schema_info VALUES ('schema_version', ?)", [SCHEMA_VERSION]
        )
        con.execute("INSERT OR REPLACE INTO schema_info VALUES (?, ?)", [SETUP_KEY, setup_stamp()])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def open_database(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-write connection to the database at `path` (or ':memory:'), created and brought
    up to date first."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    initialise(con)
    return con


def open_read_only(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the existing database at `path`, as any number of processes
    may hold at once; nothing is created or brought up to date (see `is_up_to_date`)."""
    return duckdb.connect(str(path), read_only=True)
