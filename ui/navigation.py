"""The sidebar's page list, drawn from st.page_link instead of Streamlit's own sectioned
navigation: Streamlit puts the section headers inside the <ul> of pages, which breaks the
list for screen readers (axe-core rules `list` and `listitem`). Each section here is a
plain label followed by its links."""

from __future__ import annotations

import streamlit as st


def sidebar_navigation(sections: dict[str, list[st.Page]]) -> None:
    """Draw a labelled group of page links per section in the sidebar, in the given order."""
    with st.sidebar:
        for label, pages in sections.items():
            st.markdown(f"**{label}**")
            for page in pages:
                st.page_link(page, label=page.title, icon=page.icon)
