"""Metric results for the pages, cached per input, per state of the data and per scope: a load
or a resubmission changes the data version, so no page shows figures from before it, and
every result is redacted for the signed-in person's scope (metrics.access) before it is
cached, so one person's view never reaches another's cache entry."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

import metrics
from loaders.store.discussions import Record
from loaders.store.discussions import discussion_record as _discussion_record
from metrics import themes
from metrics.access import Scope, redact
from ui.auth import current_scope
from ui.context import cursor, live_database

_SOURCES = (metrics, themes)


def data_version() -> tuple:
    """Changes whenever a file is loaded, a discussion record is saved (its corrections
    change the official statuses) or another database file is swapped in (a command-line
    load, restore or rebuild): loaders.store.live's version, kept in memory, so asking costs
    no query (it was one query per metric call, 10 on the national page). The writes never
    clear the cache: a new version is a new key, and old keys age out (max_entries)."""
    return live_database().version()


# cache_resource, not cache_data: cache_data hands every caller a copy, unpickled at every
# call, which was a quarter of a warm region run's CPU (py-spy, 10 sessions together). The
# result is shared by every session instead, so no caller may modify it in place (pandas 3
# copies on write, so frames derived from it with assign, filters or merge are new objects).
@st.cache_resource(show_spinner=False, max_entries=1024)
def _cached(name: str, version: tuple, arguments: tuple, scope_key: tuple) -> Any:
    for source in _SOURCES:
        function = getattr(source, name, None)
        if function is not None:
            given = dict(arguments)
            scope = Scope(*scope_key)
            return redact(function(cursor(), **given), scope, region_id=given.get("region_id"))
    raise AttributeError(f"no metric named {name!r}")


def metric(name: str, **arguments: Any) -> Any:
    """The result of metrics.<name>(con, **arguments) (or metrics.themes.<name>) as the
    signed-in person may see it, cached until the data changes. The same object goes to every
    session asking the same: callers must not modify it in place."""
    scope = current_scope()
    return _cached(name, data_version(), tuple(sorted(arguments.items())), scope.key)


def discussion_record(region_id: str, period: date) -> Record | None:
    """The latest saved discussion record of the region and month (not cached: its version
    decides whether a save conflicts); None when there is none or the signed-in person may
    not see that region's records."""
    scope = current_scope()
    if not scope.sees_text_of(region_id):
        return None
    return _discussion_record(cursor(), region_id, period)
