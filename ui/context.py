"""What every page needs from Streamlit: the chosen language (kept in the URL), the
process-wide database handle, and translated labels. The handle is held by loaders.store.live, not
in st.cache_resource: a browser can clear Streamlit's caches (ui/guard.py)."""

from __future__ import annotations

import duckdb
import streamlit as st

from common.settings import database_path
from common.texts import DEFAULT_LANGUAGE, LANGUAGES, translate
from loaders.store.live import LiveDatabase, shared

LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}


def live_database() -> LiveDatabase:
    """The database as this process serves it: one per file, shared by every session, with
    its write lock; it outlives any clearing of Streamlit's caches."""
    return shared(database_path())


def connection() -> duckdb.DuckDBPyConnection:
    """The connection to the current database file; callers take a cursor() per query."""
    return live_database().connection()


def cursor() -> duckdb.DuckDBPyConnection:
    """A fresh cursor on the current file, safe to use from this script run's thread."""
    return live_database().cursor()


def language() -> str:
    """The UI language: the `lang` query parameter if valid, else Finnish."""
    lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values: object) -> str:
    """The label for `key` in the chosen language."""
    return translate(key, language(), **values)


def widget_key(key: str) -> str:
    """The key for a widget whose option labels are translated. Streamlit keeps a keyed
    widget's choice as its label, so after a language switch the old label matches no option
    and the widget shows nothing chosen; a key per language makes a fresh widget instead,
    seeded from the URL like on a first visit. Finnish keeps the plain key."""
    lang = language()
    return key if lang == DEFAULT_LANGUAGE else f"{key}_{lang}"


def language_switch() -> None:
    """The sidebar switch between Finnish, Swedish and English; the choice is kept in the URL.
    Each language is named in itself, as a speaker of it looks for it."""
    current = language()
    choice = st.sidebar.segmented_control(
        translate("language", current),
        options=list(LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        default=current,
        key="lang_switch",
    )
    if choice and choice != current:
        st.query_params["lang"] = choice
        st.rerun()
    elif choice:
        st.query_params["lang"] = choice
