"""The Keskustelun valmistelu page on a copy of the sample: the brief and the draft agenda
equal the metrics, a saved record survives a rerun, a second tab and a restart, a tab with a
stale version gets the conflict and overwrites nothing, and the labels switch to English."""

import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from common.texts import translate
from loaders.store.database import open_database
from loaders.store.discussions import Correction, Record, discussion_record, save_discussion
from loaders.store.live import close_all
from metrics.agenda import agenda_text, discussion_brief, draft_agenda
from metrics.completion import available_periods
from metrics.overdue import overdue_stalled_counts
from tests.conftest import ROOT

REGION = "lappi"


@pytest.fixture
def db(sample_db_file, tmp_path, monkeypatch):
    """A copy of the sample that the page may write to."""
    path = tmp_path / "tilannekuva.duckdb"
    shutil.copyfile(sample_db_file, path)
    monkeypatch.setenv("TILANNEKUVA_DB", str(path))
    return path


@pytest.fixture
def period(db):
    con = open_database(db)
    try:
        return available_periods(con)[-1]
    finally:
        con.close()


def open_page(
    lang: str = "fi", script: str = "pages/discussion.py", region: str = REGION
) -> AppTest:
    """A new browser tab on the page for `region` (Lappi) in the latest month."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.query_params["alue"] = region
    if lang != "fi":
        app.query_params["lang"] = lang
    app.run()
    app.switch_page(script)
    app.run()
    assert not app.exception, app.exception
    return app


def labelled(widgets, label: str):
    found = [w for w in widgets if w.label == label]
    assert len(found) == 1, (label, [w.label for w in widgets])
    return found[0]


def fill(app: AppTest, *, recorder: str, participants: str, notes: str) -> AppTest:
    app.text_input(key="discussion_recorder").input(recorder)
    labelled(app.text_input, "Osallistujat").input(participants)
    labelled(app.text_area, "Muistiinpanot").input(notes)
    return app


def save(app: AppTest) -> AppTest:
    labelled(app.button, "Tallenna muistio").click()
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_brief_and_draft_agenda_equal_the_metrics(db, period):
    app = open_page()
    con = open_database(db)
    try:
        brief = discussion_brief(con, REGION, period)
    finally:
        con.close()
    assert app.title[0].value == "Lappi: keskustelun valmistelu"
    counts = {m.label: int(m.value) for m in app.metric}
    assert counts["Valmistuneet"] == len(brief["newly_done"])
    assert counts["Edenneet"] == len(brief["moved_forward"])
    assert counts["Uudet tai vakavat riskit"] == len(brief["new_risks"])
    assert counts["Toiveet"] == len(brief["wishes"])
    assert sum(counts.values()) > 0, "the sample month has something to discuss"
    agenda = labelled(app.text_area, "Esityslista (muokattava)").value
    assert agenda == agenda_text(draft_agenda(brief, "fi"))
    assert agenda.rstrip().endswith("Sovitaan toimenpiteet, vastuut ja aikataulu.")
    assert "Muistiota ei ole vielä tallennettu." in [c.value for c in app.caption]


def test_saving_needs_a_recorder(db, period):
    app = open_page()
    labelled(app.text_area, "Muistiinpanot").input("Ilman nimeä")
    save(app)
    assert [e.value for e in app.error] == [translate("discussion_need_recorder", "fi")]
    con = open_database(db)
    try:
        assert discussion_record(con, REGION, period) is None
    finally:
        con.close()


def test_a_saved_record_survives_rerun_second_tab_and_restart(db, period):
    app = fill(open_page(), recorder="Liisa F", participants="Liisa, Matti", notes="Hyvä kk")
    save(app)
    assert [s.value for s in app.success] == ["Muistio tallennettu (versio 1)."]
    assert labelled(app.text_input, "Osallistujat").value == "Liisa, Matti"
    app.run()  # a rerun keeps it
    assert labelled(app.text_area, "Muistiinpanot").value == "Hyvä kk"

    second = open_page()  # another tab: a new session, the same process
    assert labelled(second.text_input, "Osallistujat").value == "Liisa, Matti"
    assert any("Tallennettu versio 1: Liisa F" in c.value for c in second.caption)

    st.cache_resource.clear()  # a restart: the database handle is opened again
    close_all()
    st.cache_data.clear()
    restarted = open_page()
    assert labelled(restarted.text_area, "Muistiinpanot").value == "Hyvä kk"
    con = open_database(db)
    try:
        record = discussion_record(con, REGION, period)
    finally:
        con.close()
    assert (record.version, record.saved_by, record.notes) == (1, "Liisa F", "Hyvä kk")


def test_a_stale_tab_gets_the_conflict_and_overwrites_nothing(db, period):
    first, second = open_page(), open_page()  # both open before either saves
    save(fill(first, recorder="Ensimmäinen", participants="A", notes="Ensimmäisen muistio"))
    save(fill(second, recorder="Toinen", participants="B", notes="Toisen muistio"))
    errors = [e.value for e in second.error]
    assert errors == [translate("discussion_conflict", "fi", who="Ensimmäinen", version=1)]
    shown = " ".join(m.value for m in [*second.markdown, *second.text])
    assert "Ensimmäisen muistio" in shown and "Toisen muistio" in shown  # both versions
    con = open_database(db)
    try:
        assert discussion_record(con, REGION, period).notes == "Ensimmäisen muistio"
    finally:
        con.close()

    # The user chooses to keep theirs: it becomes version 2, the first stays in history.
    labelled(second.button, "Tallenna omat muutokseni uudeksi versioksi").click()
    second.run()
    assert [s.value for s in second.success] == ["Muistio tallennettu (versio 2)."]
    con = open_database(db)
    try:
        record = discussion_record(con, REGION, period)
        versions = con.execute("SELECT count(*) FROM discussions").fetchone()[0]
    finally:
        con.close()
    assert (record.version, record.notes, record.saved_by, versions) == (
        2,
        "Toisen muistio",
        "Toinen",
        2,
    )


def test_english_labels(db):
    app = open_page("en")
    assert app.title[0].value == "Lappi: discussion preparation"
    assert [h.value for h in app.header] == [
        "Changes and issues",
        "Agenda",
        "Record of the discussion",
    ]
    assert (
        labelled(app.text_area, "Agenda (editable)")
        .value.rstrip()
        .endswith("Agree the actions, who does them and by when.")
    )
    assert labelled(app.button, "Save the record")
    assert app.text_input(key="discussion_recorder").label == "Recorder"


def test_region_page_marks_corrected_subtasks(db, period):
    con = open_database(db)
    try:
        row = con.execute(
            """
            SELECT subtask_id, status FROM v_subtask_status
            WHERE region_id = ? AND period = ? AND status = 'started'
            ORDER BY subtask_id LIMIT 1
            """,
            [REGION, period],
        ).fetchone()
        before = con.execute(
            "SELECT done FROM v_completion WHERE region_id = ? AND period = ? "
            "AND scope = 'all' AND group_code = 'ALL'",
            [REGION, period],
        ).fetchone()[0]
        record = Record(REGION, period, corrections=(Correction(row[0], "done"),))
        save_discussion(con, record, expected_version=0, user="F")
        after = con.execute(
            "SELECT done FROM v_completion WHERE region_id = ? AND period = ? "
            "AND scope = 'all' AND group_code = 'ALL'",
            [REGION, period],
        ).fetchone()[0]
    finally:
        con.close()
    assert after == before + 1
    app = open_page(script="pages/region.py")
    assert "Keskustelussa vahvistetut korjaukset (1)" in [s.value for s in app.subheader]
    (table,) = [d.value for d in app.dataframe if "Alueen ilmoittama" in d.value.columns]
    assert table.iloc[0].tolist()[:3] == [row[0], "Valmis", translate(f"status_{row[1]}", "fi")]


def test_key_sections_are_open_and_texts_are_shown_whole(db, period):
    app = open_page()
    opened = {e.label.split(" (")[0]: e.proto.expanded for e in app.expander}
    for section in (
        "Myöhässä olevat kriittiset osatehtävät",
        "Pysähtyneet osatehtävät",
        "Uudet ja vakavat riskit",
        "Toiveet kansalliselle tuelle",
        "Esityslistaluonnos",
    ):
        matching = [label for label in opened if label.startswith(section)]
        assert matching, (section, sorted(opened))
        assert all(opened[label] for label in matching), section
    con = open_database(db)
    try:
        brief = discussion_brief(con, REGION, period)
    finally:
        con.close()
    # Observation texts sit in wrapped rows (st.table), never in a grid that cuts them.
    wrapped = {text for table in app.table for text in table.value.get("Teksti", [])}
    cut = {text for frame in app.dataframe for text in frame.value.get("Teksti", [])}
    assert set(brief["new_risks"]["text"]) | set(brief["wishes"]["text"]) <= wrapped
    assert not cut


def test_the_recorder_s_name_sits_next_to_the_save_button(db):
    app = open_page()
    columns = list(app.columns)
    at = next(
        i
        for i, column in enumerate(columns)
        if any(w.key == "discussion_recorder" for w in column.text_input)
    )
    assert [b.label for b in columns[at + 1].button] == ["Tallenna muistio"]
    assert not app.sidebar.text_input


def test_long_lists_show_the_ten_most_urgent_and_count_the_rest(db, period):
    con = open_database(db)
    try:
        # The region with the most overdue work in the latest month.
        counts = overdue_stalled_counts(con, period=period)
        region = counts.sort_values("overdue").iloc[-1]["region_id"]
        brief = discussion_brief(con, region, period)
    finally:
        con.close()
    overdue = brief["overdue"]
    assert len(overdue) > 10, "12/2022 leaves more overdue critical work than one screen"
    app = open_page(region=region)
    tables = [
        t.value
        for t in app.table
        if "Määräaika" in t.value.columns and "Miksi pysähtynyt" not in t.value.columns
    ]
    top, everything = tables[0], tables[1]
    assert list(top["Tunnus"]) == list(overdue["subtask_id"].head(10))
    assert list(everything["Tunnus"]) == list(overdue["subtask_id"])
    assert f"… ja {len(overdue) - 10} muuta" in " ".join(c.value for c in app.caption)
    agenda = labelled(app.text_area, "Esityslista (muokattava)").value
    assert f"… ja {len(overdue) - 10} muuta" in agenda
