"""The record of the monthly discussion as one form (date, participants, agenda, validation
and corrections, notes, agreed actions), checked and saved with the version check. Takes the
region, the month, the saved Record (or None), the draft agenda and the roadmap's subtask ids."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from common.texts import translate
from loaders.store.discussions import (
    ACTION_STATES,
    STATUSES,
    Action,
    Correction,
    Record,
)
from ui.auth import who_is_writing
from ui.context import language, t
from ui.record_save import conflict_section, recorder, recorder_name, save
from ui.record_view import saved_caption

DATE_FORMAT = "D.M.YYYY"  # momentjs, for table columns
INPUT_DATE_FORMAT = "DD.MM.YYYY"  # what st.date_input accepts


def form_state(suffix: str, saved: Record | None) -> dict:
    """This visit's editing state for one region and month: the version being edited and a
    generation number in the widget keys (a new one reloads the widgets from the database)."""
    state = st.session_state.setdefault(f"discussion_{suffix}", {})
    if "version" not in state:
        state["version"] = saved.version if saved else 0
        state["generation"] = 0
    return state


def actions_frame(record: Record | None) -> pd.DataFrame:
    """The record's agreed actions as the actions editor takes them (one blank frame when
    nothing is saved)."""
    frame = record.actions_frame() if record else Record("", date.today()).actions_frame()
    frame = frame.drop(columns="seq").astype({"what": "string", "who": "string"})
    frame["due"] = pd.to_datetime(frame["due"]).dt.date
    return frame.astype({"state": "object"})


def corrections_frame(record: Record | None) -> pd.DataFrame:
    """The record's corrections as the corrections editor takes them."""
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
