"""Tiekartta: the roadmap catalogue by group, task entity, task and subtask, with how many
regions have finished each part in the chosen month and which regions have not."""

import pandas as pd
import streamlit as st

from common.texts import format_percent, translate
from ui.context import language, t, widget_key
from ui.data import metric
from ui.filters import sidebar_filters
from ui.labels import group_names, region_names
from ui.tables import download_button

_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#"})


def plain(text: str) -> str:
    """Catalogue text made inert for st.table and labels, which read Markdown."""
    return str(text).translate(_MARKDOWN_SPECIALS)


def share_text(share: float) -> str:
    return t("roadmap_share_done", share=format_percent(share, language()))


def not_done_names(ids: list[str], applicable: int) -> str:
    if not ids:
        return t("roadmap_none_not_done")
    if len(ids) == applicable and applicable > 1:
        return t("roadmap_all_regions_not_done", n=applicable)
    names = region_names()
    return ", ".join(names[region_id] for region_id in ids)


def subtask_table(rows: pd.DataFrame, with_completion: bool) -> pd.DataFrame:
    """The rows of one task as st.table shows them: text only, already formatted."""
    table = {
        t("col_subtask_id"): rows["subtask_id"],
        t("col_subtask"): rows["subtask_name"].map(plain),
    }
    if with_completion:
        lang = language()
        table[t("roadmap_col_share_done")] = [
            f"{format_percent(r.share_done, lang)} ({r.regions_done} / {r.regions_applicable})"
            for r in rows.itertuples()
        ]
        table[t("roadmap_col_regions_not_done")] = [
            not_done_names(r.regions_not_done, r.regions_applicable) for r in rows.itertuples()
        ]
    return pd.DataFrame(table)


def draw_browse(
    rows: pd.DataFrame, entities: pd.DataFrame | None, tasks: pd.DataFrame | None, expanded: bool
) -> None:
    """Group headings, an expander per task entity and a table of subtasks per task; shares
    of done only when `entities` and `tasks` are given."""
    names = group_names()
    entity_share, task_share = {}, {}
    if entities is not None and tasks is not None:
        for e in entities.itertuples():
            entity_share[e.group_code, e.entity_letter] = e.share_done
        for k in tasks.itertuples():
            task_share[k.group_code, k.entity_letter, k.task_no] = k.share_done
    for group_code, in_group in rows.groupby("group_code", sort=False):
        st.header(f"{group_code} – {names[group_code]}")
        by_entity = in_group.groupby(["entity_letter", "entity_name"], sort=False)
        for (letter, entity_name), in_entity in by_entity:
            label = f"{letter}. {plain(entity_name)}"
            if (group_code, letter) in entity_share:
                label += " · " + share_text(entity_share[group_code, letter])
            # Only an open expander draws its tables: all of them at once take a second.
            box = st.expander(
                label,
                expanded=expanded,
                key=f"roadmap_entity_{group_code}_{letter}_{int(expanded)}",
                on_change="rerun",
            )
            if not box.open:
                continue
            with box:
                by_task = in_entity.groupby(["task_no", "task_name"], sort=False)
                for (task_no, task_name), in_task in by_task:
                    heading = f"**{task_no}. {plain(task_name)}**"
                    if (group_code, letter, task_no) in task_share:
                        heading += " · " + share_text(task_share[group_code, letter, task_no])
                    st.markdown(heading)
                    table = subtask_table(in_task, bool(task_share))
                    # Ids and shares must not wrap; st.table sizes columns by content.
                    narrow = [c for c in table.columns if c != t("col_subtask")][:2]
                    styled = table.style.set_properties(subset=narrow, **{"min-width": "8.5em"})
                    st.table(styled, hide_index=True)


def list_table(rows: pd.DataFrame, with_completion: bool) -> pd.DataFrame:
    """The whole selection as one table; shares stay numbers (0–1) for the download."""
    table = {t("col_subtask_id"): rows["subtask_id"], t("col_subtask"): rows["subtask_name"]}
    if with_completion:
        names = region_names()
        table[t("roadmap_col_share_done")] = rows["share_done"]
        table[t("roadmap_col_regions_done")] = rows["regions_done"]
        table[t("roadmap_col_regions_applicable")] = rows["regions_applicable"]
        table[t("roadmap_col_regions_not_done")] = [
            ", ".join(names[r] for r in ids) for ids in rows["regions_not_done"]
        ]
    table[t("col_task")] = rows["task_name"]
    table[t("col_entity")] = rows["entity_name"]
    table[t("col_group")] = rows["group_code"]
    return pd.DataFrame(table)


st.title(t("roadmap_title"))
size = metric("roadmap_size")
st.caption(t("roadmap_caption", **size))

lang = language()
periods = metric("available_periods")
period = sidebar_filters(periods, scope=False).period if periods else None

names = group_names()
options = [None, *names]
left, right = st.columns([1, 2])
group_key = widget_key("roadmap_group")
if group_key not in st.session_state and st.query_params.get("ryhma") in names:
    st.session_state[group_key] = st.query_params["ryhma"]
group = left.selectbox(
    t("group"),
    options=options,
    format_func=lambda code: (
        translate("all_groups", lang) if code is None else f"{code} – {names[code]}"
    ),
    key=group_key,
)
if group is None:
    st.query_params.pop("ryhma", None)
else:
    st.query_params["ryhma"] = group
search = right.text_input(t("roadmap_search"), help=t("roadmap_search_help"), key="roadmap_search")

if period is None:
    rows = metric("roadmap_subtasks", group_code=group, search=search)
    entities = tasks = None
    st.caption(t("roadmap_no_submissions"))
else:
    rows = metric("subtask_completion", period=period, group_code=group, search=search)
    entities = metric("entity_completion", period=period, group_code=group)
    tasks = metric("task_completion", period=period, group_code=group)
    month = f"{period.month}/{period.year}"
    st.caption(f"{t('roadmap_completion_caption')} {t('data_month', month=month)}")

st.write(t("roadmap_shown_rows", shown=len(rows), total=size["subtasks"]))
if rows.empty:
    st.info(t("roadmap_no_matches"))
    st.stop()

browse_tab, list_tab = st.tabs([t("roadmap_tab_browse"), t("roadmap_tab_list")])
with browse_tab:
    draw_browse(rows, entities, tasks, expanded=bool(search))
with list_tab:
    table = list_table(rows, with_completion=period is not None)
    shown = table.copy()
    share = t("roadmap_col_share_done")
    if share in shown.columns:
        # Finnish percentages as text; the download keeps the 0–1 numbers.
        shown[share] = [format_percent(v, language()) for v in shown[share]]
    config = {
        t("col_subtask_id"): st.column_config.TextColumn(width="small"),
        t("col_subtask"): st.column_config.TextColumn(width="large"),
        t("col_group"): st.column_config.TextColumn(width="small"),
    }
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=600,
        key="roadmap_table",
        column_config=config,
    )
    download_button(table, "tiekartta", key="roadmap_download")
