"""Real-world drift that must load cleanly: every form DOMAIN.md lists, checked through the
views the pages read."""

from datetime import date, datetime

import pytest

from loaders.ingest import ingest_paths
from tests.workbooks import HEADER, make_workbook, row


def _load(con, path):
    [result] = ingest_paths(con, [path])
    return result


def _status(con, subtask_id):
    return con.execute(
        "SELECT status, critical, expected_completion FROM v_subtask_status WHERE subtask_id = ?",
        [subtask_id],
    ).fetchone()


def test_a_clean_workbook_gives_exact_completion(con, tmp_path):
    path = make_workbook(
        tmp_path / "kainuu.xlsx",
        sheets={
            "HTT": [
                row("HTT-B-1.3"),
                row("HTT-B-1.4", "Aloitettu"),
                row("HTT-B-1.5", "Ei koske aluetta"),
                row("HTT-B-1.6", None, "Ei"),
            ],
            "ICT": [row("ICT-A-1.1", "Pitkällä", "Ei")],
        },
        observations=[["Riski", "HTT", "Rahoitus ei riitä", "Korkea", "Kyllä"]],
    )
    result = _load(con, path)
    assert (result.outcome, result.rows, result.observations) == ("loaded", 5, 1)
    got = con.execute(
        "SELECT group_code, scope, applicable, done, reported FROM v_completion "
        "WHERE group_code IN ('HTT', 'ICT', 'ALL') ORDER BY group_code, scope"
    ).fetchall()
    assert got == [
        ("ALL", "all", 556, 1, 3),
        ("ALL", "critical", 2, 1, 2),
        ("HTT", "all", 122, 1, 2),
        ("HTT", "critical", 2, 1, 2),
        ("ICT", "all", 119, 0, 1),
        ("ICT", "critical", 0, 0, 0),
    ]
    assert con.execute(
        "SELECT kind, group_code, severity, red_flag FROM v_observations"
    ).fetchall() == [("riski", "HTT", "korkea", True)]
    source = con.execute(
        "SELECT source_file, source_sheet, source_row FROM v_subtask_status "
        "WHERE subtask_id = 'HTT-B-1.4'"
    ).fetchone()
    assert source == ("kainuu.xlsx", "HTT", 3)


@pytest.mark.parametrize(
    ("sheet", "written_id", "entity", "expected_id"),
    [
        ("HTT", "HTT-B-1.3", None, "HTT-B-1.3"),
        ("HTT", "B-1.3", None, "HTT-B-1.3"),
        ("HTT", "1.3", "B", "HTT-B-1.3"),
        ("HTT", "1.3.", "B. Konsernitalous", "HTT-B-1.3"),
        ("Hallinto, talous ja tukipalvelu", "1.3", "B", "HTT-B-1.3"),
        ("J&O", "A-1.2", None, "JO-A-1.2"),
        ("Järjestäminen", " d-2.1 ", None, "JAR-D-2.1"),
        ("ICT-valmistelu", "E-4.6", None, "ICT-E-4.6"),
        ("HTT", "1.10", "A", "HTT-A-1.10"),
    ],
)
def test_subtask_ids_in_every_form(con, tmp_path, sheet, written_id, entity, expected_id):
    path = make_workbook(tmp_path / "w.xlsx", sheets={sheet: [row(written_id, entity=entity)]})
    result = _load(con, path)
    assert result.outcome == "loaded", result.problems
    assert _status(con, expected_id)[:2] == ("done", True)


def test_entity_carries_down_from_a_merged_or_blank_cell(con, tmp_path):
    rows = [row("1.3", entity="B. Konsernitalous"), row("1.4"), row("2.1"), row("1.1", entity="C")]
    _load(con, make_workbook(tmp_path / "w.xlsx", sheets={"HTT": rows}))
    done = {
        r[0]
        for r in con.execute(
            "SELECT subtask_id FROM v_subtask_status WHERE status = 'done'"
        ).fetchall()
    }
    assert done == {"HTT-B-1.3", "HTT-B-1.4", "HTT-B-2.1", "HTT-C-1.1"}


def test_title_rows_moved_and_extra_columns_and_odd_headers(con, tmp_path):
    header = ["  TILA ", "Muistiinpano", "tunnus", "KRIITTINEN", "arvioitu valmistumisaika"]
    rows = [["Pitkällä", "oma huomio", "HTT-B-1.3", "kyllä", "Q2/2022"]]
    path = make_workbook(tmp_path / "w.xlsx", sheets={"HTT": rows}, header=header, title_rows=2)
    assert _load(con, path).outcome == "loaded"
    assert _status(con, "HTT-B-1.3") == ("advanced", True, date(2022, 6, 30))


