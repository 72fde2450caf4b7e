"""Keskustelun valmistelu: the facilitator's page for the monthly discussion with a region —
what changed since the previous report, overdue and stalled critical work, new risks, wishes,
red flags and last time's actions; a draft agenda to edit; and the discussion record (date,
participants, validation and corrections, notes, agreed actions), saved in the database with
a version check so that two open tabs never overwrite each other silently."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import metrics
from common.texts import format_day, format_month, translate
from loaders.store.discussions import (
    ACTION_STATES,
    STATUSES,
    Action,
    Correction,
    Record,
    StaleRecord,
)
from ui.auth import auth_configured, current_scope, who_is_writing
from ui.context import language, t
from ui.data import discussion_record, metric
from ui.filters import sidebar_filters
from ui.labels import region_names, status_label
from ui.lists import top_list, wrapped_table
from ui.packs import pack_downloads
from ui.plain_text import escape_markdown
from ui.writes import save_record

MOVES = ("newly_done", "moved_forward", "moved_back")
DATE_FORMAT = "D.M.YYYY"  # momentjs, for table columns
INPUT_DATE_FORMAT = "DD.MM.YYYY"  # what st.date_input accepts


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


# --- who is writing -------------------------------------------------------------------------


def recorder(column) -> None:
    """Who saves the record, in `column` next to the save button: the signed-in e-mail, or in
    the demo mode (no sign-in) the 'Kirjaaja' name typed there. The name is kept in session
    state for the whole visit (a plain key survives the widget's state being dropped on
    another page); the form hands it over when it is submitted."""
    if auth_configured():
        column.text_input(t("discussion_recorder"), value=current_scope().user, disabled=True)
        return
    name = column.text_input(
        t("discussion_recorder"),
        value=st.session_state.get("discussion_recorder_name", ""),
        help=t("discussion_recorder_help"),
        key="discussion_recorder",
    ).strip()
    st.session_state["discussion_recorder_name"] = name


# --- the brief ------------------------------------------------------------------------------


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


# --- the record form ------------------------------------------------------------------------


def form_state(suffix: str, saved: Record | None) -> dict:
    """This visit's editing state for one region and month: the version being edited and a
    generation number in the widget keys (a new one reloads the widgets from the database)."""
    state = st.session_state.setdefault(f"discussion_{suffix}", {})
    if "version" not in state:
        state["version"] = saved.version if saved else 0
        state["generation"] = 0
    return state


def actions_frame(record: Record | None) -> pd.DataFrame:
    frame = record.actions_frame() if record else Record("", date.today()).actions_frame()
    frame = frame.drop(columns="seq").astype({"what": "string", "who": "string"})
    frame["due"] = pd.to_datetime(frame["due"]).dt.date
    return frame.astype({"state": "object"})


def corrections_frame(record: Record | None) -> pd.DataFrame:
    return (record or Record("", date.today())).corrections_frame().astype("object")


def edited_actions(frame: pd.DataFrame) -> list[Action] | None:
    """Actions from the editor; blank rows are dropped. None when a row has no description."""
    actions = []
    for row in frame.to_dict("records"):
        what = "" if pd.isna(row.get("what")) else str(row["what"]).strip()
        who = "" if pd.isna(row.get("who")) else str(row["who"]).strip()
        due = row.get("due")
        due = None if due is None or pd.isna(due) else pd.Timestamp(due).date()
        state = row.get("state") if isinstance(row.get("state"), str) else "open"
        if not what and not who and due is None:
            continue
        if not what:
            return None
        actions.append(Action(what, who, due, state))
    return actions


def edited_corrections(frame: pd.DataFrame) -> list[Correction] | None:
    """Corrections from the editor; blank rows are dropped. None when one is incomplete."""
    corrections = []
    for row in frame.to_dict("records"):
        subtask = row.get("subtask_id") if isinstance(row.get("subtask_id"), str) else None
        status = row.get("status") if isinstance(row.get("status"), str) else None
        if subtask is None and status is None:
            continue
        if subtask is None or status is None:
            return None
        corrections.append(Correction(subtask, status))
    return corrections


def saved_caption(saved: Record | None) -> None:
    """Which version is saved, by whom and when; or that nothing is saved yet."""
    if saved is None:
        st.caption(t("discussion_not_saved"))
        return
    st.caption(
        t(
            "discussion_saved_caption",
            version=saved.version,
            who=escape_markdown(saved.saved_by),
            at=f"{format_day(saved.saved_at)} {saved.saved_at:%H.%M}",
        )
    )


def record_form(
    region: str, period: date, saved: Record | None, draft: str, subtask_ids: list[str]
) -> None:
    """The record of the discussion: one form, saved with the version check."""
    suffix = f"{region}_{period:%Y-%m}"
    state = form_state(suffix, saved)
    key = f"discussion_{suffix}_{state['generation']}"
    lang = language()
    st.header(t("discussion_record_header"))
    saved_caption(saved)
    message = st.session_state.pop(f"discussion_message_{suffix}", None)
    if message:
        st.success(message, icon=":material/check:")

    with st.form(f"{key}_form"):
        first, second = st.columns([1, 3])
        held_on = first.date_input(
            t("discussion_held_on"),
            value=saved.held_on if saved else None,
            format=INPUT_DATE_FORMAT,
            key=f"{key}_held_on",
        )
        participants = second.text_input(
            t("discussion_participants"),
            value=saved.participants if saved else "",
            key=f"{key}_participants",
        )
        agenda = st.text_area(
            t("discussion_agenda_label"),
            value=saved.agenda if saved and saved.agenda else draft,
            height=320,
            key=f"{key}_agenda",
            help=t("discussion_agenda_help"),
        )
        validated = st.checkbox(
            t("discussion_validated"),
            value=saved.validated if saved else False,
            key=f"{key}_validated",
        )
        st.markdown(f"**{t('discussion_corrections_label')}**")
        st.caption(t("discussion_corrections_help"))
        corrections = st.data_editor(
            corrections_frame(saved),
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            key=f"{key}_corrections",
            column_config={
                "subtask_id": st.column_config.SelectboxColumn(
                    t("discussion_col_subtask_id"), options=subtask_ids, required=True
                ),
                "status": st.column_config.SelectboxColumn(
                    t("discussion_col_validated_status"),
                    options=list(STATUSES),
                    format_func=lambda code: translate(f"status_{code}", lang),
                    required=True,
                ),
            },
        )
        corrections_note = st.text_area(
            t("discussion_corrections_note"),
            value=saved.corrections_note if saved else "",
            key=f"{key}_corrections_note",
        )
        notes = st.text_area(
            t("discussion_notes"), value=saved.notes if saved else "", key=f"{key}_notes"
        )
        st.markdown(f"**{t('discussion_actions_label')}**")
        actions = st.data_editor(
            actions_frame(saved),
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            key=f"{key}_actions",
            column_config={
                "what": st.column_config.TextColumn(t("discussion_col_what"), width="large"),
                "who": st.column_config.TextColumn(t("discussion_col_who")),
                "due": st.column_config.DateColumn(t("discussion_col_due"), format=DATE_FORMAT),
                "state": st.column_config.SelectboxColumn(
                    t("discussion_col_state"),
                    options=list(ACTION_STATES),
                    format_func=lambda code: translate(f"discussion_state_{code}", lang),
                    default="open",
                    required=True,
                ),
            },
        )
        # The recorder's name sits next to the save button: who saves is part of saving.
        name_column, button_column = st.columns([3, 1], vertical_alignment="bottom")
        recorder(name_column)
        submitted = button_column.form_submit_button(
            t("discussion_save"), type="primary", icon=":material/save:", width="stretch"
        )
    if not submitted:
        conflict_section(suffix, state)
        return
    who = who_is_writing(recorder_name())
    action_list = edited_actions(actions)
    correction_list = edited_corrections(corrections)
    if not who:
        st.error(t("discussion_need_recorder"))
        return
    if action_list is None:
        st.error(t("discussion_action_needs_what"))
        return
    if correction_list is None:
        st.error(t("discussion_correction_incomplete"))
        return
    if len({c.subtask_id for c in correction_list}) < len(correction_list):
        st.error(t("discussion_correction_twice"))
        return
    record = Record(
        region_id=region,
        period=period,
        held_on=held_on,
        participants=participants,
        validated=validated,
        corrections_note=corrections_note,
        notes=notes,
        agenda=agenda,
        actions=tuple(action_list),
        corrections=tuple(correction_list),
    )
    save(suffix, state, record, state["version"], who)


def save(suffix: str, state: dict, record: Record, expected: int, who: str) -> None:
    """Save through ui.writes (one writer, archived; the cached figures are dropped, since
    corrections change them); on success reload the widgets from the database."""
    if not current_scope().can_write_records:  # the form is not drawn for others: a guard
        st.error(t("auth_record_read_only"))
        return
    try:
        saved = save_record(record, expected, who=who)
    except StaleRecord as stale:
        state["conflict"] = stale
        st.rerun()
    state.pop("conflict", None)
    state["version"] = saved.version
    state["generation"] += 1
    st.session_state[f"discussion_message_{suffix}"] = t("discussion_saved", version=saved.version)
    st.rerun()


def record_summary(record: Record | None, key: str = "discussion_summary") -> None:
    """A record's fields as plain text (what people typed is never read as Markdown), for
    comparing two versions side by side and for the read-only view."""
    if record is None:
        st.caption(t("discussion_not_saved"))
        return
    fields = [
        (t("discussion_held_on"), format_day(record.held_on)),
        (t("discussion_participants"), record.participants or "–"),
        (t("discussion_validated"), t("discussion_yes") if record.validated else "–"),
        (t("discussion_corrections_note"), record.corrections_note or "–"),
        (t("discussion_notes"), record.notes or "–"),
    ]
    for label, value in fields:
        st.markdown(f"**{escape_markdown(label)}**")
        st.text(value)
    st.markdown(f"**{escape_markdown(t('discussion_actions_label'))}**")
    if record.actions:
        actions = pd.DataFrame(
            {
                t("discussion_col_what"): [a.what for a in record.actions],
                t("discussion_col_who"): [a.who or "–" for a in record.actions],
                t("discussion_col_due"): [format_day(a.due) for a in record.actions],
                t("discussion_col_state"): [
                    t(f"discussion_state_{a.state}") for a in record.actions
                ],
            }
        )
        st.dataframe(actions, hide_index=True, width="stretch", key=f"{key}_actions")
    else:
        st.text("–")
    if record.corrections:
        fixes = ", ".join(f"{c.subtask_id}: {status_label(c.status)}" for c in record.corrections)
        st.markdown(f"**{escape_markdown(t('discussion_corrections_label'))}**")
        st.text(fixes)


def record_view(saved: Record | None) -> None:
    """The saved record, read only: for those who may see it but not write it."""
    st.header(t("discussion_record_header"))
    st.info(t("auth_record_read_only"), icon=":material/visibility:")
    if saved:
        saved_caption(saved)
    record_summary(saved, "discussion_view")


def conflict_section(suffix: str, state: dict) -> None:
    """Someone saved meanwhile: show theirs and ours; the user chooses, nothing is lost."""
    stale: StaleRecord | None = state.get("conflict")
    if stale is None:
        return
    current = stale.current
    st.error(
        t(
            "discussion_conflict",
            who=escape_markdown(current.saved_by) if current else "–",
            version=current.version if current else 0,
        ),
        icon=":material/sync_problem:",
    )
    theirs, mine = st.columns(2)
    with theirs.container(border=True):
        st.subheader(t("discussion_conflict_theirs"))
        record_summary(current, "discussion_theirs")
    with mine.container(border=True):
        st.subheader(t("discussion_conflict_mine"))
        record_summary(stale.attempted, "discussion_mine")
    load, keep = st.columns(2)
    if load.button(t("discussion_conflict_load"), key=f"discussion_{suffix}_load"):
        state.pop("conflict")
        state["version"] = current.version if current else 0
        state["generation"] += 1
        st.rerun()
    if keep.button(t("discussion_conflict_keep"), key=f"discussion_{suffix}_keep"):
        who = who_is_writing(recorder_name())
        if not who:
            st.error(t("discussion_need_recorder"))
            return
        save(suffix, state, stale.attempted, current.version if current else 0, who)


def recorder_name() -> str:
    return st.session_state.get("discussion_recorder_name", "")


# --- the page -------------------------------------------------------------------------------

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
