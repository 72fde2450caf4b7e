"""The Aineisto page's load log: the problems the loader found in the files, narrowed by file
and severity, and the problem tables the upload panel shows too. Takes the submission files
(metrics.submission_files) or the problems of one upload."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from common.texts import format_month, translate
from ui.context import language, t, widget_key
from ui.data import metric
from ui.labels import region_column
from ui.tables import download_button

SEVERITIES = ("error", "warning", "info")


def problem_table(problems: pd.DataFrame, *, with_file: bool) -> pd.DataFrame:
    """Problems as shown and downloaded: severity and message in the UI language."""
    columns = {}
    if with_file:
        columns[t("data_col_file")] = problems["file_name"]
        columns[t("data_col_region")] = region_column(problems["region_id"])
        columns[t("data_col_month")] = problems["period"].map(format_month)
    columns |= {
        t("data_col_severity"): problems["severity"].map(lambda s: t(f"data_severity_{s}")),
        t("data_col_sheet"): problems["sheet"],
        t("data_col_row"): problems["row"].astype("Int64"),
        t("data_col_column"): problems["column"],
        t("data_col_value"): problems["value"],
        # Problems logged before Swedish messages existed have none: shown in Finnish.
        t("data_col_message"): problems[f"message_{language()}"].fillna(problems["message_fi"]),
    }
    return pd.DataFrame(columns)


def blank_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing text shown as nothing rather than 'None'; numbers keep their gaps."""
    text = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c])]
    return frame.fillna(dict.fromkeys(text, ""))


def problem_columns() -> dict:
    """Room for the message, which says what is wrong and what to do."""
    small = ("data_col_severity", "data_col_sheet", "data_col_row", "data_col_column")
    return {
        **{t(key): st.column_config.Column(width="small") for key in small},
        t("data_col_file"): st.column_config.TextColumn(width="medium"),
        t("data_col_message"): st.column_config.TextColumn(width="large"),
    }


def draw_log(files: pd.DataFrame) -> None:
    """The problems the loader logged, narrowed by file (of `files`, the submission files)
    and by severity, with the count shown and the Excel download."""
    lang = language()
    st.header(t("data_log_title"))
    st.caption(t("data_log_caption"))
    left, right = st.columns([2, 1])
    file_name = left.selectbox(
        t("data_log_file"),
        # Other regions' file names are blanked for a region's user: not choices.
        options=[None, *dict.fromkeys(f for f in files["file_name"] if isinstance(f, str))],
        format_func=lambda f: translate("data_log_all_files", lang) if f is None else f,
        key=widget_key("log_file"),
    )
    severity = right.selectbox(
        t("data_log_severity"),
        options=[None, *SEVERITIES],
        format_func=lambda s: (
            translate("data_log_all_severities", lang)
            if s is None
            else translate(f"data_severity_{s}", lang)
        ),
        key=widget_key("log_severity"),
    )
    problems = metric("ingest_problems", file_name=file_name, severity=severity)
    if problems.empty:
        st.info(t("data_log_empty"))
        return
    st.write(t("data_log_shown", shown=len(problems)))
    shown = problem_table(problems, with_file=True)
    st.dataframe(
        blank_text(shown), hide_index=True, key="log_table", column_config=problem_columns()
    )
    download_button(shown, "latausloki", key="log_download")
