"""Plotly figures kept per input: building one validates every property, which costs more
than the queries behind it (about 120 ms for the national trend panels against 8 ms to send
it). The key is the builder and its arguments, data frames by content, so new data or
another language makes a new figure. Every session gets the same object: never modify it."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st


def frame_key(frame: pd.DataFrame) -> bytes:
    """A data frame's content as a cache key: a digest of its pickle, which holds every value,
    dtype, column and index. Streamlit's own hashing of a frame (pandas' hash per column,
    combined) was a fifth of a warm national page's script time for the page's small frames."""
    return hashlib.blake2b(pickle.dumps(frame, protocol=5), digest_size=16).digest()


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs={pd.DataFrame: frame_key})
def _built(name: str, _builder: Callable[..., go.Figure], *args, **kwargs) -> go.Figure:
    return _builder(*args, **kwargs)  # `name` stands in the key for the unhashable function


def cached_figure(builder: Callable[..., go.Figure], *args, **kwargs) -> go.Figure:
    """builder(*args, **kwargs), built once per distinct input in this process."""
    return _built(f"{builder.__module__}.{builder.__qualname__}", builder, *args, **kwargs)
