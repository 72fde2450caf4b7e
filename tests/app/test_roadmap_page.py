"""The Tiekartta page: the catalogue, searchable by group and word, in both languages."""

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def _app() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    return app.run()


def test_roadmap_lists_the_whole_catalogue(db_path):
    app = _app()
    assert not app.exception
    assert app.title[0].value == "Alueellisen toimeenpanon tiekartta"
    table = app.dataframe[0].value
    assert len(table) == 557
    assert list(table.columns) == ["Tunnus", "Osatehtävä", "Tehtävä", "Tehtäväkokonaisuus", "Ryhmä"]
    assert (
        "557 osatehtävää 5 valmisteluryhmässä ja 30 tehtäväkokonaisuudessa" in app.caption[0].value
    )


def test_group_filter_and_search_narrow_the_table(db_path):
    app = _app()
    app.selectbox(key="roadmap_group").select("ICT").run()
    assert len(app.dataframe[0].value) == 119
    app.text_input(key="roadmap_search").input("tilikart").run()
    assert len(app.dataframe) == 0
    assert "Haulla ei löytynyt" in app.info[0].value
    app.selectbox(key="roadmap_group").select(None).run()
    table = app.dataframe[0].value
    assert set(table["Tunnus"]) == {"HTT-B-1.3", "HTT-B-2.1"}


def test_english_switch_translates_labels(db_path):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.query_params["lang"] = "en"
    app.run()
    assert app.title[0].value == "Regional implementation roadmap"
    assert list(app.dataframe[0].value.columns)[0] == "Id"
