"""The region template writer: real .xlsx files written to tmp_path and read back with openpyxl,
and pre-filling from a real DuckDB."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from common import catalogue
from loaders.reading.workbook_format import OBSERVATION_COLUMNS, SUBTASK_COLUMNS
from loaders.store.database import open_database
from loaders.template import writer as template
from loaders.template.writer import ObservationValues, SubtaskValues

PERIOD = date(2022, 3, 1)
GROUP_SHEETS = ["HTT", "JO", "JAR", "YHD", "ICT"]


def _write(tmp_path: Path, **kwargs) -> openpyxl.Workbook:
    kwargs.setdefault("default_critical", ())
    path = template.write_workbook(tmp_path / "out" / "pohja.xlsx", "ita-uusimaa", PERIOD, **kwargs)
    return openpyxl.load_workbook(path)


def _header_row(sheet) -> int:
    """The first row whose column A says Tunnus or Tyyppi, found the way a reader would."""
    for row in range(1, 10):
        if sheet.cell(row=row, column=1).value in ("Tunnus", "Tyyppi"):
            return row
    raise AssertionError(f"no header row in {sheet.title}")


def _row_of(sheet, subtask_id: str) -> dict[str, object]:
    header = _header_row(sheet)
    labels = [c.value for c in sheet[header]]
    for cells in sheet.iter_rows(min_row=header + 1):
        if cells[0].value == subtask_id:
            return {label: cell for label, cell in zip(labels, cells, strict=True)}
    raise AssertionError(f"{subtask_id} not in {sheet.title}")


def _validations(sheet) -> dict[str, tuple[str, str, bool]]:
    """Column letter -> (formula, covered range, shows an error) for each drop-down."""
    found = {}
    for dv in sheet.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            # Every column in the template is a single letter.
            found[cell_range.coord[0]] = (dv.formula1, cell_range.coord, bool(dv.showErrorMessage))
    return found


def test_sheets_in_order(tmp_path):
    book = _write(tmp_path)
    assert book.sheetnames == ["Perustiedot", *GROUP_SHEETS, "Huomiot", "Ohjeet"]


@pytest.mark.parametrize("code", GROUP_SHEETS)
def test_every_subtask_once_on_its_group_sheet(tmp_path, code):
    sheet = _write(tmp_path)[code]
    header = _header_row(sheet)
    assert header == 2
    assert [c.value for c in sheet[header]] == list(SUBTASK_COLUMNS.values())
    ids = [row[0] for row in sheet.iter_rows(min_row=header + 1, values_only=True)]
    expected = [s.subtask_id for s in catalogue.subtasks() if s.group_code == code]
    assert expected, "catalogue has no subtasks for this group"
    assert ids == expected
    assert sheet.cell(row=1, column=1).value.startswith(f"{code} – ")
    assert sheet.cell(row=1, column=1).value.endswith(": tilannekuva 2022-03")


@pytest.mark.parametrize(
    ("subtask_id", "entity", "task", "name"),
    [
        (
            "HTT-B-1.3",
            "B. Konsernitalous",
            "1. Talouden suunnittelu ja esivalmistelut VATE:n aikana",
            "Tilikartan laatiminen ja kirjanpidon aloittaminen",
        ),
        ("ICT-A-1.1", "A. Hallinnolliset tehtävät", "1. Nykytilan kartoitus", None),
    ],
)
def test_catalogue_columns(tmp_path, subtask_id, entity, task, name):
    row = _row_of(_write(tmp_path)[subtask_id.split("-")[0]], subtask_id)
    assert row["Tehtäväkokonaisuus"].value == entity
    assert row["Tehtävä"].value == task
    if name:
        assert row["Osatehtävä"].value == name
    assert row["Kriittinen"].value == "Ei"
    assert row["Tila"].value is None


def test_perustiedot(tmp_path):
    sheet = _write(tmp_path, filled_by="Maija Meikäläinen", updated=datetime(2022, 3, 4, 9, 30))[
        "Perustiedot"
    ]
    pairs = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert pairs == {
        "Hyvinvointialue": "Itä-Uudenmaan hyvinvointialue",
        "Raportointikuukausi": "2022-03",
        "Täyttäjä": "Maija Meikäläinen",
        "Päivitetty": datetime(2022, 3, 4, 9, 30),
        "Pohjan versio": 1,
    }
    assert sheet["B4"].is_date
    assert all(sheet.cell(row=r, column=1).font.b for r in range(1, 6))


def test_perustiedot_blank_when_not_given(tmp_path):
    sheet = _write(tmp_path)["Perustiedot"]
    assert sheet["A3"].value == "Täyttäjä" and sheet["B3"].value is None
    assert sheet["A4"].value == "Päivitetty" and sheet["B4"].value is None


@pytest.mark.parametrize("code", GROUP_SHEETS)
def test_group_sheet_frame(tmp_path, code):
    sheet = _write(tmp_path)[code]
    last = 2 + sum(1 for s in catalogue.subtasks() if s.group_code == code)
    assert sheet.freeze_panes == "B3"
    assert sheet.auto_filter.ref == f"A2:I{last}"
    assert sheet["F2"].font.b and sheet["F2"].fill.fgColor.rgb.endswith("DDEBF7")
    # Excel shows the width set; the file adds the cell padding (50 -> 50.71).
    assert int(sheet.column_dimensions["D"].width) == 50
    assert int(sheet.column_dimensions["H"].width) == 45
    assert sheet.cell(row=3, column=4).alignment.wrap_text
    dropdowns = _validations(sheet)
    assert dropdowns == {
        "E": ('"Kyllä,Ei"', f"E3:E{last}", False),
        "F": ('"Ei aloitettu,Aloitettu,Pitkällä,Valmis,Ei koske aluetta"', f"F3:F{last}", False),
    }


def test_observation_sheet_dropdowns_reach_the_empty_rows(tmp_path):
    observations = [ObservationValues("Riski", "HTT", "Rahoitus ei riitä", "Korkea", True)]
    sheet = _write(tmp_path, observations=observations)["Huomiot"]
    assert [c.value for c in sheet[2]] == list(OBSERVATION_COLUMNS.values())
    last = 2 + 1 + 30
    assert _validations(sheet) == {
        "A": ('"Huomio,Toive,Riski"', f"A3:A{last}", False),
        "B": ('"HTT,JO,JAR,YHD,ICT"', f"B3:B{last}", False),
        "D": ('"Matala,Kohtalainen,Korkea"', f"D3:D{last}", False),
        "E": ('"Kyllä,Ei"', f"E3:E{last}", False),
    }
    assert sheet.freeze_panes == "B3"


@pytest.mark.parametrize(
    ("observation", "row"),
    [
        (
            ObservationValues("Riski", "HTT", "Rahoitus ei riitä", "Korkea", True),
            ("Riski", "HTT", "Rahoitus ei riitä", "Korkea", "Kyllä"),
        ),
        (
            ObservationValues("toive", None, "Vertailu muihin alueisiin", None),
            ("toive", None, "Vertailu muihin alueisiin", None, "Ei"),
        ),
        (
            ObservationValues("Huomio", "ICT", "Aikataulu", "kohtalainen", "kyllä!"),
            ("Huomio", "ICT", "Aikataulu", "kohtalainen", "kyllä!"),
        ),
    ],
)
def test_observation_written_as_given(tmp_path, observation, row):
    sheet = _write(tmp_path, observations=[observation])["Huomiot"]
    assert next(sheet.iter_rows(min_row=3, max_row=3, values_only=True)) == row
    assert sheet["A4"].value is None


@pytest.mark.parametrize(
    ("given", "critical", "status", "completion", "completion_is_date"),
    [
        (SubtaskValues(True, "Valmis", date(2022, 3, 31), "Tehty", "Ei"), "Kyllä", "Valmis",
         datetime(2022, 3, 31), True),
        (SubtaskValues(False, "kesken", "Q2/2022"), "Ei", "kesken", "Q2/2022", False),
        (SubtaskValues(status="50 %", expected_completion="3/2022"), "Ei", "50 %", "3/2022",
         False),
    ],
)  # fmt: skip
def test_values_written_where_they_belong(
    tmp_path, given, critical, status, completion, completion_is_date
):
    book = _write(tmp_path, values={"HTT-B-1.3": given}, default_critical={"HTT-B-1.3"})
    row = _row_of(book["HTT"], "HTT-B-1.3")
    assert row["Kriittinen"].value == critical
    assert row["Tila"].value == status
    assert row["Arvioitu valmistumisaika"].value == completion
    assert row["Arvioitu valmistumisaika"].is_date is completion_is_date
    if completion_is_date:
        assert row["Arvioitu valmistumisaika"].number_format == "d.m.yyyy"
    assert row["Tilanne ja seuraavat askeleet"].value == given.comment
    assert row["Haasteet ja tuen tarve"].value == given.challenges
    # A neighbour without values keeps an empty row.
    assert _row_of(book["HTT"], "HTT-A-1.1")["Tila"].value is None


def test_an_empty_expected_completion_cell_is_text_so_a_typed_month_stays_a_month(tmp_path):
    # Excel and LibreOffice in a Finnish locale read a typed 6/2022 into a General cell as
    # the date 1.6.2022; into a text cell it stays 6/2022, which the loader reads as 30.6.2022.
    book = _write(tmp_path)
    for code in ("HTT", "ICT"):
        cell = _row_of(book[code], f"{code}-A-1.1")["Arvioitu valmistumisaika"]
        assert (cell.value, cell.number_format) == (None, "@")
    instructions = " ".join(str(c.value) for r in book["Ohjeet"].iter_rows() for c in r if c.value)
    assert "tekstimuotoinen" in instructions and "31.3.2022" in instructions


@pytest.mark.parametrize(
    ("default_critical", "values", "expected"),
    [
        ({"JO-A-1.1"}, {}, "Kyllä"),
        ({"JO-A-1.1"}, {"JO-A-1.1": SubtaskValues(critical=False)}, "Ei"),
        ((), {"JO-A-1.1": SubtaskValues(critical=True)}, "Kyllä"),
        ((), {}, "Ei"),
    ],
)
def test_critical_from_values_else_default(tmp_path, default_critical, values, expected):
    book = _write(tmp_path, values=values, default_critical=default_critical)
    assert _row_of(book["JO"], "JO-A-1.1")["Kriittinen"].value == expected


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        (None, frozenset()),
        ("subtask_id\nHTT-B-1.3\n JO-A-1.1 \n", frozenset({"HTT-B-1.3", "JO-A-1.1"})),
    ],
)
def test_default_critical_ids(tmp_path, monkeypatch, csv_text, expected):
    monkeypatch.setattr(template, "ROADMAP_DIR", tmp_path)
    if csv_text is not None:
        (tmp_path / "critical_sample.csv").write_text(csv_text, encoding="utf-8")
    assert template.default_critical_ids() == expected
    if expected:
        book = _write(tmp_path, default_critical=None)
        assert _row_of(book["HTT"], "HTT-B-1.3")["Kriittinen"].value == "Kyllä"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"region_id": "atlantis"}, "Unknown region id 'atlantis'"),
        ({"region_id": "Itä-Uusimaa"}, "Unknown region id"),
        ({"values": {"HTT-Z-9.9": SubtaskValues()}}, "HTT-Z-9.9"),
    ],
)
def test_bad_input_is_refused(kwargs, message):
    kwargs = {"region_id": "ita-uusimaa", "period": PERIOD, **kwargs}
    with pytest.raises(ValueError, match=message):
        template.build_workbook(**kwargs)


def test_template_bytes_is_an_xlsx():
    data = template.template_bytes("keski-uusimaa", date(2021, 8, 1), default_critical=())
    assert data[:2] == b"PK"
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["Perustiedot"]["B1"].value == "Keski-Uudenmaan hyvinvointialue"
    assert book["Perustiedot"]["B2"].value == "2021-08"


INSTRUCTION_PHRASES = (
    "5. päivä",
    "arkipäivä",
    "Punainen lippu",
    "pyytää tukea",
    "Ei koske aluetta",
    "alueen oma arvio",
    "Älä nimeä välilehtiä",
    "Arvioitu valmistumisaika",
)


def test_instructions_cover_the_essentials(tmp_path):
    sheet = _write(tmp_path)["Ohjeet"]
    text = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert all(phrase in text for phrase in INSTRUCTION_PHRASES), text


def _submission(con, sid, region, period, loaded_at, status="loaded"):
    con.execute(
        "INSERT INTO submissions (submission_id, file_name, sha256, region_id, period, status,"
        " loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [sid, f"file{sid}.xlsx", f"{sid:064d}", region, period, status, loaded_at],
    )


def _report(con, sid, subtask_id, critical, status, expected=None, comment=None):
    con.execute(
        "INSERT INTO status_reports (submission_id, subtask_id, critical, status, status_raw,"
        " expected_completion, comment, source_sheet, source_row) VALUES (?, ?, ?, ?, ?, ?, ?,"
        " 'HTT', 3)",
        [sid, subtask_id, critical, status, status, expected, comment],
    )


@pytest.fixture(scope="module")
def history():
    """Itä-Uusimaa reported in January, twice in February (the later file counts), again in
    March and had a rejected file in February; Keski-Uusimaa reported in February. Shared by
    the module because open_database takes seconds and the tests only read."""
    con = open_database(":memory:")
    _submission(con, 1, "ita-uusimaa", date(2022, 1, 1), datetime(2022, 1, 5))
    _report(con, 1, "HTT-A-1.1", False, "not_started")
    _submission(con, 2, "ita-uusimaa", date(2022, 2, 1), datetime(2022, 2, 4))
    _report(con, 2, "HTT-A-1.1", True, "started")
    _submission(con, 3, "ita-uusimaa", date(2022, 2, 1), datetime(2022, 2, 7))
    _report(con, 3, "HTT-A-1.1", True, "done", date(2022, 2, 28), "Valmis helmikuussa")
    _report(con, 3, "HTT-B-1.3", False, "not_applicable")
    _report(con, 3, "ICT-A-1.1", True, None, None, "Ei tietoa")
    _submission(con, 4, "ita-uusimaa", date(2022, 3, 1), datetime(2022, 3, 6))
    _report(con, 4, "HTT-A-1.1", True, "advanced")
    _submission(con, 5, "ita-uusimaa", date(2022, 2, 1), datetime(2022, 2, 9), "rejected")
    _submission(con, 6, "keski-uusimaa", date(2022, 2, 1), datetime(2022, 2, 5))
    _report(con, 6, "JO-A-1.1", True, "started")
    yield con
    con.close()


FEBRUARY_LATER_FILE = {
    "HTT-A-1.1": SubtaskValues(True, "Valmis", date(2022, 2, 28), "Valmis helmikuussa"),
    "HTT-B-1.3": SubtaskValues(False, "Ei koske aluetta"),
    "ICT-A-1.1": SubtaskValues(True, None, None, "Ei tietoa"),
}


@pytest.mark.parametrize(
    ("region", "period", "expected"),
    [
        ("ita-uusimaa", date(2022, 3, 1), FEBRUARY_LATER_FILE),
        ("ita-uusimaa", date(2022, 3, 20), FEBRUARY_LATER_FILE),
        ("ita-uusimaa", date(2022, 2, 1), {"HTT-A-1.1": SubtaskValues(False, "Ei aloitettu")}),
        ("ita-uusimaa", date(2022, 4, 1), {"HTT-A-1.1": SubtaskValues(True, "Pitkällä")}),
        ("ita-uusimaa", date(2022, 1, 1), {}),
        ("keski-uusimaa", date(2022, 3, 1), {"JO-A-1.1": SubtaskValues(True, "Aloitettu")}),
        ("lansi-uusimaa", date(2022, 3, 1), {}),
    ],
)
def test_previous_values(history, region, period, expected):
    assert template.previous_values(history, region, period) == expected


def test_previous_values_round_trip_into_a_template(history, tmp_path):
    values = template.previous_values(history, "ita-uusimaa", PERIOD)
    book = _write(tmp_path, values=values, default_critical={"HTT-B-1.3", "JO-A-1.1"})
    done = _row_of(book["HTT"], "HTT-A-1.1")
    assert (done["Kriittinen"].value, done["Tila"].value) == ("Kyllä", "Valmis")
    assert done["Arvioitu valmistumisaika"].value == datetime(2022, 2, 28)
    assert done["Tilanne ja seuraavat askeleet"].value == "Valmis helmikuussa"
    # The region's own assessment wins over the default list; unmentioned rows use the default.
    assert _row_of(book["HTT"], "HTT-B-1.3")["Kriittinen"].value == "Ei"
    assert _row_of(book["JO"], "JO-A-1.1")["Kriittinen"].value == "Kyllä"
    assert _row_of(book["ICT"], "ICT-A-1.1")["Tila"].value is None
