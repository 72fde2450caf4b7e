"""Streamlit-side helpers shared by the pages: language, database handle, downloads."""
