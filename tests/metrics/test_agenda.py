"""The discussion brief and the draft agenda, on a small region history counted by hand."""

from datetime import date

import pandas as pd
import pytest
from metrics_db import A, B, built, month

from loaders.store.discussions import Action, Record, save_discussion
from metrics.agenda import DETAIL_LINES, agenda_text, discussion_brief, draft_agenda

JAN = {
    "HTT-A-1.1": "!started",
    "HTT-A-1.2": "!advanced",
    "HTT-A-1.3": "done",
    "JO-A-1.1": "!not_started",
    "JO-A-1.2": "started",
}
FEB = {**JAN, "JO-A-1.1": "!started"}
MAR = {
    "HTT-A-1.1": "!started",  # the same in three reports in a row: stalled, critical
    "HTT-A-1.2": "!done",  # newly done
    "HTT-A-1.3": "advanced",  # moved back from done
    "JO-A-1.1": "!started",  # overdue since February: not new
    "JO-A-1.2": "advanced",  # moved forward
    "ICT-A-1.1": "!not_started",  # overdue for the first time
}


def observe(db, submission_id: int, rows) -> None:
    """Observations of any kind: (kind, text, severity, red_flag, group_code)."""
    for seq, (kind, text, severity, red_flag, group) in enumerate(rows, start=1):
        db.con.execute(
            "INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?, ?, 'Huomiot', ?)",
            [submission_id, seq, kind, group, text, severity, red_flag, seq + 1],
        )


def build(db):
    db.submit(A, "2022-01", JAN)
    feb = db.submit(A, "2022-02", FEB, due={"JO-A-1.1": "2022-02-15"})
    observe(
        db,
        feb,
        [
            ("riski", "Rahoitus riittämätön", "matala", False, None),
            ("riski", "Tietojärjestelmä myöhässä", "korkea", False, "ICT"),
            ("huomio", "Johtajuus puuttuu", None, True, None),
        ],
    )
    mar = db.submit(A, "2022-03", MAR, due={"JO-A-1.1": "2022-02-15", "ICT-A-1.1": "2022-03-31"})
    observe(
        db,
        mar,
        [
            ("riski", "Rahoitus  riittämätön", "matala", False, None),  # old, low: left out
            ("riski", "Henkilöstöpula", "kohtalainen", False, "JO"),  # new
            ("riski", "Tietojärjestelmä myöhässä", "korkea", False, "ICT"),  # old, high
            ("toive", "Kansallista ohjeistusta", None, False, "HTT"),
            ("huomio", "Johtajuus puuttuu", None, True, None),  # flagged since February
        ],
    )
    db.submit(B, "2022-03", {"HTT-A-1.1": "done"})
    # Records: January's actions are older than February's, March's is this month's own.
    save_discussion(
        db.con,
        Record(A, month("2022-01"), actions=(Action("Vanha asia", "Liisa"),)),
        expected_version=0,
        user="Fasilitaattori",
    )
    february = Record(
        A,
        month("2022-02"),
        held_on=date(2022, 2, 10),
        actions=(
            Action("Rahoitussuunnitelma", "Matti", date(2022, 3, 15), "in_progress"),
            Action("Tilannekuvan korjaus", "", None, "done"),
        ),
    )
    save_discussion(db.con, february, expected_version=0, user="Fasilitaattori")
    save_discussion(
        db.con,
        Record(A, month("2022-03"), actions=(Action("Tämän kuun asia"),)),
        expected_version=0,
        user="Fasilitaattori",
    )


@pytest.fixture(scope="module")
def con():
    with built(build) as connection:
        yield connection


@pytest.fixture(scope="module")
def brief(con):
    return discussion_brief(con, A, "2022-03", scope="all")


def column(frame: pd.DataFrame, name: str) -> list:
    return frame[name].tolist()


@pytest.mark.parametrize(
    ("key", "name", "expected"),
    [
        ("newly_done", "subtask_id", ["HTT-A-1.2"]),
        ("moved_forward", "subtask_id", ["JO-A-1.2"]),
        ("moved_back", "subtask_id", ["HTT-A-1.3"]),
        ("newly_overdue", "subtask_id", ["ICT-A-1.1"]),
        ("overdue", "subtask_id", ["JO-A-1.1", "ICT-A-1.1"]),
        ("overdue", "new", [False, True]),
        # Overdue and not started first, then the same status in three reports.
        ("stalled", "subtask_id", ["ICT-A-1.1", "HTT-A-1.1"]),
        ("stalled", "reason", ["due", "no_move"]),
        ("stalled", "submissions", [1, 3]),
        ("new_risks", "text", ["Henkilöstöpula", "Tietojärjestelmä myöhässä"]),
        ("new_risks", "new", [True, False]),
        ("wishes", "text", ["Kansallista ohjeistusta"]),
        ("flags_open", "text", ["Johtajuus puuttuu"]),
        ("flags_open", "months_open", [2]),
        ("flags_raised", "text", []),  # flagged in February already
        ("flags_lowered", "text", []),
        ("previous_actions", "what", ["Rahoitussuunnitelma", "Tilannekuvan korjaus"]),
        ("previous_actions", "state", ["in_progress", "done"]),
    ],
)
def test_brief(brief, key, name, expected):
    assert column(brief[key], name) == expected


