"""Keskustelun valmistelu: the facilitator's page for the monthly discussion with a region —
what changed since the previous report, overdue and stalled critical work, new risks, wishes,
red flags and last time's actions; a draft agenda to edit; and the discussion record (date,
participants, validation and corrections, notes, agreed actions), saved in the database with
a version check so that two open tabs never overwrite each other silently."""

from __future__ import annotations

import streamlit as st

import metrics
from common.texts import format_month
from ui.auth import current_scope
from ui.brief import brief_section
from ui.context import language, t
from ui.data import discussion_record, metric
from ui.filters import sidebar_filters
from ui.labels import region_names
from ui.packs import pack_downloads
from ui.record_form import record_form
from ui.record_view import record_view

viewer = current_scope()
periods = metric("available_periods")
if not periods:
    st.title(t("page_discussion"))
    st.info(t("no_data"))
    st.stop()

chosen = sidebar_filters(periods, region=True, scope=True, region_required=True)
region, period, scope = chosen.region_id, chosen.period, chosen.scope
name = region_names()[region]
stem = f"{region}_{period:%Y-%m}"

st.title(t("discussion_title", region=name))
st.caption(t("discussion_intro"))
st.caption(t("data_month", month=format_month(period)))
submitted = not metric("completion", scope="all", period=period, region_id=region).empty
if not submitted:
    st.warning(t("discussion_not_submitted", region=name, month=format_month(period)))

# The same metric, with the same scope, as the region page and the region pack.
brief = metric("discussion_brief", region_id=region, period=period, scope=scope)
if not viewer.sees_text_of(region):
    # Another region's figures only: no texts, no agenda, no record, no actions.
    st.info(t("auth_texts_hidden"), icon=":material/visibility_off:")
    brief_section(brief, period, scope, stem, texts=False)
    st.info(t("auth_record_hidden"), icon=":material/lock:")
    st.stop()
# The handout for the discussion: the same figures as this screen.
pack_downloads(period, region, scope)
brief_section(brief, period, scope, stem)

st.header(t("discussion_agenda_header"))
items = metrics.draft_agenda(brief, language(), scope)
draft = metrics.agenda_text(items)
with st.expander(t("discussion_agenda_draft"), expanded=True):
    for item in items:
        st.markdown(f"**{item['order']}. {item['title']}**")
        st.text(item["detail"])

saved = discussion_record(region, period)
if viewer.can_write_records:
    subtask_ids = metric("roadmap_subtasks")["subtask_id"].tolist()
    record_form(region, period, saved, draft, subtask_ids)
else:
    record_view(saved)
