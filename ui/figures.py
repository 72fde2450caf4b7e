"""Plotly figures kept per input: building one validates every property, which costs more
than the queries behind it (about 120 ms for the national trend panels against 8 ms to send
it). The key is the builder and its arguments, data frames by content, so new data or
another language makes a new figure. Every session gets the same object: never modify it."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st


@st.cache_resource(show_spinner=False, max_entries=256)
def _built(name: str, _builder: Callable[..., go.Figure], *args, **kwargs) -> go.Figure:
    return _builder(*args, **kwargs)  # `name` stands in the key for the unhashable function


def cached_figure(builder: Callable[..., go.Figure], *args, **kwargs) -> go.Figure:
    """builder(*args, **kwargs), built once per distinct input in this process."""
    return _built(f"{builder.__module__}.{builder.__qualname__}", builder, *args, **kwargs)
