"""What a page draws, prepared once per input and shared: plotly figures (building one validates
every property, which costs more than the queries behind it: about 120 ms for the national
trend panels against 8 ms to send it) and a section's tables and sentences made from metric
results (the national heatmap's merges and hover texts were a third of a warm national run's
CPU, paid again by every session). The key is the builder and its arguments, data frames by
content, so new data or another language makes a new result. Every session gets the same
object: never modify it."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

T = TypeVar("T")


def frame_key(frame: pd.DataFrame) -> bytes:
    """A data frame's content as a cache key: a digest of its pickle, which holds every value,
    dtype, column and index. Streamlit's own hashing of a frame (pandas' hash per column,
    combined) was a fifth of a warm national page's script time for the page's small frames."""
    return hashlib.blake2b(pickle.dumps(frame, protocol=5), digest_size=16).digest()


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs={pd.DataFrame: frame_key})
def _built(name: str, _builder: Callable[..., T], *args, **kwargs) -> T:
    return _builder(*args, **kwargs)  # `name` stands in the key for the unhashable function


def prepared(builder: Callable[..., T], *args, **kwargs) -> T:
    """builder(*args, **kwargs), built once per distinct input in this process. `builder`
    must be pure: its result may depend only on its arguments."""
    return _built(f"{builder.__module__}.{builder.__qualname__}", builder, *args, **kwargs)
