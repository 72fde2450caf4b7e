"""Tilannekuva: the router and frame. Registers every page under labelled sections and
runs the chosen one; the pages themselves live in pages/. Nobody gets past it without
signing in when sign-in is configured (ui/auth.py)."""

import streamlit as st

from ui.accessibility import accessible_frame
from ui.auth import current_scope, sidebar_identity
from ui.context import language, language_switch, t
from ui.guard import guard_cache_clearing
from ui.navigation import sidebar_navigation
from ui.style import page_style

# Before anything is cached: a browser that is not signed in may not empty the caches.
guard_cache_clearing()
st.set_page_config(page_title="Tilannekuva", page_icon="📊", layout="wide")
page_style()


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
        _page("accessibility.py", "page_accessibility", "accessibility", "saavutettavuus"),
    ],
}

with st.sidebar:
    accessible_frame(language())
    st.markdown(f"**{t('app_title')}**  \n{t('app_subtitle')}")
    language_switch()
# The pages are registered before the sign-in check so that Streamlit never falls back to its
# legacy pages/-folder mode, in which a page script would run without passing through here.
# Streamlit's own page list stays hidden: the sidebar draws its own (ui/navigation.py), and
# only after sign-in.
navigation = st.navigation(pages, position="hidden")
scope = current_scope()  # the sign-in screen or the refusal stop the script here
sidebar_navigation(pages)
sidebar_identity(scope)
navigation.run()
