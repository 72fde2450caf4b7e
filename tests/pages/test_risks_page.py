"""The Riskit ja teemat page on the sample database: theme prevalence for a window of months,
the monthly heat strip, the region × theme matrix and the observation list show what the
theme metrics and the observations table hold; filters and search are driven by key; and
the pure helpers that turn theme rows into one row per observation are checked by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from metrics import available_periods
from metrics.themes import theme_by_region, theme_names, theme_prevalence, theme_trend
from tests.conftest import ROOT
from tests.pages.helpers import chart, open_page
from ui.charts_risks import filter_observations, observation_rows


def _app(**query: str | list[str]) -> AppTest:
    return open_page("pages/risks.py", **query)


def observations(con, first: date, last: date, where: str = "true", *params) -> pd.DataFrame:
    """v_observations rows from `first` to `last` that meet `where`, straight from SQL."""
    return con.execute(
        f"SELECT * FROM v_observations WHERE period BETWEEN ? AND ? AND ({where})",
        [first, last, *params],
    ).df()


def listed(app: AppTest) -> pd.DataFrame:
    return app.dataframe[0].value if app.dataframe else pd.DataFrame()


@pytest.mark.parametrize(("window", "first_back"), [(1, 0), (3, 2), (6, 5)])
def test_prevalence_counts_the_regions_raising_each_theme_in_the_window(con, window, first_back):
    app = _app()
    app.segmented_control(key="risk_window").set_value(window).run()
    assert not app.exception
    assert app.query_params["ikkuna"] == str(window)
    period = available_periods(con)[-1]
    expected = theme_prevalence(con, period=period, months=window).set_index("name_fi")
    bars = chart(app, "risk_prevalence")["data"][0]
    assert bars["customdata"][-1] == "Muu"
    assert sorted(bars["customdata"]) == sorted(expected.index)
    for name, label, share, text in zip(
        bars["customdata"], bars["y"], bars["x"], bars["text"], strict=True
    ):
        row = expected.loc[name]
        assert share == pytest.approx(row["share"])
        assert text == f"{row['regions_raising']}/{row['regions_reporting']}"
        # The prevalence words stand under the theme's name, not beside the bar.
        assert label.startswith(f"<b>{name}</b>")
        if row["label_fi"]:
            assert label.endswith(f"<br>{row['label_fi']}")
    first = (pd.Timestamp(period) - pd.DateOffset(months=first_back)).date()
    window_text = f"{period.month}/{period.year}"
    if window > 1:
        window_text = f"{first.month}/{first.year}–{window_text}"
    assert chart(app, "risk_prevalence")["layout"]["title"]["text"].endswith(window_text)
    assert f"Tiedot: {window_text}" in app.caption[1].value
    assert len(listed(app)) == len(observations(con, first, period))


def test_heat_strip_and_lines_show_the_monthly_share(con):
    app = _app()
    trend = theme_trend(con)
    names = theme_names("fi")
    strip = chart(app, "risk_trend")["data"][0]
    assert strip["type"] == "heatmap"
    assert strip["y"] == list(names.values())
    talous = trend[trend["theme"] == "talous"]["share"].tolist()
    assert strip["z"][0] == pytest.approx(talous)
    assert strip["x"][0] == f"{trend['period'].min().month}/{trend['period'].min().year % 100}"
    app.segmented_control(key="risk_trend_style").set_value("lines").run()
    lines = chart(app, "risk_trend")["data"]
    assert [line["name"] for line in lines] == list(names.values())
    assert lines[0]["y"] == pytest.approx(talous)


def test_an_earlier_month_moves_every_figure_back(con):
    periods = available_periods(con)
    chosen = periods[-5]
    app = _app()
    app.selectbox(key="f_period").select(chosen).run()
    assert not app.exception
    assert app.query_params["kuukausi"] == f"{chosen:%Y-%m}"
    strip = chart(app, "risk_trend")["data"][0]
    assert len(strip["x"]) == periods.index(chosen) + 1
    expected = theme_prevalence(con, period=chosen, months=1)
    assert chart(app, "risk_prevalence")["data"][0]["x"][0] == pytest.approx(
        expected["share"].iloc[0]
    )
    assert len(listed(app)) == len(observations(con, chosen, chosen))


@pytest.mark.parametrize("window", [1, 3])
def test_matrix_shows_severity_and_months_raised_not_a_wall_of_ones(con, window):
    app = _app(ikkuna=str(window))
    period = available_periods(con)[-1]
    expected = theme_by_region(con, period=period, months=window)
    regions = dict(con.execute("SELECT region_id, short_fi FROM regions").fetchall())
    heat = chart(app, "risk_matrix")["data"][0]
    assert heat["x"] == list(theme_names("fi").values())
    assert heat["y"] == [regions[r] for r in dict.fromkeys(expected["region_id"])]
    ranks = expected.pivot(index="region_id", columns="theme", values="severity_rank")
    raised = expected.pivot(index="region_id", columns="theme", values="months_raised")
    for row, region_id in enumerate(dict.fromkeys(expected["region_id"])):
        themes_in_order = list(theme_names("fi"))
        assert heat["z"][row] == list(ranks.loc[region_id, themes_in_order])
        months = list(raised.loc[region_id, themes_in_order])
        assert heat["text"][row] == [str(m) if window > 1 and m else "" for m in months]
    # What varies: more than "raised or not" — several severities among the raised cells.
    raised_ranks = {v for line in heat["z"] for v in line if v}
    assert len(raised_ranks) >= 2, raised_ranks
    if window > 1:
        assert len({m for m in expected["months_raised"] if m}) >= 2
    assert heat["colorbar"]["ticktext"] == [
        "Ei nostettu",
        "Ei arvioitu",
        "Matala",
        "Kohtalainen",
        "Korkea",
    ]


def test_list_filters_and_search_live_in_the_address(con):
    period = available_periods(con)[-1]
    first = (pd.Timestamp(period) - pd.DateOffset(months=2)).date()
    app = _app(ikkuna="3")
    app.multiselect(key="risk_kind").set_value(["riski"]).run()
    app.multiselect(key="risk_flag").set_value([False]).run()
    app.text_input(key="risk_search").input("rahoitu").run()
    assert app.query_params["tyyppi"] == "riski"
    assert app.query_params["lippu"] == "False"
    assert app.query_params["haku"] == "rahoitu"
    expected = observations(
        con, first, period, "kind = 'riski' AND NOT red_flag AND text ILIKE ?", "%rahoitu%"
    )
    assert len(expected) > 0, "the sample should hold such observations"
    assert sorted(listed(app)["Kuvaus"]) == sorted(expected["text"])

    # The same address opens the same list.
    again = _app(ikkuna="3", tyyppi="riski", lippu="False", haku="rahoitu")
    assert again.multiselect(key="risk_kind").value == ["riski"]
    assert again.multiselect(key="risk_flag").value == [False]
    assert again.text_input(key="risk_search").value == "rahoitu"
    assert sorted(listed(again)["Kuvaus"]) == sorted(expected["text"])

    # Cleared, the choice leaves the address.
    app.multiselect(key="risk_kind").set_value([]).run()
    app.text_input(key="risk_search").input("").run()
    assert "tyyppi" not in app.query_params and "haku" not in app.query_params


def test_list_shows_every_observation_once_with_its_text_unchanged(con):
    app = _app(ikkuna="6")
    period = available_periods(con)[-1]
    first = (pd.Timestamp(period) - pd.DateOffset(months=5)).date()
    expected = observations(con, first, period)
    table = listed(app)
    assert list(table.columns) == [
        "Kuukausi",
        "Alue",
        "Kuvaus",
        "Teemat",
        "Tyyppi",
        "Vakavuus",
        "Punainen lippu",
        "Ryhmä",
    ]
    assert sorted(table["Kuvaus"]) == sorted(expected["text"])
    assert table["Kuukausi"].iloc[0] == f"{period.month}/{period.year}"
    assert f"Näytetään {len(expected)} / {len(expected)} havaintoa" in app.markdown[0].value
    assert set(table["Tyyppi"]) <= {"Riski", "Huomio", "Toive"}


@pytest.mark.parametrize(
    ("key", "value", "where", "params"),
    [
        ("risk_kind", ["riski"], "kind = ?", ["riski"]),
        ("risk_kind", ["huomio", "toive"], "kind <> ?", ["riski"]),
        ("risk_severity", ["korkea"], "severity = ?", ["korkea"]),
        ("risk_group", ["ICT"], "group_code = ?", ["ICT"]),
        ("risk_group", ["none"], "group_code IS NULL", []),
        ("risk_region", ["lappi", "kainuu"], "region_id IN (?, ?)", ["lappi", "kainuu"]),
        ("risk_search", "rahoitu", "text ILIKE ?", ["%rahoitu%"]),
    ],
)
def test_filters_narrow_the_list(con, key, value, where, params):
    app = _app(ikkuna="3")
    widget = app.text_input(key=key) if key == "risk_search" else app.multiselect(key=key)
    (widget.input(value) if key == "risk_search" else widget.set_value(value)).run()
    assert not app.exception
    period = available_periods(con)[-1]
    first = (pd.Timestamp(period) - pd.DateOffset(months=2)).date()
    expected = observations(con, first, period, where, *params)
    assert len(expected) > 0, "the sample should hold such observations"
    assert sorted(listed(app)["Kuvaus"]) == sorted(expected["text"])


def test_theme_and_red_flag_filters(con):
    flagged_month = con.execute(
        "SELECT period FROM v_observations GROUP BY period ORDER BY count(*) FILTER "
        "(WHERE red_flag) DESC, period LIMIT 1"
    ).fetchone()[0]
    app = _app()
    app.selectbox(key="f_period").select(flagged_month).run()
    app.multiselect(key="risk_flag").set_value([True]).run()
    flagged = observations(con, flagged_month, flagged_month, "red_flag")
    assert len(flagged) > 0
    table = listed(app)
    assert sorted(table["Kuvaus"]) == sorted(flagged["text"])
    assert set(table["Punainen lippu"]) == {"Kyllä"}
    app.multiselect(key="risk_flag").set_value([]).run()
    app.multiselect(key="risk_theme").set_value(["talous"]).run()
    themed = con.execute(
        "SELECT text FROM v_observation_themes WHERE period = ? AND theme = 'talous'",
        [flagged_month],
    ).df()
    table = listed(app)
    assert sorted(table["Kuvaus"]) == sorted(themed["text"])
    assert all("Talous" in themes for themes in table["Teemat"])


def test_no_match_says_so(con):
    app = _app()
    app.text_input(key="risk_search").input("xyzzy ei löydy").run()
    assert not app.dataframe
    assert app.info[0].value == "Valinnoilla ei löytynyt havaintoja."


def test_english_labels(con):
    app = _app(lang="en")
    assert app.title[0].value == "Risks and themes"
    bars = chart(app, "risk_prevalence")["data"][0]
    assert bars["customdata"][-1] == "Other"
    period = available_periods(con)[-1]
    expected = theme_prevalence(con, period=period, months=1).set_index("name_en")
    top = bars["customdata"][0]
    assert bars["y"][0] == f"<b>{top}</b><br>{expected.loc[top, 'label_en']}"
    assert list(listed(app).columns)[:3] == ["Month", "Region", "Description"]
    assert set(listed(app)["Type"]) <= {"Risk", "Observation", "Wish"}


def test_empty_database_says_so(db_path):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/risks.py")
    app.run()
    assert not app.exception
    assert "ei ole vielä yhtään" in app.info[0].value


# --- the pure helpers -----------------------------------------------------------------------

NAMES = {"talous": "Talous", "ict": "ICT", "muu": "Muu"}


def theme_rows(*rows: tuple) -> pd.DataFrame:
    """v_observation_themes-like rows: (region, kind, group, severity, flag, text, theme)."""
    return pd.DataFrame(
        [
            {
                "region_id": region,
                "period": pd.Timestamp("2022-03-01"),
                "kind": kind,
                "group_code": group,
                "severity": severity,
                "red_flag": flag,
                "text": text,
                "theme": theme,
            }
            for region, kind, group, severity, flag, text, theme in rows
        ]
    )


SAMPLE = theme_rows(
    ("lappi", "riski", "ICT", "korkea", True, "Rahoitus ja ICT", "ict"),
    ("lappi", "riski", "ICT", "korkea", True, "Rahoitus ja ICT", "talous"),
    # the same observation twice in one workbook: two rows per theme
    ("lappi", "toive", None, None, False, "Sama  teksti", "muu"),
    ("lappi", "toive", None, None, False, "Sama  teksti", "muu"),
    ("kainuu", "huomio", "HTT", "matala", False, "Budjetti", "talous"),
)


def test_observation_rows_joins_themes_and_keeps_repeats():
    rows = observation_rows(SAMPLE, NAMES)
    assert list(rows["text"]) == ["Rahoitus ja ICT", "Sama  teksti", "Sama  teksti", "Budjetti"]
    assert list(rows["themes"]) == ["Talous, ICT", "Muu", "Muu", "Talous"]
    assert list(rows["theme_codes"]) == [("talous", "ict"), ("muu",), ("muu",), ("talous",)]


def test_observation_rows_of_nothing_is_empty():
    assert observation_rows(SAMPLE.iloc[0:0], NAMES).empty


@pytest.mark.parametrize(
    ("filters", "texts"),
    [
        ({}, ["Rahoitus ja ICT", "Sama  teksti", "Sama  teksti", "Budjetti"]),
        ({"themes": ["talous"]}, ["Rahoitus ja ICT", "Budjetti"]),
        ({"themes": ["ict", "muu"]}, ["Rahoitus ja ICT", "Sama  teksti", "Sama  teksti"]),
        ({"kinds": ["huomio"]}, ["Budjetti"]),
        ({"groups": ["none"]}, ["Sama  teksti", "Sama  teksti"]),
        ({"severities": ["none", "matala"]}, ["Sama  teksti", "Sama  teksti", "Budjetti"]),
        ({"regions": ["kainuu"]}, ["Budjetti"]),
        ({"red_flags": [True]}, ["Rahoitus ja ICT"]),
        ({"search": "RAHOITUS"}, ["Rahoitus ja ICT"]),
        ({"search": "sama teksti"}, ["Sama  teksti", "Sama  teksti"]),
        ({"search": "  "}, ["Rahoitus ja ICT", "Sama  teksti", "Sama  teksti", "Budjetti"]),
        ({"themes": ["talous"], "regions": ["lappi"]}, ["Rahoitus ja ICT"]),
        ({"kinds": ["toive"], "red_flags": [True]}, []),
    ],
)
def test_filter_observations(filters, texts):
    rows = observation_rows(SAMPLE, NAMES)
    assert list(filter_observations(rows, **filters)["text"]) == texts
