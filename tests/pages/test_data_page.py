"""The Aineisto ja laatu page: submission tracker, load log, templates and upload, on an empty
database that the tests fill through the page's own upload box, and on the sample database."""

import io
import json
from collections import Counter
from datetime import date
from functools import cache

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from common.texts import translate
from loaders import writes
from loaders.keeping.archive import Archive
from loaders.store.database import open_database
from loaders.store.live import LiveDatabase
from loaders.template.writer import SubtaskValues, template_bytes
from metrics.submissions import SUBMISSION_STATES, ingest_problems, submission_states
from tests.conftest import ROOT
from ui.charts_data import state_symbol
from ui.upload import template_file, template_months

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MARCH = date(2022, 3, 1)


@cache
def edited_workbook() -> bytes:
    """Lappi's March template with one status done and three cells a person got wrong; the
    same bytes on every call (a saved workbook carries its save time)."""
    book = openpyxl.load_workbook(io.BytesIO(template_bytes("lappi", MARCH)))
    sheet = book["HTT"]
    sheet["F3"] = "Valmis"  # HTT-A-1.1
    sheet["F4"] = "ehkä"  # not a status: the row is left out
    sheet["G5"] = "joskus"  # not a date: blanked, the row stays
    sheet["A6"] = "HTT-Z-9.9"  # not in the roadmap: the row is left out
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def filled_template(region_id: str) -> bytes:
    """The region's March template with one status filled in: a report (a blank template is
    not one)."""
    return template_bytes(region_id, MARCH, values={"HTT-A-1.1": SubtaskValues(status="Valmis")})


EDITED_PROBLEMS = [
    # severity, sheet, row, column, value
    ("error", "HTT", 4, "F", "ehkä"),
    ("warning", "HTT", 5, "G", "joskus"),
    ("error", "HTT", 6, "A", "HTT-Z-9.9"),
]


