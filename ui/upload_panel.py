"""The Aineisto page's upload panel: a filled workbook uploaded through the loader, and what
came of it (outcome, region and month, rows, the problems found). Takes nothing: who may
upload for which region comes from the signed-in person's scope."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from common.texts import format_month
from ui.auth import current_scope, who_is_writing
from ui.context import t
from ui.labels import region_names, region_text
from ui.load_problems import blank_text, problem_columns, problem_table
from ui.plain_text import escape_markdown
from ui.tables import download_button
from ui.writes import upload


def draw_upload() -> None:
    """The file uploader: a workbook goes in through the same loader as a command-line load,
    once per upload (a rerun shows the outcome again), for the signed-in person's regions."""
    st.header(t("data_upload_title"))
    st.caption(t("data_upload_caption"))
    viewer = current_scope()
    if viewer.region_id is not None:
        st.info(t("auth_upload_own_only", region=region_names()[viewer.region_id]))
    results = st.session_state.setdefault("upload_results", {})
    uploaded = st.file_uploader(
        t("data_upload_label"), type=["xlsx", "ods", "xls"], key="upload_file"
    )
    if uploaded is None:
        return
    if uploaded.file_id not in results:
        # Keyed by upload, so a rerun shows the outcome instead of loading the file again.
        # The demo mode has no sign-in: the name typed on the discussion page, if any.
        demo_name = st.session_state.get("discussion_recorder_name") or "demo"
        results[uploaded.file_id] = upload(
            uploaded.getvalue(),
            uploaded.name,
            who=who_is_writing(demo_name),
            allowed_region=viewer.region_id,
        )
        st.rerun()
    show_result(results[uploaded.file_id])


def show_result(result) -> None:
    """The outcome of one upload: loaded, partly loaded, refused or unchanged, what it held
    and the problems found, with their Excel download."""
    name = escape_markdown(result.file_name)
    text = t("data_upload_result", file=name, outcome=t(f"data_outcome_{result.outcome}"))
    box = {"loaded": st.success, "partial": st.warning, "rejected": st.error}
    box.get(result.outcome, st.info)(text)
    if result.region_id is not None:
        details = {
            "region": region_text(result.region_id),
            "month": format_month(result.period),
            "rows": result.rows,
            "observations": result.observations,
        }
        st.write(t("data_upload_details", **details))
    if result.outcome == "unchanged":
        return
    if not result.problems:
        st.write(t("data_upload_no_problems"))
        return
    problems = pd.DataFrame(
        {
            "severity": [p.severity for p in result.problems],
            "sheet": [p.sheet for p in result.problems],
            "row": [p.row for p in result.problems],
            "column": [p.column for p in result.problems],
            "value": [p.value for p in result.problems],
            "message_fi": [p.message_fi for p in result.problems],
            "message_sv": [p.message_sv for p in result.problems],
            "message_en": [p.message_en for p in result.problems],
        }
    )
    st.write(f"**{t('data_upload_problems')}**")
    shown = problem_table(problems, with_file=False)
    st.dataframe(
        blank_text(shown), hide_index=True, key="upload_problems", column_config=problem_columns()
    )
    download_button(shown, "tiedoston_ongelmat", key="upload_problems_download")
