"""Metric results for the pages, cached per input and per state of the data: a load or a
resubmission changes the data version, so no page shows figures from before it."""

from __future__ import annotations

from typing import Any

import streamlit as st

import metrics
from metrics import themes
from ui.context import cursor

_SOURCES = (metrics, themes)


def data_version() -> tuple:
    """Changes whenever a file is loaded: (number of submissions, newest load time)."""
    return cursor().execute("SELECT count(*), max(loaded_at) FROM submissions").fetchone()


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(name: str, version: tuple, arguments: tuple) -> Any:
    for source in _SOURCES:
        function = getattr(source, name, None)
        if function is not None:
            return function(cursor(), **dict(arguments))
    raise AttributeError(f"no metric named {name!r}")


def metric(name: str, **arguments: Any) -> Any:
    """The result of metrics.<name>(con, **arguments) (or metrics.themes.<name>), cached until
    the data changes. Callers must not modify the returned frame in place."""
    return _cached(name, data_version(), tuple(sorted(arguments.items())))