def data_page(lang: str | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if lang:
        app.query_params["lang"] = lang
    app.run()
    app.switch_page("pages/data.py")
    return app.run()


def upload(app: AppTest, name: str, data: bytes) -> AppTest:
    app.file_uploader(key="upload_file").set_value((name, data, XLSX))
    return app.run()


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def page_warnings(app: AppTest, lang: str = "fi") -> list[str]:
    """The page's warnings, without the demo mode's banner that every page has."""
    return [w for w in texts(app.warning) if w != translate("auth_demo_banner", lang)]


# --- the upload function itself -------------------------------------------------------------


@pytest.fixture
def uploads(tmp_path):
    """Upload as the data page does: archive, limited parse, the live database's writer."""
    live = LiveDatabase(tmp_path / "upload.duckdb")
    archive = Archive(tmp_path / "archive")
    yield live, lambda data, name: writes.upload(live, archive, data, name, who="test@example.fi")
    live.close()


@pytest.mark.parametrize(
    ("name", "data", "outcome", "problems"),
    [
        ("lappi.xlsx", lambda: filled_template("lappi"), "loaded", []),
        (
            "tyhja.xlsx",
            lambda: template_bytes("lappi", MARCH),
            "rejected",
            [("error",) + (None,) * 4],
        ),
        ("lappi.xlsx", edited_workbook, "partial", EDITED_PROBLEMS),
        (
            "muistio.xlsx",
            lambda: b"Alue;Kuukausi\nLappi;3/2022\n",
            "rejected",
            [("error",) + (None,) * 4],
        ),
    ],
)
def test_an_upload_loads_through_the_loader(uploads, name, data, outcome, problems):
    live, send = uploads
    con = live.cursor()
    result = send(data(), name)
    assert result.outcome == outcome
    assert [(p.severity, p.sheet, p.row, p.column, p.value) for p in result.problems] == problems
    stored = con.execute("SELECT file_name, status FROM submissions").fetchall()
    assert stored == [(name, outcome)]
    assert con.execute("SELECT count(*) FROM ingest_log").fetchone()[0] == len(problems)


def test_the_same_file_twice_changes_nothing_and_a_path_in_the_name_is_dropped(uploads):
    live, send = uploads
    con = live.cursor()
    first = send(edited_workbook(), "../../tmp/lappi.xlsx")
    again = send(edited_workbook(), "lappi (2).xlsx")
    assert (first.file_name, first.outcome, first.rows) == ("lappi.xlsx", "partial", 555)
    assert (again.outcome, again.problems) == ("unchanged", [])
    assert con.execute("SELECT count(*) FROM submissions").fetchone()[0] == 1


def test_template_is_prefilled_from_the_previous_month(uploads):
    live, send = uploads
    con = live.cursor()
    send(edited_workbook(), "lappi.xlsx")
    april = openpyxl.load_workbook(io.BytesIO(template_file(con, "lappi", date(2022, 4, 1))))
    assert april["Perustiedot"]["B2"].value == "2022-04"
    assert april["HTT"]["A3"].value == "HTT-A-1.1"
    assert april["HTT"]["F3"].value == "Valmis"
    assert april["HTT"]["F7"].value is None
    # Another region, or the same month, has nothing before it to copy.
    assert (
        openpyxl.load_workbook(io.BytesIO(template_file(con, "kainuu", date(2022, 4, 1))))["HTT"][
            "F3"
        ].value
        is None
    )
    assert (
        openpyxl.load_workbook(io.BytesIO(template_file(con, "lappi", MARCH)))["HTT"]["F3"].value
        is None
    )


@pytest.mark.parametrize(
    ("periods", "first", "last", "default"),
    [
        # Phases 3–4 of data/phases.csv: 7/2021–12/2022.
        ([], date(2021, 7, 1), date(2022, 12, 1), date(2021, 7, 1)),
        ([date(2021, 8, 1), MARCH], date(2021, 7, 1), date(2022, 12, 1), date(2022, 4, 1)),
        ([date(2022, 12, 1)], date(2021, 7, 1), date(2023, 1, 1), date(2023, 1, 1)),
    ],
)
def test_template_months(periods, first, last, default):
    months, chosen = template_months(periods)
    assert (months[0], months[-1], chosen) == (first, last, default)
    assert len(months) == len(set(months)) == (last.year - 2021) * 12 + last.month - 6


# --- the page on an empty database, filled through the upload box ---------------------------


def test_empty_database_shows_no_data_but_offers_templates_and_upload(db_path):
    app = data_page()
    assert not app.exception
    assert app.title[0].value == "Aineisto ja laatu"
    assert translate("no_data", "fi") in texts(app.info)
    assert translate("data_no_files", "fi") in texts(app.info)
    assert app.selectbox(key="tpl_region").value == "ita-uusimaa"
    assert app.selectbox(key="tpl_period").value == date(2021, 7, 1)
    assert app.download_button(key="tpl_download").label == "Lataa pohja (.xlsx)"
    assert len(app.get("plotly_chart")) == 0


def test_upload_loads_a_workbook_and_every_tab_shows_it(db_path):
    app = upload(data_page(), "lappi.xlsx", edited_workbook())
    assert not app.exception
    assert page_warnings(app) == ["lappi.xlsx: Ladattu osittain"]
    assert "Lappi, 3/2022: 555 osatehtäväriviä ja 0 huomiota." in texts(app.markdown)
    problems = app.dataframe[-1].value
    assert list(problems.columns) == ["Vakavuus", "Välilehti", "Rivi", "Sarake", "Arvo", "Viesti"]
    assert list(problems.itertuples(index=False, name=None))[1][:5] == (
        "Varoitus",
        "HTT",
        5,
        "G",
        "joskus",
    )
    assert problems["Viesti"].iloc[0].startswith("Tuntematon tila 'ehkä'.")

    # The tracker and the log now show the file: the page cleared its caches.
    con = open_database(db_path)
    states = submission_states(con)
    assert (states["state"] == "partial").sum() == 1
    assert "3/2022: 0 ajallaan, 0 myöhässä, 1 osittain ladattu, 0 hylätty, 21 puuttuu" in (
        " ".join(texts(app.markdown))
    )
    assert len(app.get("plotly_chart")) == 1
    files = app.dataframe[1].value
    assert list(files["Tiedosto"]) == ["lappi.xlsx"]
    assert list(files["Tulos"]) == ["Ladattu osittain"]
    assert list(files["Virheitä"]) == [2] and list(files["Varoituksia"]) == [1]
    log = app.dataframe[2].value
    assert len(log) == len(ingest_problems(con)) == 3
    assert set(log["Alue"]) == {"Lappi"}
    con.close()

    # A rerun does not load the file again.
    app.selectbox(key="tpl_region").select("lappi").run()
    assert page_warnings(app) == ["lappi.xlsx: Ladattu osittain"]
    # A new visitor is offered the month after the latest report first.
    assert data_page().selectbox(key="tpl_period").value == date(2022, 4, 1)


def test_log_filters_by_severity_and_file(db_path):
    app = upload(data_page(), "lappi.xlsx", edited_workbook())
    app = upload(app, "kainuu.xlsx", filled_template("kainuu"))
    assert texts(app.success) == ["kainuu.xlsx: Ladattu"]
    assert translate("data_upload_no_problems", "fi") in texts(app.markdown)
    app.selectbox(key="log_severity").select("warning").run()
    log = app.dataframe[2].value
    assert list(log["Vakavuus"]) == ["Varoitus"] and list(log["Arvo"]) == ["joskus"]
    app.selectbox(key="log_severity").select(None).run()
    app.selectbox(key="log_file").select("kainuu.xlsx").run()
    assert translate("data_log_empty", "fi") in texts(app.info)
    app.selectbox(key="log_file").select("lappi.xlsx").run()
    assert len(app.dataframe[2].value) == 3


@pytest.mark.parametrize(
    ("name", "data", "box", "message"),
    [
        (
            "again.xlsx",
            edited_workbook,
            "info",
            "again.xlsx: Ei muutosta: sama tiedosto on jo ladattu",
        ),
        ("muistio.xlsx", lambda: b"Alue;Kuukausi\n", "error", "muistio.xlsx: Hylätty"),
    ],
)
def test_unchanged_and_rejected_uploads(db_path, name, data, box, message):
    app = upload(data_page(), "lappi.xlsx", edited_workbook())
    app = upload(app, name, data())
    assert not app.exception
    assert message in texts(getattr(app, box))
    if box == "error":
        problems = app.dataframe[-1].value
        assert problems["Viesti"].iloc[0].startswith("Tiedosto ei ole taulukkotyökirja")
        files = app.dataframe[1].value
        assert list(files["Tiedosto"])[0] == "muistio.xlsx"
        assert list(files["Tulos"])[0] == "Hylätty"


def test_english_upload_shows_english_outcome_and_messages(db_path):
    app = upload(data_page("en"), "lappi.xlsx", edited_workbook())
    assert not app.exception
    assert app.title[0].value == "Data and quality"
    assert page_warnings(app, "en") == ["lappi.xlsx: Partly loaded"]
    problems = app.dataframe[-1].value
    assert list(problems.columns) == ["Severity", "Sheet", "Row", "Column", "Value", "Message"]
    assert problems["Message"].iloc[0].startswith("Unknown status 'ehkä'.")
    assert problems["Severity"].iloc[0] == "Error"


def test_swedish_upload_and_log_show_swedish_messages(db_path):
    app = upload(data_page("sv"), "lappi.xlsx", edited_workbook())
    assert not app.exception
    problems = app.dataframe[-1].value
    assert problems.columns[-1] == "Meddelande"
    assert problems["Meddelande"].iloc[0] == (
        "Okänt läge 'ehkä'. Tillåtna: Inte påbörjad, Påbörjad, Långt framskriden, Klar, "
        "Ej tillämplig. Raden lämnades bort."
    )
    # The load log on the same page reads v_ingest_log's message_sv, every row in Swedish.
    log = app.dataframe[2].value
    assert len(log) == 3
    assert list(log["Meddelande"]) == list(problems["Meddelande"])
    assert "Datumet lämnades tomt." in log["Meddelande"].iloc[1]
    assert "finns inte i färdplanen" in log["Meddelande"].iloc[2]


# --- the page on the sample database ---------------------------------------------------------


def test_sample_tracker_and_log_match_the_metrics(sample_db):
    con = open_database(sample_db)
    states = submission_states(con)
    log = ingest_problems(con)
    errors = ingest_problems(con, severity="error")
    con.close()
    latest = states["period"].max()
    counts = states.loc[states["period"] == latest, "state"].value_counts()
    expected = translate(
        "data_tracker_summary",
        "fi",
        month=f"{latest.month}/{latest.year}",
        total=22,
        **{state: int(counts.get(state, 0)) for state in SUBMISSION_STATES},
    )
    app = data_page()
    assert not app.exception
    assert expected in texts(app.markdown)
    heatmap = json.loads(app.get("plotly_chart")[0].proto.spec)["data"][0]
    assert heatmap["y"][0] == "Itä-Uusimaa" and len(heatmap["y"]) == 22
    symbols = Counter(symbol for row in heatmap["text"] for symbol in row)
    assert symbols == Counter(state_symbol(state) for state in states["state"])
    grid = app.dataframe[0].value
    assert len(grid) == 22 and grid.shape[1] == 1 + states["period"].nunique()
    if len(log):
        assert len(app.dataframe[2].value) == len(log)
        app.selectbox(key="log_severity").select("error").run()
        if len(errors):
            assert len(app.dataframe[2].value) == len(errors)
        else:
            assert translate("data_log_empty", "fi") in texts(app.info)


def test_a_thin_resubmission_is_flagged_on_the_page(db_path):
    full = {f"HTT-A-1.{n}": SubtaskValues(status="Valmis") for n in range(1, 9)}
    thin = {"HTT-A-1.1": SubtaskValues(status="Valmis")}
    app = upload(data_page(), "lappi.xlsx", template_bytes("lappi", MARCH, values=full))
    assert not page_warnings(app)
    app = upload(app, "lappi-uusi.xlsx", template_bytes("lappi", MARCH, values=thin))
    assert not app.exception
    assert texts(app.success)[-1] == "lappi-uusi.xlsx: Ladattu"  # loaded: the region's word
    [flag] = [w for w in page_warnings(app) if w.startswith("Ohuet uusinnat")]
    assert "Lappi, 3/2022: lappi-uusi.xlsx (1 tilaa) korvasi tiedoston lappi.xlsx (8 tilaa)" in flag
