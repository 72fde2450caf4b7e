"""The facilitator's brief for the monthly discussion with a region, and a draft agenda built
from it. The brief only gathers what metrics/changes.py, overdue.py and flags.py already
compute, plus the region's observations and the actions agreed last time; the agenda puts
it in the order the discussion goes through it."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from common.texts import translate
from loaders.store.discussions import previous_actions
from metrics.calendar import as_month
from metrics.changes import changes_since_previous
from metrics.flags import open_red_flags
from metrics.overdue import TOP, overdue_subtasks, stalled_subtasks

# The agenda's sections in discussion order; titles are data/i18n/discussion.csv
# agenda_section_<code>. next_steps is always on the agenda, the others when they have items.
SECTIONS = (
    "flags",
    "regressions",
    "overdue",
    "stalled",
    "risks",
    "wishes",
    "actions",
    "progress",
    "next_steps",
)
# At most this many lines of detail per agenda item, the most urgent first; the rest is
# counted ("and 3 more") and is on the discussion page and in the pack's Excel file.
DETAIL_LINES = TOP
OBSERVATION_COLUMNS = ["kind", "group_code", "text", "severity", "red_flag", "new"]


def _observations(
    con: duckdb.DuckDBPyConnection, region_id: str, period: date, new_texts: pd.Series
) -> pd.DataFrame:
    """The month's observations: OBSERVATION_COLUMNS (new: not in the previous submission)."""
    frame = con.execute(
        """
        SELECT kind, group_code, text, severity, red_flag FROM v_observations
        WHERE region_id = ? AND period = ?
        """,
        [region_id, period],
    ).df()
    return frame.assign(new=frame["text"].isin(new_texts))


def discussion_brief(
    con: duckdb.DuckDBPyConnection, region_id: str, period: date | str, scope: str = "critical"
) -> dict[str, pd.DataFrame]:
    """What the facilitator goes through with `region_id` for the reporting month `period`,
    as DataFrames keyed by:

    newly_done, moved_forward, moved_back, newly_overdue, flags_raised, flags_lowered — as
    metrics.changes.changes_since_previous in `scope` ('critical' or 'all'; against the
    previous submission);
    overdue — every overdue critical subtask (metrics.overdue.overdue_subtasks, longest
    overdue first) plus new (bool: not overdue in the previous submission);
    stalled — the stalled subtasks in `scope` (stalled_subtasks: most urgent first; since =
    first month of the run, submissions = its length, reason);
    new_risks — the month's risks (kind riski) that are new since the previous submission
    or of high severity (korkea); wishes — the month's wishes for national support (kind
    toive); flags_open — the month's flagged observations; all three with
    OBSERVATION_COLUMNS, flags_open also with raised (first month of the current run of
    flags) and months_open (as metrics.flags.open_red_flags);
    previous_actions — the actions agreed in the previous discussion with their state
    (loaders.store.discussions.previous_actions).

    Everything but previous_actions is empty when the region has no submission for
    `period`."""
    month = as_month(period)
    changes = changes_since_previous(con, region_id=region_id, period=month, scope=scope)
    brief = {
        key: changes[key]
        for key in (
            "newly_done",
            "moved_forward",
            "moved_back",
            "newly_overdue",
            "flags_raised",
            "flags_lowered",
        )
    }
    overdue = overdue_subtasks(con, period=month, region_id=region_id)
    brief["overdue"] = overdue.assign(
        new=overdue["subtask_id"].isin(changes["newly_overdue"]["subtask_id"])
    )
    brief["stalled"] = stalled_subtasks(con, period=month, region_id=region_id, scope=scope)
    observations = _observations(con, region_id, month, changes["new_observations"]["text"])
    risks = observations[observations["kind"] == "riski"]
    brief["new_risks"] = risks[risks["new"] | (risks["severity"] == "korkea")].reset_index(
        drop=True
    )
    brief["wishes"] = observations[observations["kind"] == "toive"].reset_index(drop=True)
    flags = open_red_flags(con, period=month)
    own = flags[flags["region_id"] == region_id]
    flagged = observations[observations["red_flag"]].reset_index(drop=True)
    brief["flags_open"] = flagged.assign(
        raised=own["raised"].iloc[0] if len(own) else None,
        months_open=int(own["months_open"].iloc[0]) if len(own) else 0,
    )
    brief["previous_actions"] = previous_actions(con, region_id, month)
    return brief


def _date(value: object) -> str:
    if value is None or pd.isna(value):
        return "–"
    day = pd.Timestamp(value)
    return f"{day.day}.{day.month}.{day.year}"


def _status(code: object, lang: str) -> str:
    if code is None or pd.isna(code):
        return translate("status_none", lang)
    return translate(f"status_{code}", lang)


def _subtask(row: pd.Series) -> str:
    return f"{row['subtask_id']} {row['subtask_name']}"


def _lines(items: list[str], lang: str) -> str:
    """Bulleted lines, at most DETAIL_LINES, the rest counted."""
    shown = [f"- {item}" for item in items[:DETAIL_LINES]]
    if len(items) > DETAIL_LINES:
        shown.append(f"- {translate('agenda_more', lang, count=len(items) - DETAIL_LINES)}")
    return "\n".join(shown)


