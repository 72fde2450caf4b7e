"""Metric results and prepared views are shared by every session (ui.data, ui.figures): one
object, not a copy per caller. So no page may change one in place, or the next person would
see figures that a page's drawing had altered. Every page is drawn, in two languages, and the
shared objects must be exactly as they were after the first drawing."""

from __future__ import annotations

import hashlib
import pickle

import pytest
from streamlit.runtime.caching import cache_resource_api

from tests.pages.helpers import open_page

PAGES = {
    "pages/national.py": {},
    "pages/region.py": {"alue": "lappi", "kuukausi": "2022-12"},
    "pages/comparison.py": {},
    "pages/risks.py": {},
    "pages/discussion.py": {"alue": "kainuu", "kuukausi": "2022-12"},
    "pages/data.py": {},
}


def shared_objects() -> dict[tuple[str, str], bytes]:
    """(cache, key) -> a digest of the pickled value, for every entry of every resource cache."""
    digests = {}
    caches = cache_resource_api._resource_caches._function_caches.get(None, {})  # global scope
    for name, cache in caches.items():
        with cache._mem_cache_lock:
            entries = dict(cache._mem_cache)
        for key, result in entries.items():
            try:
                data = pickle.dumps(result.value, protocol=5)
            except (pickle.PicklingError, TypeError, AttributeError):
                continue  # a handle or a lock, not a figure
            digests[(name, key)] = hashlib.blake2b(data, digest_size=16).digest()
    return digests


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_no_page_changes_a_shared_result(sample_db, lang):
    for script, query in PAGES.items():
        open_page(script, lang=lang, **query)
    before = shared_objects()
    assert len(before) > 20, "the pages should have cached their metrics and views"
    for script, query in PAGES.items():
        open_page(script, lang=lang, **query)
    after = shared_objects()
    changed = [key for key, digest in before.items() if after.get(key, digest) != digest]
    assert changed == []
