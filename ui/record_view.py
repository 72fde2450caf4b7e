"""The saved discussion record read only: which version is saved and by whom, and a record's
fields as plain text. Takes a loaders.store.discussions.Record (or None when nothing is saved)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from common.texts import format_day
from loaders.store.discussions import Record
from ui.context import t
from ui.labels import status_label
from ui.plain_text import escape_markdown


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
