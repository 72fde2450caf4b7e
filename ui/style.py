"""The page style every page shares, injected once by app.py: what a phone needs that
Streamlit does not do by itself. Below 640 px Streamlit stacks columns into one; the
headline figures should stay two by two, and plotly's mode bar would cover chart titles."""

from __future__ import annotations

import streamlit as st

PHONE_WIDTH = 640  # px: Streamlit's own breakpoint for stacking columns

PHONE_CSS = f"""
<style>
@media (max-width: {PHONE_WIDTH}px) {{
  /* Key figures two by two: a row of columns holding st.metric wraps at half width. */
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {{
    flex-wrap: wrap;
    gap: 0.5rem;
  }}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])
    > [data-testid="stColumn"] {{
    width: calc(50% - 0.25rem) !important;
    min-width: calc(50% - 0.25rem) !important;
    flex: 0 0 calc(50% - 0.25rem) !important;
  }}
  /* The pack's downloads (PDF, PPTX, XLSX) stay one row: short labels, little room. */
  .st-key-pack_downloads [data-testid="stHorizontalBlock"] {{
    flex-wrap: nowrap;
    gap: 0.5rem;
  }}
  .st-key-pack_downloads [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {{
    width: auto !important;
    min-width: 0 !important;
    flex: 1 1 0 !important;
  }}
  [data-testid="stMetricValue"] {{ font-size: 1.6rem; }}
  /* A label in half the width wraps rather than ending in "…". */
  [data-testid="stMetricLabel"] *, [data-testid="stMetricDelta"] *,
  [data-testid="stMetricDeltaDescription"], [data-testid="stMetricDeltaDescription"] * {{
    white-space: normal !important;
    overflow: visible !important;
    text-overflow: clip !important;
  }}
  /* The change and its "vrt. 11/2022" share a row: the description goes under it if need be. */
  [data-testid="stMetric"] div:has(> [data-testid="stMetricDelta"]) {{ flex-wrap: wrap; }}
  /* Plotly's tool bar covers a narrow chart's title and is of little use on a touch screen. */
  .modebar-container {{ display: none !important; }}
  /* A heat strip of many months has cells narrower than their written share: colour only
     (the hover still tells the value), never labels printed over each other. */
  .st-key-risk_trend .heatmap-label {{ display: none; }}
  /* Nothing wider than the screen: a long word or a wide table scrolls inside itself. */
  [data-testid="stMainBlockContainer"] {{ overflow-wrap: anywhere; }}
}}
</style>
"""


def page_style() -> None:
    """Inject the shared page style (a style tag only: it takes no room on the page)."""
    st.html(PHONE_CSS)
