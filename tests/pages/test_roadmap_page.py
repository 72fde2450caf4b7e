"""The Tiekartta page: the catalogue, searchable by group and word, in both languages, and the
share of regions done per entity, task and subtask once reports are loaded."""

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from common.texts import format_percent
from loaders.keeping.archive import Archive
from loaders.store.database import open_database
from loaders.store.live import LiveDatabase
from loaders.template.writer import SubtaskValues, template_bytes
from loaders.writes import upload
from metrics import available_periods, entity_completion, subtask_completion, task_completion
from tests.conftest import ROOT


def roadmap_page(lang: str | None = None, **params: str) -> AppTest:
    """The Tiekartta page, reached the way a link reaches it, with the URL's query params."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in {"lang": lang, **params}.items():
        if value:
            app.query_params[name] = value
    app.run()
    app.switch_page("pages/roadmap.py")
    return app.run()


def test_roadmap_lists_the_whole_catalogue(db_path):
    app = roadmap_page()
    assert not app.exception
    assert app.title[0].value == "Alueellisen toimeenpanon tiekartta"
    table = app.dataframe[0].value
    assert len(table) == 557
    assert list(table.columns) == ["Tunnus", "Osatehtävä", "Tehtävä", "Tehtäväkokonaisuus", "Ryhmä"]
    assert (
        "557 osatehtävää 5 valmisteluryhmässä ja 30 tehtäväkokonaisuudessa" in app.caption[0].value
    )


def test_group_filter_and_search_narrow_the_table(db_path):
    app = roadmap_page()
    app.selectbox(key="roadmap_group").select("ICT").run()
    assert len(app.dataframe[0].value) == 119
    app.text_input(key="roadmap_search").input("tilikart").run()
    assert len(app.dataframe) == 0
    assert "Haulla ei löytynyt" in app.info[0].value
    app.selectbox(key="roadmap_group").select(None).run()
    table = app.dataframe[0].value
    assert set(table["Tunnus"]) == {"HTT-B-1.3", "HTT-B-2.1"}


def test_english_switch_translates_labels(db_path):
    app = roadmap_page("en")
    assert app.title[0].value == "Regional implementation roadmap"
    assert list(app.dataframe[0].value.columns)[0] == "Id"


# --- completion: two regions' March reports, loaded through the real loader ------------------

MARCH = date(2022, 3, 1)
HTT_A = "A. Hallinnon rakenteet, toiminnan järjestäminen ja demokratia"


@pytest.fixture
def two_reports(tmp_path, monkeypatch) -> Path:
    """Lappi: HTT-A-1.1 done, HTT-A-1.2 not applicable; Kainuu: HTT-A-1.1 started; every other
    row blank. HTT-A has 30 subtasks, its task 1 twelve."""
    path = tmp_path / "two.duckdb"
    live, archive = LiveDatabase(path), Archive(tmp_path / "archive")
    reports = {
        "lappi": {"HTT-A-1.1": "Valmis", "HTT-A-1.2": "Ei koske aluetta"},
        "kainuu": {"HTT-A-1.1": "Aloitettu"},
    }
    for region_id, statuses in reports.items():
        values = {key: SubtaskValues(status=status) for key, status in statuses.items()}
        data = template_bytes(region_id, MARCH, values=values)
        result = upload(live, archive, data, f"{region_id}.xlsx", who="test@example.fi")
        assert result.outcome == "loaded"
    live.close()
    monkeypatch.setenv("TILANNEKUVA_DB", str(path))
    return path


def open_entity(app: AppTest, group_code: str, letter: str) -> AppTest:
    app.session_state[f"roadmap_entity_{group_code}_{letter}_0"] = True
    return app.run()


def test_entity_and_task_shares_and_subtask_tables(two_reports):
    app = roadmap_page()
    assert not app.exception
    assert app.selectbox(key="f_period").value == MARCH
    assert "Tiedot: 3/2022" in app.caption[1].value
    # 1 done of 30 × 2 − 1 applicable pairs; task 1: of 12 × 2 − 1.
    assert app.expander[0].label == f"{HTT_A} · 1,7\u00a0% valmiina"
    assert len(app.table) == 0  # closed expanders draw nothing
    app = open_entity(app, "HTT", "A")
    assert app.markdown[1].value == (
        "**1. VATE:n organisointi ja HVA:n käynnistäminen** · 4,3\u00a0% valmiina"
    )
    table = app.table[0].value
    assert list(table.columns) == ["Tunnus", "Osatehtävä", "Valmiina", "Alueet, joilla kesken"]
    assert table.iloc[:3].values.tolist() == [
        [
            "HTT-A-1.1",
            "Sopiminen VATE:n asettavasta tahosta ja kokoonpanosta sopiminen",
            "50,0\u00a0% (1 / 2)",
            "Kainuu",
        ],
        ["HTT-A-1.2", "VATE:n asettaminen", "0,0\u00a0% (0 / 1)", "Kainuu"],
        [
            "HTT-A-1.3",
            "Kevyen hallintosäännön valmistelu VATE:lle",
            "0,0\u00a0% (0 / 2)",
            "kaikki 2 aluetta",
        ],
    ]


def test_list_tab_has_completion_columns_and_the_shares_match_the_metric(two_reports):
    app = roadmap_page()
    table = app.dataframe[0].value
    assert list(table.columns) == [
        "Tunnus",
        "Osatehtävä",
        "Valmiina",
        "Alueita valmiina",
        "Alueita, joita koskee",
        "Alueet, joilla kesken",
        "Tehtävä",
        "Tehtäväkokonaisuus",
        "Ryhmä",
    ]
    con = open_database(two_reports)
    expected = subtask_completion(con, period=MARCH)
    con.close()
    assert list(table["Valmiina"]) == [format_percent(s, "fi") for s in expected["share_done"]]
    first = table.iloc[0]
    assert (first["Alueita valmiina"], first["Alueita, joita koskee"]) == (1, 2)
    assert first["Alueet, joilla kesken"] == "Kainuu"
    assert table.iloc[2]["Alueet, joilla kesken"] == "Kainuu, Lappi"


def test_search_opens_the_matching_entities(two_reports):
    app = roadmap_page()
    app.text_input(key="roadmap_search").input("HTT-A-1.2").run()
    assert [e.label for e in app.expander] == [f"{HTT_A} · 1,7\u00a0% valmiina"]
    assert len(app.table) == 1
    assert app.table[0].value.values.tolist() == [
        ["HTT-A-1.2", "VATE:n asettaminen", "0,0\u00a0% (0 / 1)", "Kainuu"]
    ]


def test_group_comes_from_the_url_and_goes_back_into_it(two_reports):
    app = roadmap_page(ryhma="ICT")
    assert app.selectbox(key="roadmap_group").value == "ICT"
    assert app.header[0].value == "ICT – ICT-valmistelu"
    app.selectbox(key="roadmap_group").select("JO").run()
    assert app.query_params["ryhma"] == "JO"


def test_english_completion_labels(two_reports):
    app = open_entity(roadmap_page("en"), "HTT", "A")
    assert app.expander[0].label.endswith("· 1.7% done")
    table = app.table[0].value
    assert list(table.columns) == ["Id", "Subtask", "Done", "Regions not done"]
    assert table.iloc[2].tolist()[2:] == ["0.0% (0 / 2)", "all 2 regions"]


def test_empty_database_browses_the_catalogue_without_completion(db_path):
    app = roadmap_page()
    assert "ilman valmiusasteita" in app.caption[1].value
    assert app.expander[0].label == HTT_A
    app = open_entity(app, "HTT", "A")
    assert list(app.table[0].value.columns) == ["Tunnus", "Osatehtävä"]


def test_sample_entity_shares_match_the_metric(sample_db):
    con = open_database(sample_db)
    period = available_periods(con)[-1]
    entities = entity_completion(con, period=period, group_code="JO")
    tasks = task_completion(con, period=period, group_code="JO")
    con.close()
    app = roadmap_page(ryhma="JO")
    assert not app.exception
    assert [e.label for e in app.expander] == [
        f"{e.entity_letter}. {e.entity_name} · {format_percent(e.share_done, 'fi')} valmiina"
        for e in entities.itertuples()
    ]
    app = open_entity(app, "JO", entities["entity_letter"].iloc[0])
    first = tasks.iloc[0]
    assert app.markdown[1].value == (
        f"**{first.task_no}. {first.task_name}** · {format_percent(first.share_done, 'fi')} "
        "valmiina"
    )
