"""Tilannekuva: the router and frame. Registers every page under labelled sections and
runs the chosen one; the pages themselves live in pages/."""

import streamlit as st

from ui.context import language_switch, t

st.set_page_config(page_title="Tilannekuva", page_icon="📊", layout="wide")


def _page(script: str, title_key: str, icon: str, url_path: str, **options) -> st.Page:
    return st.Page(
        f"pages/{script}",
        title=t(title_key),
        icon=f":material/{icon}:",
        url_path=url_path,
        **options,
    )


pages = {
    t("section_overview"): [
        _page("national.py", "page_national", "public", "kansallinen", default=True),
        _page("region.py", "page_region", "location_on", "alue"),
        _page("comparison.py", "page_comparison", "leaderboard", "vertailu"),
        _page("risks.py", "page_risks", "warning", "riskit"),
    ],
    t("section_discussion"): [
        _page("discussion.py", "page_discussion", "forum", "keskustelu"),
    ],
    t("section_data"): [
        _page("roadmap.py", "page_roadmap", "route", "tiekartta"),
        _page("data.py", "page_data", "database", "aineisto"),
    ],
}

navigation = st.navigation(pages)
with st.sidebar:
    st.markdown(f"**{t('app_title')}**  \n{t('app_subtitle')}")
    language_switch()
navigation.run()
