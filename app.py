"""Tilannekuva: the router and frame. Registers every page under labelled sections and
runs the chosen one; the pages themselves live in pages/."""

import streamlit as st

from ui.context import language_switch, t

st.set_page_config(page_title="Tilannekuva", page_icon="📊", layout="wide")

pages = {
    t("section_data"): [
        st.Page(
            "pages/roadmap.py",
            title=t("page_roadmap"),
            icon=":material/route:",
            url_path="tiekartta",
            default=True,
        ),
    ],
}

navigation = st.navigation(pages)
with st.sidebar:
    st.markdown(f"**{t('app_title')}**  \n{t('app_subtitle')}")
    language_switch()
navigation.run()
