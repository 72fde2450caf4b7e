"""The brief for the monthly discussion with a region: the counts of what moved and what needs
talking about, each part of the metric's brief (moves, overdue and stalled work, new risks,
wishes, red flags) in its own expander, and last time's agreed actions. Takes the brief as
metrics.discussion_brief returns it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from common.texts import format_day, format_month
from ui.context import t
from ui.labels import status_label
from ui.lists import top_list, wrapped_table

MOVES = ("newly_done", "moved_forward", "moved_back")


def table(frame: pd.DataFrame, columns: dict[str, str], **formats) -> None:
    """`frame`'s `columns` (code -> label), each formatted by formats[code] if given, in
    wrapped rows: subtask names and typed actions are shown whole."""
    wrapped_table(formatted(frame, columns, formats))


def formatted(frame: pd.DataFrame, columns: dict[str, str], formats: dict) -> pd.DataFrame:
    """`frame`'s `columns` renamed to their labels, each formatted by formats[code]."""
    shown = frame[list(columns)].copy()
    for name, function in formats.items():
        shown[name] = shown[name].map(function)
    return shown.rename(columns=columns)


def urgent(frame: pd.DataFrame, columns: dict[str, str], key: str, stem: str, **formats):
    """A list the metric put most urgent first: whole texts in wrapped rows, the first ten,
    the count of the rest, the full list a click away and every row in the Excel file."""
    top_list(formatted(frame, columns, formats), frame[list(columns)], stem, key)


def brief_section(
    brief: dict[str, pd.DataFrame], period: date, scope: str, stem: str, *, texts: bool = True
) -> None:
    """The counts first (moves and stalled work in `scope`, which the caption names), then
    each part of the brief in its own expander, the ones to go through open; without `texts`
    (another region's brief for a region user) no observation lists and no actions."""
    st.header(t("discussion_brief_header"))
    st.caption(t(f"region_stalled_scope_{scope}"))
    counts = [
        ("newly_done", len(brief["newly_done"])),
        ("moved_forward", len(brief["moved_forward"])),
        ("moved_back", len(brief["moved_back"])),
        ("newly_overdue", len(brief["newly_overdue"])),
        ("stalled", len(brief["stalled"])),
        ("new_risks", len(brief["new_risks"])),
        ("wishes", len(brief["wishes"])),
    ]
    # Two rows, what moved and what needs talking about: seven in a row cut the labels short.
    for row in (counts[:3], counts[3:]):
        for column, (name, count) in zip(st.columns(4), row, strict=False):
            column.metric(t(f"discussion_count_{name}"), count, border=True)

    moves = {
        "subtask_id": t("discussion_col_subtask_id"),
        "subtask_name": t("discussion_col_subtask"),
        "previous_status": t("discussion_col_previous_status"),
        "status": t("discussion_col_status"),
    }
    for name in MOVES:
        frame = brief[name]
        with st.expander(t(f"discussion_brief_{name}", count=len(frame))):
            if frame.empty:
                st.caption(t("discussion_nothing"))
            else:
                table(
                    frame,
                    moves,
                    previous_status=status_label,
                    status=status_label,
                )
    subtasks = {
        "subtask_id": t("discussion_col_subtask_id"),
        "subtask_name": t("discussion_col_subtask"),
        "status": t("discussion_col_status"),
    }
    overdue = brief["overdue"]
    with st.expander(
        t("discussion_brief_overdue", count=len(overdue), new=int(overdue["new"].sum())),
        expanded=True,
    ):
        if overdue.empty:
            st.caption(t("discussion_nothing"))
        else:
            columns = {**subtasks, "since": t("discussion_col_due"), "new": t("agenda_new")}
            yes = t("discussion_yes")
            urgent(
                overdue,
                columns,
                "discussion_overdue",
                f"overdue_{stem}",
                status=status_label,
                since=format_day,
                new=lambda new: yes if new else "",
            )
    stalled = brief["stalled"]
    with st.expander(t("discussion_brief_stalled", count=len(stalled)), expanded=True):
        if stalled.empty:
            st.caption(t("discussion_nothing"))
        else:
            columns = {
                **subtasks,
                "reason": t("region_col_reason"),
                "expected_completion": t("discussion_col_due"),
                "since": t("discussion_col_since"),
            }
            urgent(
                stalled,
                columns,
                "discussion_stalled",
                f"stalled_{stem}",
                status=status_label,
                reason=lambda r: t(f"region_stalled_{r}"),
                expected_completion=format_day,
                since=format_month,
            )
    observations = {
        "text": t("discussion_col_text"),
        "group_code": t("discussion_col_group"),
        "severity": t("discussion_col_severity"),
    }
    if not texts:
        return
    for name in ("new_risks", "wishes", "flags_open"):
        frame = brief[name]
        with st.expander(t(f"discussion_brief_{name}", count=len(frame)), expanded=True):
            if frame.empty:
                st.caption(t("discussion_nothing"))
            else:
                # Whole texts in wrapped rows: never cut at the column edge.
                wrapped_table(
                    formatted(
                        frame,
                        observations,
                        {
                            "group_code": lambda g: g if isinstance(g, str) else "–",
                            "severity": lambda s: t(
                                f"risk_severity_{s if isinstance(s, str) else 'none'}"
                            ),
                        },
                    )
                )
    if not brief["flags_lowered"].empty:
        st.info(t("discussion_flags_lowered", count=len(brief["flags_lowered"])))
    previous_actions_section(brief["previous_actions"])


def previous_actions_section(actions: pd.DataFrame) -> None:
    """The actions agreed in the previous discussion, with who, by when and how far they
    got; or that there were none."""
    st.subheader(t("discussion_previous_actions_header"))
    if actions.empty:
        st.caption(t("discussion_previous_actions_none"))
        return
    st.caption(
        t(
            "discussion_previous_actions_caption",
            month=format_month(actions["period"].iloc[0]),
            held=format_day(actions["held_on"].iloc[0]),
        )
    )
    columns = {
        "what": t("discussion_col_what"),
        "who": t("discussion_col_who"),
        "due": t("discussion_col_due"),
        "state": t("discussion_col_state"),
    }
    table(
        actions,
        columns,
        due=format_day,
        state=lambda s: t(f"discussion_state_{s}"),
    )
