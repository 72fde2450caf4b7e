"""Tiekartta: the roadmap catalogue, searchable by group and word."""

import streamlit as st

from metrics.roadmap import roadmap_size, roadmap_subtasks
from ui.context import cursor, t
from ui.labels import group_names
from ui.tables import download_button

st.title(t("roadmap_title"))
size = roadmap_size(cursor())
st.caption(t("roadmap_caption", **size))

names = group_names()
left, right = st.columns([1, 2])
group = left.selectbox(
    t("group"),
    options=[None, *names],
    format_func=lambda code: t("all_groups") if code is None else f"{code} – {names[code]}",
    key="roadmap_group",
)
search = right.text_input(t("search"), help=t("search_help"), key="roadmap_search")

rows = roadmap_subtasks(cursor(), group_code=group, search=search)
shown = rows.rename(
    columns={
        "subtask_id": t("col_subtask_id"),
        "group_code": t("col_group"),
        "entity_name": t("col_entity"),
        "task_name": t("col_task"),
        "subtask_name": t("col_subtask"),
    }
)[[t("col_subtask_id"), t("col_subtask"), t("col_task"), t("col_entity"), t("col_group")]]

st.write(t("shown_rows", shown=len(rows), total=size["subtasks"]))
if rows.empty:
    st.info(t("no_matches"))
else:
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=600,
        key="roadmap_table",
        column_config={
            t("col_subtask_id"): st.column_config.TextColumn(width="small"),
            t("col_subtask"): st.column_config.TextColumn(width="large"),
            t("col_group"): st.column_config.TextColumn(width="small"),
        },
    )
    download_button(shown, "tiekartta", key="roadmap_download")
