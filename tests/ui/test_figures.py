"""A chart is built once per distinct input: the same data (even as another frame object, as
every cached metric result is) gives the same figure; a changed value gives a new one."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ui.figures import frame_key, prepared

built: list[pd.DataFrame] = []


def bars(frame: pd.DataFrame, title: str) -> go.Figure:
    built.append(frame)
    return go.Figure(go.Bar(x=frame["region"], y=frame["rate"]), layout={"title": title})


def frame(rate: float = 0.5) -> pd.DataFrame:
    return pd.DataFrame({"region": ["kainuu", "lappi"], "rate": [rate, 0.9]})


def test_equal_frames_share_a_figure_and_a_changed_value_makes_a_new_one():
    built.clear()
    first = prepared(bars, frame(), "Valmiusaste")
    again = prepared(bars, frame(), "Valmiusaste")
    assert again is first and len(built) == 1
    changed = prepared(bars, frame(0.51), "Valmiusaste")
    assert changed is not first and len(built) == 2
    other_title = prepared(bars, frame(), "Completion")
    assert other_title is not first and len(built) == 3


def test_a_frame_key_tells_dtypes_and_columns_apart():
    base = frame()
    assert frame_key(base) == frame_key(frame())
    assert frame_key(base) != frame_key(base.astype({"rate": "float32"}))
    assert frame_key(base) != frame_key(base.rename(columns={"rate": "share"}))