@pytest.mark.parametrize(
    ("written", "region_id"),
    [
        ("Kainuun hyvinvointialue", "kainuu"),
        ("KAINUU", "kainuu"),
        ("Kajanalands välfärdsområde", "kainuu"),
        ("Pohjois-Pohjanmaan hyvinvointialue", "pohjois-pohjanmaa"),
    ],
)
def test_region_in_any_usual_form(con, tmp_path, written, region_id):
    path = make_workbook(tmp_path / "w.xlsx", region=written, sheets={"HTT": [row("HTT-B-1.3")]})
    assert _load(con, path).region_id == region_id


@pytest.mark.parametrize(
    "written",
    [
        "2022-03",
        "3/2022",
        "03/2022",
        "maaliskuu 2022",
        "Maaliskuu 2022",
        datetime(2022, 3, 1),
        datetime(2022, 3, 17),
    ],
)
def test_month_in_any_usual_form(con, tmp_path, written):
    path = make_workbook(tmp_path / "w.xlsx", period=written, sheets={"HTT": [row("HTT-B-1.3")]})
    assert _load(con, path).period == date(2022, 3, 1)


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("Valmis", "done"),
        ("valmis", "done"),
        (" VALMIS\u00a0", "done"),
        ("Val\u200bmis", "done"),
        ("kesken", "started"),
        ("käynnissä", "started"),
        ("työn alla", "started"),
        ("edennyt", "advanced"),
        ("lähes valmis", "advanced"),
        ("loppusuoralla", "advanced"),
        ("tehty", "done"),
        ("valmistunut", "done"),
        ("ei relevantti", "not_applicable"),
        ("0 %", "not_started"),
        ("1 %", "started"),
        ("49 %", "started"),
        ("50 %", "advanced"),
        ("99 %", "advanced"),
        ("100 %", "done"),
        (0.5, "advanced"),
        (1, "done"),
        ("inte påbörjad", "not_started"),
        ("påbörjad", "started"),
        ("långt framskriden", "advanced"),
        ("klar", "done"),
        ("not started", "not_started"),
        ("in progress", "started"),
        ("advanced", "advanced"),
        ("done", "done"),
        (None, None),
    ],
)
def test_status_in_every_form(con, tmp_path, written, status):
    # Another row filled: a workbook with no status at all is no report (test_real_saves).
    rows = [row("HTT-B-1.3", written), row("HTT-B-1.4", "Valmis")]
    path = make_workbook(tmp_path / "w.xlsx", sheets={"HTT": rows})
    assert _load(con, path).outcome == "loaded"
    assert _status(con, "HTT-B-1.3")[0] == status


@pytest.mark.parametrize(
    ("written", "critical"),
    [
        ("Kyllä", True),
        ("Ei", False),
        ("K", True),
        ("E", False),
        ("kyllä", True),
        ("ei", False),
        ("X", True),
        ("x", True),
        (None, False),
    ],
)
def test_critical_in_every_form(con, tmp_path, written, critical):
    path = make_workbook(tmp_path / "w.xlsx", sheets={"HTT": [row("HTT-B-1.3", critical=written)]})
    _load(con, path)
    assert _status(con, "HTT-B-1.3")[1] is critical


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (datetime(2022, 3, 1), date(2022, 3, 1)),
        ("1.3.2022", date(2022, 3, 1)),
        ("3/2022", date(2022, 3, 31)),
        ("Q2/2022", date(2022, 6, 30)),
        ("kevät 2022", date(2022, 5, 31)),
        ("12.11.2022", date(2022, 11, 12)),
    ],
)
def test_dates_in_every_form(con, tmp_path, written, expected):
    path = make_workbook(tmp_path / "w.xlsx", sheets={"HTT": [row("HTT-B-1.3", expected=written)]})
    _load(con, path)
    assert _status(con, "HTT-B-1.3")[2] == expected


def test_missing_sheets_and_rows_count_as_not_reported(con, tmp_path):
    path = make_workbook(tmp_path / "w.xlsx", sheets={"YHD": [row("YHD-A-1.1")]}, complete=False)
    result = _load(con, path)
    # Loaded, but partial: a group without a sheet is never a silent zero.
    assert result.outcome == "partial"
    errors = {p.message_en for p in result.problems if p.severity == "error"}
    assert any("HTT is missing" in e and "Perustiedot, YHD, Huomiot" in e for e in errors)
    got = con.execute(
        "SELECT applicable, done, reported FROM v_completion "
        "WHERE group_code = 'HTT' AND scope = 'all'"
    ).fetchone()
    assert got == (123, 0, 0)


def test_header_labels_are_those_of_the_template():
    from loaders.reading.workbook_format import SUBTASK_COLUMNS

    assert list(SUBTASK_COLUMNS.values()) == HEADER
