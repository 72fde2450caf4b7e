"""What the page tests share: opening a page through app.py in AppTest, and reading back the
plotly figure a page drew."""

from __future__ import annotations

import base64
import json

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def open_page(script: str, **query: str | list[str]) -> AppTest:
    """`script` (e.g. "pages/region.py") run through the router with `query` in the URL; the
    test fails at once if the page raised."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(script)
    app.run()
    assert not app.exception, app.exception
    return app


def decode_plotly(value):
    """Plotly's JSON, with its base64 typed arrays ({'dtype', 'bdata'}) made lists."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:  # a 2-d array, shape written as "rows, columns"
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return array.tolist()
    if isinstance(value, dict):
        return {k: decode_plotly(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_plotly(v) for v in value]
    return value


def chart(app: AppTest, key: str) -> dict:
    """The plotly figure (as a dict) that the page drew with st.plotly_chart(key=key)."""
    found = [c for c in app.get("plotly_chart") if c.key == key]
    assert len(found) == 1, f"no single chart with key {key!r}"
    return decode_plotly(json.loads(found[0].proto.spec))
