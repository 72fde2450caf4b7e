"""Clearing Streamlit's caches (which any browser can ask for) while the dashboard writes: the
database handle and its write lock are not in those caches, so a clear in the middle of an
upload, after a command-line load swapped the file, loses and doubles nothing."""

from __future__ import annotations

import threading
from collections import Counter

import streamlit as st

import loaders.writes
from loaders.keeping.archive import Archive, archive_dir
from loaders.store.database import open_database
from loaders.store.live import close_all
from tests.loaders.keeping.conftest import APRIL, MARCH
from tests.loaders.keeping.files import run_loaders, workbook
from ui import writes
from ui.context import live_database


def _submissions(con) -> Counter:
    return Counter(r[0] for r in con.execute("SELECT sha256 FROM submissions").fetchall())


def test_a_cache_clear_during_a_write_loses_and_doubles_nothing(db, tmp_path, monkeypatch):
    monkeypatch.setenv("TILANNEKUVA_DB", str(db))
    live = live_database()
    live.cursor().execute("SELECT 1").fetchall()  # the dashboard has the file open
    # A command-line load swaps a new file in: the dashboard then reads it under a link.
    march = tmp_path / "kainuu.xlsx"
    march.write_bytes(workbook("kainuu", MARCH))
    assert run_loaders("ingest", str(march), "--db", str(db)).returncode == 0
    assert sum(_submissions(live.cursor()).values()) == 1

    # An upload that stops inside the write lock until the caches have been cleared.
    inside, go_on = threading.Event(), threading.Event()
    store = loaders.writes.store

    def paused_store(*args, **kwargs):
        inside.set()
        assert go_on.wait(60)
        return store(*args, **kwargs)

    monkeypatch.setattr(loaders.writes, "store", paused_store)
    results = []
    first = threading.Thread(
        target=lambda: results.append(
            writes.upload(workbook("lappi", APRIL), "lappi.xlsx", who="a@example.fi")
        )
    )
    first.start()
    assert inside.wait(60)
    st.cache_data.clear()
    st.cache_resource.clear()
    # The same handle, with the same write lock: not a second one opening the file anew.
    assert live_database() is live
    go_on.set()
    first.join(60)
    second = writes.upload(workbook("pirkanmaa", APRIL), "pirkanmaa.xlsx", who="b@example.fi")
    assert [r.outcome for r in [*results, second]] == ["loaded", "loaded"]

    shown = _submissions(live_database().cursor())
    assert len(shown) == 3 and set(shown.values()) == {1}
    close_all()  # the dashboard stops: what it wrote is in the file
    con = open_database(db)
    try:
        assert _submissions(con) == shown
    finally:
        con.close()
    journal = Archive(archive_dir(db)).arrivals()
    assert Counter(a.outcome for a in journal) == {"loaded": 3}