def stalled_line(row: pd.Series, lang: str) -> str:
    """One stalled subtask in words, with why it counts as stalled and when it is due."""
    if row["reason"] == "no_move":
        return translate(
            "agenda_stalled",
            lang,
            subtask=_subtask(row),
            status=_status(row["status"], lang),
            count=int(row["submissions"]),
        )
    return translate(
        f"agenda_stalled_{row['reason']}",
        lang,
        subtask=_subtask(row),
        due=_date(row["expected_completion"]),
    )


def _section_lines(code: str, brief: dict[str, pd.DataFrame], lang: str, scope: str) -> list[str]:
    """The detail lines of one section (empty: nothing to discuss under it)."""

    def tr(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    if code == "flags":
        lines = []
        for _, row in brief["flags_open"].iterrows():
            if row["months_open"] <= 1:
                lines.append(tr("agenda_flag_raised", text=row["text"]))
            else:
                lines.append(
                    tr("agenda_flag_open", text=row["text"], months=int(row["months_open"]))
                )
        for _, row in brief["flags_lowered"].iterrows():
            lines.append(tr("agenda_flag_lowered", text=row["text"]))
        return lines
    if code == "regressions":
        return [
            tr(
                "agenda_move",
                subtask=_subtask(row),
                before=_status(row["previous_status"], lang),
                now=_status(row["status"], lang),
            )
            for _, row in brief["moved_back"].iterrows()
        ]
    if code == "overdue":
        overdue = brief["overdue"]  # the longest overdue first
        return [
            tr(
                "agenda_overdue_new" if row["new"] else "agenda_overdue",
                subtask=_subtask(row),
                status=_status(row["status"], lang),
                due=_date(row["since"]),
            )
            for _, row in overdue.iterrows()
        ]
    if code == "stalled":
        return [stalled_line(row, lang) for _, row in brief["stalled"].iterrows()]
    if code in ("risks", "wishes"):
        frame = brief["new_risks" if code == "risks" else "wishes"]
        lines = []
        for _, row in frame.iterrows():
            tags = [row["group_code"]] if isinstance(row["group_code"], str) else []
            if row["severity"] == "korkea":
                tags.append(tr("agenda_high"))
            if row["new"]:
                tags.append(tr("agenda_new"))
            lines.append(f"{row['text']} ({', '.join(tags)})" if tags else row["text"])
        return lines
    if code == "actions":
        return [
            tr(
                "agenda_action",
                what=row["what"],
                who=row["who"] or "–",
                due=_date(row["due"]),
                state=tr(f"discussion_state_{row['state']}"),
            )
            for _, row in brief["previous_actions"].iterrows()
        ]
    if code == "progress":
        done, forward = len(brief["newly_done"]), len(brief["moved_forward"])
        if not done and not forward:
            return []
        lines = [
            f"{tr('agenda_progress', done=done, forward=forward)} {tr(f'agenda_scope_{scope}')}"
        ]
        lines += [_subtask(row) for _, row in brief["newly_done"].iterrows()]
        return lines
    if code == "next_steps":
        return [tr("agenda_next_steps_detail")]
    raise ValueError(f"unknown agenda section {code!r}")


def draft_agenda(brief: dict[str, pd.DataFrame], lang: str, scope: str = "critical") -> list[dict]:
    """A draft agenda from discussion_brief(..., scope=`scope`) in `lang` ('fi' or 'en'),
    saying which scope its progress counts cover: red flags and
    regressions first, then overdue and stalled critical work, new risks, wishes, the actions
    from last time, progress to validate, and next steps (SECTIONS). A section with nothing
    in it is left out; next steps is always there. Lists go most urgent first. Items:
    {"order": 1, 2, …, "section": code of SECTIONS, "title": the section's title, "detail":
    bulleted lines ('- …', at most DETAIL_LINES and a count of the rest)}."""
    items = []
    for code in SECTIONS:
        lines = _section_lines(code, brief, lang, scope)
        if not lines:
            continue
        items.append(
            {
                "order": len(items) + 1,
                "section": code,
                "title": translate(f"agenda_section_{code}", lang),
                "detail": _lines(lines, lang),
            }
        )
    return items


def agenda_text(items: list[dict]) -> str:
    """The agenda as plain text to edit or print: '1. Title' and its indented detail lines,
    items separated by a blank line."""
    blocks = []
    for item in items:
        detail = "\n".join(f"   {line}" for line in item["detail"].splitlines())
        blocks.append(f"{item['order']}. {item['title']}\n{detail}".rstrip())
    return "\n\n".join(blocks)


def validated_corrections(
    con: duckdb.DuckDBPyConnection, *, period: date | str, region_id: str | None = None
) -> pd.DataFrame:
    """The subtasks whose status was corrected in the monthly discussion for `period` (one
    region or all): the validated status is official, the self-reported one is what the
    workbook said. Columns: region_id, period, subtask_id, group_code, subtask_name, status
    (official), self_reported_status (NULL when not reported), saved_by, saved_at; in region
    and roadmap order."""
    return con.execute(
        """
        SELECT o.region_id, o.period, o.subtask_id, o.group_code, s.subtask_name, o.status,
               o.self_reported_status, c.saved_by, c.saved_at
        FROM v_subtask_status_official o
        JOIN v_discussion_corrections c USING (region_id, period, subtask_id)
        JOIN subtasks s USING (subtask_id)
        JOIN regions r USING (region_id)
        WHERE o.period = $period AND ($region IS NULL OR o.region_id = $region)
        ORDER BY r.sort_order, s.sort_key
        """,
        {"period": as_month(period), "region": region_id},
    ).df()
