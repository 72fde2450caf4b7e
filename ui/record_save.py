"""Saving the discussion record: who is writing (the recorder's name next to the save
button), the save with its version check, and the panel shown when someone saved the same
record meanwhile. Takes the form's editing state and the Record to save."""

from __future__ import annotations

import streamlit as st

from loaders.store.discussions import Record, StaleRecord
from ui.auth import auth_configured, current_scope, who_is_writing
from ui.context import t
from ui.plain_text import escape_markdown
from ui.record_view import record_summary
from ui.writes import save_record


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


def recorder_name() -> str:
    """The name typed as 'Kirjaaja' during this visit (blank when none)."""
    return st.session_state.get("discussion_recorder_name", "")


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
