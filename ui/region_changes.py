"""The region page's changes section: counts of the moves since the region's previous report
and the moved subtasks in a list with its Excel download. Takes the region, the month, the
scope and the file-name stem; returns the changes for the red-flag section."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from common.texts import format_month
from ui.context import t
from ui.data import metric
from ui.labels import status_label
from ui.lists import wrapped_table
from ui.tables import download_button

MOVES = ("newly_done", "moved_forward", "moved_back")


def changes_section(region: str, period: date, scope: str, stem: str) -> dict:
    """Counts of the moves since the previous report, and the moved subtasks; returns the
    changes for the red-flag section."""
    changes = metric("changes_since_previous", region_id=region, period=period, scope=scope)
    before = metric("previous_period", region_id=region, period=period)
    moves = {name: changes[name] for name in MOVES}
    st.header(t("region_changes_header"))
    if before is None:
        st.caption(t("region_changes_first"))
    else:
        st.caption(
            f"{t('region_changes_since', month=format_month(before))} "
            f"{t(f'region_stalled_scope_{scope}')}"
        )
    counts = {**{name: len(moves[name]) for name in MOVES}}
    counts["newly_overdue"] = len(changes["newly_overdue"])
    counts["new_observations"] = len(changes["new_observations"])
    for column, (name, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(t(f"region_{name}"), count, border=True)
    moved = pd.concat(
        [moves[name].assign(move=t(f"region_{name}")) for name in MOVES], ignore_index=True
    )
    if not moved.empty:
        columns = {
            "move": t("region_col_move"),
            "subtask_id": t("region_col_subtask_id"),
            "subtask_name": t("region_col_subtask"),
            "previous_status": t("region_col_previous_status"),
            "status": t("region_col_status"),
            "critical": t("region_col_critical"),
        }
        table = (
            moved[list(columns)]
            .assign(
                previous_status=moved["previous_status"].map(status_label),
                status=moved["status"].map(status_label),
            )
            .rename(columns=columns)
        )
        with st.expander(t("region_changes_list", count=len(moved))):
            # Subtask names whole, in wrapped rows.
            wrapped_table(table)
            download_button(table, f"changes_{stem}", key="region_changes_download")
    return {**changes, "previous_period": before}