def test_brief_keys_the_packs_rely_on(brief):
    for key in (
        "newly_done",
        "moved_forward",
        "moved_back",
        "newly_overdue",
        "stalled",
        "new_risks",
        "wishes",
        "flags_raised",
        "flags_lowered",
        "previous_actions",
    ):
        assert isinstance(brief[key], pd.DataFrame), key
    assert set(brief["previous_actions"]["period"]) == {pd.Timestamp("2022-02-01")}


def test_the_critical_scope_counts_critical_moves_only(con):
    # HTT-A-1.2 (critical) was done; JO-A-1.2 and HTT-A-1.3 (not critical) moved too.
    brief = discussion_brief(con, A, "2022-03", scope="critical")
    assert column(brief["newly_done"], "subtask_id") == ["HTT-A-1.2"]
    assert brief["moved_forward"].empty and brief["moved_back"].empty
    assert brief["stalled"]["critical"].all()
    progress = next(i for i in draft_agenda(brief, "fi", "critical") if i["section"] == "progress")
    assert progress["detail"].splitlines()[0] == (
        "- 1 osatehtävää valmistui ja 0 eteni edellisestä raportista. (Kriittiset osatehtävät.)"
    )


def test_the_agenda_says_which_scope_it_counts(brief):
    progress = next(i for i in draft_agenda(brief, "en", "all") if i["section"] == "progress")
    assert progress["detail"].splitlines()[0].endswith("(All subtasks.)")


def test_agenda_order_and_sections(brief):
    items = draft_agenda(brief, "fi", "all")
    assert [item["section"] for item in items] == [
        "flags",
        "regressions",
        "overdue",
        "stalled",
        "risks",
        "wishes",
        "actions",
        "progress",
        "next_steps",
    ]
    assert [item["order"] for item in items] == list(range(1, 10))
    by_section = {item["section"]: item for item in items}
    assert by_section["flags"]["title"] == "Punaiset liput"
    assert by_section["flags"]["detail"] == "- Lippu auki 2 kk: Johtajuus puuttuu"
    assert "(Valmis → Pitkällä)" in by_section["regressions"]["detail"]
    # The longest overdue first; the newly overdue one says so.
    overdue = by_section["overdue"]["detail"].splitlines()
    assert overdue[0].startswith("- JO-A-1.1") and "määräaika 15.2.2022" in overdue[0]
    assert overdue[1].startswith("- ICT-A-1.1") and overdue[1].endswith("uusi)")
    assert "Matti, 15.3.2022: Käynnissä" in by_section["actions"]["detail"]


def test_agenda_in_english(brief):
    items = draft_agenda(brief, "en", "all")
    titles = [item["title"] for item in items]
    assert titles[0] == "Red flags" and titles[-1] == "Next steps"
    assert "(Done → Advanced)" in items[1]["detail"]
    text = agenda_text(items)
    assert text.startswith("1. Red flags\n   - Flag open for 2 months")
    assert "\n\n9. Next steps\n" in text


def test_quiet_month_has_only_next_steps(con):
    items = draft_agenda(discussion_brief(con, B, "2022-03"), "fi")
    assert [item["section"] for item in items] == ["next_steps"]


def test_no_submission_gives_empty_brief(con):
    brief = discussion_brief(con, B, "2022-02")
    assert all(frame.empty for frame in brief.values())


def test_long_sections_are_cut_and_counted(brief):
    many = pd.DataFrame(
        {
            "kind": "toive",
            "group_code": None,
            "text": [f"Toive {n}" for n in range(DETAIL_LINES + 3)],
            "severity": None,
            "red_flag": False,
            "new": False,
        }
    )
    items = draft_agenda({**brief, "wishes": many}, "en")
    wishes = next(item for item in items if item["section"] == "wishes")
    lines = wishes["detail"].splitlines()
    assert len(lines) == DETAIL_LINES + 1
    assert lines[-1] == "- … and 3 more"
