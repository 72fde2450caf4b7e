"""The discussion half of the region pack, from metrics.agenda.discussion_brief: changes
since the previous report, overdue and stalled critical subtasks, risks, wishes and red
flags, last month's actions and the draft agenda."""

from __future__ import annotations

import pandas as pd

from metrics.overdue import TOP
from reports.document import Column, Figure, Page, Text, table
from reports.text import Words, day_text, month_text

MOVES = ("newly_done", "moved_forward", "moved_back")
SEVERITY_ORDER = {"korkea": 0, "kohtalainen": 1, "matala": 2}
# Rows of a list printed in the PDF and slides, the most urgent first; the Excel file has
# them all.
PRINTED_ROWS = TOP


def _yes_no(w: Words):
    return lambda value: w("region_yes") if bool(value) else w("region_no")


def changes_page(brief: dict[str, pd.DataFrame], before, w: Words, scope: str) -> Page:
    """Counts of the moves in `scope`, newly overdue and new risks, and the list of subtasks
    that moved; the notes say which scope the counts cover."""
    counts = {name: len(brief[name]) for name in (*MOVES, "newly_overdue")}
    figures = [Figure(w(f"region_{name}"), str(count)) for name, count in counts.items()]
    # Backward moves first: they are what the discussion must not miss.
    moved = pd.concat(
        [brief[name].assign(move=w(f"region_{name}")) for name in reversed(MOVES)],
        ignore_index=True,
    )
    status = w.status
    rows = table(
        w("pack_moved_title", count=len(moved)),
        moved,
        [
            Column("move", w("region_col_move"), 1.4),
            Column("subtask_id", w("region_col_subtask_id"), 1.2),
            Column("subtask_name", w("region_col_subtask"), 5),
            Column("previous_status", w("region_col_previous_status"), 1.3, status),
            Column("status", w("region_col_status"), 1.3, status),
            Column("critical", w("region_col_critical"), 1, _yes_no(w)),
        ],
        empty_text=w("pack_moved_none"),
        sheet=w("pack_sheet_changes"),
        limit=PRINTED_ROWS,
        more_text=w("pack_more_rows"),
    )
    notes = (
        w("region_changes_first")
        if before is None
        else w("region_changes_since", month=month_text(before))
    )
    shows = Text([w(f"region_stalled_scope_{scope}")])
    return Page(w("region_changes_header"), figures, [shows, rows], notes)


def lists_page(brief: dict[str, pd.DataFrame], w: Words, scope: str) -> Page:
    """Overdue critical subtasks and the stalled subtasks of `scope`, the most urgent first
    (as the metrics order them)."""
    status = w.status
    overdue = table(
        w("region_overdue_header", count=len(brief["overdue"])),
        brief["overdue"],
        [
            Column("subtask_id", w("region_col_subtask_id"), 1.2),
            Column("subtask_name", w("region_col_subtask"), 5.5),
            Column("status", w("region_col_status"), 1.3, status),
            Column("since", w("region_col_due"), 1.5, day_text),
            Column("new", w("pack_col_new"), 0.9, _yes_no(w)),
        ],
        empty_text=w("region_overdue_none"),
        sheet=w("pack_sheet_overdue"),
        limit=PRINTED_ROWS,
        more_text=w("pack_more_rows"),
    )
    stalled = table(
        f"{w('region_stalled_header', count=len(brief['stalled']))} · "
        f"{w(f'region_stalled_scope_{scope}')}",
        brief["stalled"],
        [
            Column("subtask_id", w("region_col_subtask_id"), 1.2),
            Column("subtask_name", w("region_col_subtask"), 5),
            Column("status", w("region_col_status"), 1.3, status),
            Column("reason", w("region_col_reason"), 1.6, lambda r: w(f"region_stalled_{r}")),
            Column("expected_completion", w("region_col_due"), 1.3, day_text),
            Column("since", w("region_col_since"), 1.2, month_text),
        ],
        empty_text=w("region_stalled_none"),
        sheet=w("pack_sheet_stalled"),
        limit=PRINTED_ROWS,
        more_text=w("pack_more_rows_stalled"),
    )
    notes = f"{w('region_overdue_caption')} {w('region_stalled_caption')}"
    return Page(w("pack_lists_title"), blocks=[overdue, stalled], notes=notes)


def _observations(title: str, frame: pd.DataFrame, w: Words, empty: str, sheet: str):
    order = frame["severity"].map(SEVERITY_ORDER).fillna(len(SEVERITY_ORDER))
    frame = frame.assign(order=order).sort_values("order", kind="stable")
    return table(
        title,
        frame,
        [
            Column("text", w("region_col_text"), 6),
            Column("group_code", w("region_col_group"), 0.9),
            Column(
                "severity",
                w("region_col_severity"),
                1.3,
                lambda s: "–" if pd.isna(s) else w(f"region_severity_{s}"),
            ),
            Column("new", w("pack_col_new"), 0.9, _yes_no(w)),
        ],
        empty_text=empty,
        sheet=sheet,
    )


def observations_page(brief: dict[str, pd.DataFrame], before, w: Words) -> Page:
    """The red flag (open, raised or lowered), the flagged observations, new and high-severity
    risks, and the wishes for national support."""
    flagged = brief["flags_open"]
    if flagged.empty:
        state = [w("region_flag_none")]
    else:
        state = [
            w(
                "region_flag_open",
                flags=len(flagged),
                raised=month_text(flagged["raised"].iloc[0]),
                months=int(flagged["months_open"].iloc[0]),
            )
        ]
    if not brief["flags_lowered"].empty:
        state.append(w("region_flag_lowered", month=month_text(before)))
    blocks = [Text(state, heading=w("region_flags_header"))]
    if not flagged.empty:
        blocks.append(
            _observations(
                w("pack_flagged_title", count=len(flagged)), flagged, w, "", w("pack_sheet_flags")
            )
        )
    blocks.append(
        _observations(
            w("pack_risks_title", count=len(brief["new_risks"])),
            brief["new_risks"],
            w,
            w("pack_risks_none"),
            w("pack_sheet_risks"),
        )
    )
    blocks.append(
        _observations(
            w("pack_wishes_title", count=len(brief["wishes"])),
            brief["wishes"],
            w,
            w("pack_wishes_none"),
            w("pack_sheet_wishes"),
        )
    )
    return Page(w("pack_observations_title"), blocks=blocks, notes=w("pack_observations_note"))


def discussion_page(brief: dict[str, pd.DataFrame], agenda: list[dict], w: Words) -> Page:
    """The actions agreed last time with their state, and the draft agenda."""
    actions = table(
        w("pack_actions_title", count=len(brief["previous_actions"])),
        brief["previous_actions"],
        [
            Column("what", w("pack_col_what"), 5),
            Column("who", w("pack_col_who"), 1.8),
            Column("due", w("pack_col_due"), 1.3, day_text),
            Column("state", w("pack_col_state"), 1.3, lambda s: w(f"discussion_state_{s}")),
        ],
        empty_text=w("pack_actions_none"),
        sheet=w("pack_sheet_actions"),
    )
    lines = []
    for item in agenda:
        lines.append(f"{item['order']}. {item['title']}")
        lines += [f"    {line}" for line in item["detail"].splitlines()]
    agenda_block = Text(lines, heading=w("pack_agenda_title"))
    return Page(
        w("pack_discussion_title"), blocks=[actions, agenda_block], notes=w("pack_agenda_note")
    )
