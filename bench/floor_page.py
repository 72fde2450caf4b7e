"""The floor: the smallest page that draws what every Tilannekuva page draws — a title, one
st.metric, one plotly bar chart and one st.dataframe — with fixed data and no database.
Served by its own `streamlit run bench/floor_page.py`, it is what Streamlit and the browser
cost on this machine at this moment; the browser section reports every page as a multiple
of it."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")
st.title("Floor")
frame = pd.DataFrame({"region": [f"region {n:02d}" for n in range(22)]})
frame["completion"] = [round(0.3 + 0.03 * n, 2) for n in range(22)]
st.metric("Median completion", f"{frame['completion'].median():.0%}", delta="+3 pp")
st.plotly_chart(go.Figure(go.Bar(x=frame["region"], y=frame["completion"])))
st.dataframe(frame, hide_index=True)
