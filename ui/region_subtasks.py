"""The region page's overdue and stalled subtasks: two lists, the most urgent first, the first
ten shown and the rest a click away. Takes the region, the month, the scope, the data-month
footer and the file-name stem."""

from __future__ import annotations

from datetime import date

import streamlit as st

from common.texts import format_day, format_month
from ui.context import t
from ui.data import metric
from ui.labels import status_label
from ui.lists import top_list


def subtask_lists(region: str, period: date, scope: str, footer: str, stem: str) -> None:
    """Overdue critical subtasks and the stalled subtasks of `scope`, the most urgent first
    (as the metrics order them): the first ten, the count of the rest, the full list."""
    overdue = metric("overdue_subtasks", period=period, region_id=region)
    stalled = metric("stalled_subtasks", period=period, region_id=region, scope=scope)
    sections = (
        ("overdue", overdue, ""),
        ("stalled", stalled, t(f"region_stalled_scope_{scope}")),
    )
    for name, frame, note in sections:
        st.subheader(t(f"region_{name}_header", count=len(frame)))
        st.caption(" ".join(filter(None, [t(f"region_{name}_caption"), note, footer])))
        if frame.empty:
            st.success(t(f"region_{name}_none"))
            continue
        columns = {
            "subtask_id": t("region_col_subtask_id"),
            "subtask_name": t("region_col_subtask"),
            "status": t("region_col_status"),
            **({"reason": t("region_col_reason")} if name == "stalled" else {}),
            "expected_completion": t("region_col_due"),
            **({"since": t("region_col_since")} if name == "stalled" else {}),
        }
        table = frame[list(columns)].assign(
            status=frame["status"].map(status_label),
            expected_completion=frame["expected_completion"].dt.date,
            **({"since": frame["since"].dt.date} if name == "stalled" else {}),
            **(
                {"reason": frame["reason"].map(lambda r: t(f"region_stalled_{r}"))}
                if name == "stalled"
                else {}
            ),
        )
        shown = table.assign(expected_completion=table["expected_completion"].map(format_day))
        if name == "stalled":
            shown = shown.assign(since=table["since"].map(format_month))
        top_list(
            shown.rename(columns=columns),
            table.rename(columns=columns),
            f"{name}_{stem}",
            f"region_{name}",
        )
