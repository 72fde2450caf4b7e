"""The Aluevertailu page on the sample database: the ranking, the pace scatter and the trend
chart show the figures the metrics give, for all regions and for a chosen peer set, with
highlighted regions, filters driven by key, and the English switch."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import metrics
from common import catalogue
from common.texts import format_percent
from tests.conftest import ROOT
from tests.pages.helpers import chart, open_page
from ui.charts_comparison import BASE_COLOUR, HIGHLIGHT_COLOUR

PEERS = ["kainuu", "lappi", "pirkanmaa"]
GROUP_NAMES = {g["group_code"]: g["name_fi"] for g in catalogue.groups()}


def _app(**query: str | list[str]) -> AppTest:
    return open_page("pages/comparison.py", **query)


def url_list(app: AppTest, name: str) -> list[str]:
    """A repeated query parameter as a list (AppTest stores a single value as a string)."""
    value = app.query_params.get(name, [])
    return value if isinstance(value, list) else [value]


def trend_lines(app: AppTest) -> dict[str, list[tuple[pd.Timestamp, float]]]:
    """The trend chart's lines (key cmp_trend) by name: the pale regions' trace broken into
    one line per region (by its hover text, the region's name), the median, and each
    highlighted region's own trace; each line as (month, rate) points."""
    figure = chart(app, "cmp_trend")
    lines: dict[str, list] = {}
    for trace in figure["data"]:
        names = trace.get("hovertext") or [trace["name"]] * len(trace["x"])
        for x, y, name in zip(trace["x"], trace["y"], names, strict=True):
            if x is not None:
                lines.setdefault(name, []).append((pd.Timestamp(x), y))
    return lines


def names(con) -> dict[str, str]:
    return dict(con.execute("SELECT region_id, short_fi FROM regions").fetchall())


def expected_ranking(con, period, scope: str, group: str, peers=None) -> pd.DataFrame:
    frame = metrics.completion(con, scope=scope, period=period, group_code=group)
    if peers:
        frame = frame[frame["region_id"].isin(peers)]
    frame = frame.dropna(subset=["completion_rate"])
    return frame.sort_values("completion_rate", ascending=False, kind="stable")


def test_ranking_shows_every_region_by_rate_with_the_national_median(con):
    app = _app()
    period = metrics.available_periods(con)[-1]
    assert app.title[0].value == "Aluevertailu"
    ranked = expected_ranking(con, period, "critical", "ALL")
    figure = chart(app, "cmp_ranking")
    dots = figure["data"][1]
    assert list(dots["y"]) == [names(con)[r] for r in ranked["region_id"]]
    assert dots["x"] == pytest.approx(list(ranked["completion_rate"]))
    assert dots["text"][0] == format_percent(ranked["completion_rate"].iloc[0], "fi")
    national = metrics.national_distribution(con, scope="critical", period=period)
    median = national.loc[national["group_code"] == "ALL", "median"].iloc[0]
    assert figure["layout"]["shapes"][0]["x0"] == pytest.approx(median)
    caption = app.caption[1].value
    assert f"Kansallinen mediaani {format_percent(median, 'fi')}" in caption
    assert f"Mukana {len(ranked)} aluetta" in caption
    assert f"Tiedot: {period.month}/{period.year}" in caption


def test_table_ranks_match_peer_position_and_downloads_numbers(con):
    app = _app()
    period = metrics.available_periods(con)[-1]
    peers = metrics.peer_position(con, period=period, scope="critical")
    peers = peers[peers["group_code"] == "ALL"]
    table = app.dataframe[0].value
    assert list(table.columns) == [
        "Sija",
        "Alue",
        "Valmiusaste",
        "Valmiita",
        "Alueelle kuuluvia",
        "Ero mediaaniin (%-yks.)",
    ]
    shown = dict(zip(table["Alue"], table["Sija"], strict=True))
    assert shown == {
        names(con)[r]: k for r, k in zip(peers["region_id"], peers["rank"], strict=True)
    }
    first = peers.iloc[0]
    row = table[table["Alue"] == names(con)[first["region_id"]]].iloc[0]
    assert row["Valmiusaste"] == format_percent(first["rate"], "fi")
    assert app.get("download_button")[0].proto.label == "Lataa Excel-tiedostona"


@pytest.mark.parametrize(("group", "scope"), [("ICT", "critical"), ("HTT", "all"), (None, "all")])
def test_group_and_scope_filters_change_the_ranking(con, group, scope):
    app = _app()
    app.selectbox(key="f_group").select(group).run()
    app.radio(key="f_scope").set_value(scope).run()
    assert not app.exception
    period = metrics.available_periods(con)[-1]
    ranked = expected_ranking(con, period, scope, group or "ALL")
    figure = chart(app, "cmp_ranking")
    assert list(figure["data"][1]["y"]) == [names(con)[r] for r in ranked["region_id"]]
    national = metrics.national_distribution(con, scope=scope, period=period)
    median = national.loc[national["group_code"] == (group or "ALL"), "median"].iloc[0]
    assert format_percent(median, "fi") in app.caption[1].value
    title = figure["layout"]["title"]["text"].replace("<br>", " ")
    assert title.startswith("Kriittisten" if scope == "critical" else "Kaikkien")
    assert title.endswith(f"– {GROUP_NAMES[group]}" if group else "Kaikki ryhmät yhteensä")
    assert app.query_params["laajuus"] == scope


def test_peer_set_narrows_every_chart_and_uses_its_own_median(con):
    app = _app()
    app.radio(key="f_scope").set_value("all").run()
    app.multiselect(key="cmp_peers").set_value(PEERS).run()
    assert not app.exception
    assert url_list(app, "verrokit") == PEERS
    period = metrics.available_periods(con)[-1]
    ranked = expected_ranking(con, period, "all", "ALL", PEERS)
    assert ranked["completion_rate"].nunique() == len(PEERS), "peers should differ"
    figure = chart(app, "cmp_ranking")
    assert list(figure["data"][1]["y"]) == [names(con)[r] for r in ranked["region_id"]]
    median = float(np.median(ranked["completion_rate"]))
    assert figure["layout"]["shapes"][0]["x0"] == pytest.approx(median)
    assert f"Vertailujoukon mediaani {format_percent(median, 'fi')}" in app.caption[1].value
    scatter = chart(app, "cmp_scatter")
    shown = {label for trace in scatter["data"] for label in (r[0] for r in trace["customdata"])}
    assert shown <= {names(con)[r] for r in PEERS}
    lines = trend_lines(app)
    assert set(lines) == {names(con)[r] for r in PEERS} | {"Vertailujoukon mediaani"}
    last = [rate for _, rate in (lines[names(con)[r]][-1] for r in PEERS)]
    assert lines["Vertailujoukon mediaani"][-1][1] == pytest.approx(float(np.median(last)))


def test_highlight_colours_the_region_and_is_kept_in_the_url(con):
    app = _app()
    app.multiselect(key="cmp_highlight").set_value(["kainuu"]).run()
    assert not app.exception
    assert url_list(app, "korosta") == ["kainuu"]
    figure = chart(app, "cmp_ranking")
    dots = figure["data"][1]
    where = list(dots["y"]).index("Kainuu")
    assert dots["marker"]["color"][where] == HIGHLIGHT_COLOUR
    assert {c for i, c in enumerate(dots["marker"]["color"]) if i != where} == {BASE_COLOUR}
    assert "<b>Kainuu</b>" in figure["layout"]["yaxis"]["ticktext"][where]
    traces = {t["name"]: t for t in chart(app, "cmp_trend")["data"]}
    assert traces["Kainuu"]["line"]["color"] == HIGHLIGHT_COLOUR
    assert traces["Kainuu"]["mode"] == "lines+markers"  # named in the legend, own style
    pale = traces["Alue"]
    assert pale["line"]["color"] == BASE_COLOUR
    assert "Kainuu" not in pale["hovertext"] and "Lappi" in pale["hovertext"]


def test_a_colour_means_one_thing_on_the_page(con):
    # Highlighted is neither a rating colour (the scatter) nor the base colour (the ranking).
    ratings = set(metrics.rating_definitions()["colour"].str.upper())
    assert HIGHLIGHT_COLOUR.upper() not in ratings
    assert BASE_COLOUR.upper() not in ratings
    app = _app(korosta=["kainuu"])
    scatter = chart(app, "cmp_scatter")
    used = {t["marker"]["color"].upper() for t in scatter["data"]}
    assert used <= ratings
    ranking = chart(app, "cmp_ranking")["data"][1]["marker"]["color"]
    assert set(ranking) == {BASE_COLOUR, HIGHLIGHT_COLOUR}


def test_highlight_and_peers_are_read_from_a_pasted_link(con):
    app = _app(korosta=["lappi", "kainuu"], verrokit=PEERS)
    assert set(app.multiselect(key="cmp_highlight").value) == {"lappi", "kainuu"}
    assert set(app.multiselect(key="cmp_peers").value) == set(PEERS)
    scatter = chart(app, "cmp_scatter")
    named = {a["text"] for a in scatter["layout"]["annotations"]}
    assert any("Lappi" in text for text in named)


@pytest.mark.parametrize(("group", "scope"), [(None, "critical"), ("ICT", "all")])
def test_scatter_follows_the_chosen_group_and_names_its_extremes(con, group, scope):
    app = _app(laajuus=scope, **({"ryhma": group} if group else {}))
    code = group or "ALL"
    period = metrics.available_periods(con)[-1]
    pace = metrics.pace_forecast(con, period=period, scope=scope, group_code=code)
    pace = pace.set_index("region_id")
    done = metrics.completion(con, scope=scope, period=period, group_code=code)
    rates = dict(zip(done["region_id"], done["completion_rate"], strict=True))
    labels = {v: k for k, v in names(con).items()}
    ratings = metrics.rating_definitions()
    figure = chart(app, "cmp_scatter")
    assert [trace["name"] for trace in figure["data"]] == list(ratings["fi"])
    points = []
    for trace, rating in zip(figure["data"], ratings["code"], strict=True):
        for x, y, (label, rating_label) in zip(
            trace["x"], trace["y"], trace["customdata"], strict=True
        ):
            region = labels[label]
            assert pace.loc[region, "rating"] == rating
            assert x == pytest.approx(rates[region])
            assert y == pytest.approx(100 * pace.loc[region, "slope_per_month"])
            assert rating_label == ratings.set_index("code").loc[rating, "fi"]
            points.append((label, x, y))
    assert len(points) == pace["slope_per_month"].notna().sum()
    # The least and most complete, the slowest and the fastest are named on the chart.
    named = {a["text"] for a in figure["layout"].get("annotations", [])}
    for pick in (
        min(points, key=lambda p: p[1]),
        max(points, key=lambda p: p[1]),
        min(points, key=lambda p: p[2]),
        max(points, key=lambda p: p[2]),
    ):
        assert pick[0] in named
    title = figure["layout"]["title"]["text"].replace("<br>", " ")
    assert title.endswith(GROUP_NAMES[group] if group else "Kaikki ryhmät yhteensä")


def test_one_trend_chart_shows_every_region_and_the_median_by_month(con):
    app = _app()
    period = metrics.available_periods(con)[-1]
    lines = trend_lines(app)
    history = metrics.completion(con, scope="critical", group_code="ALL")
    shown = history.dropna(subset=["completion_rate"])
    assert set(lines) == {names(con)[r] for r in set(shown["region_id"])} | {"Kansallinen mediaani"}
    national = metrics.national_distribution(con, scope="critical")
    national = national[national["group_code"] == "ALL"]
    median = lines["Kansallinen mediaani"]
    assert [rate for _, rate in median] == pytest.approx(list(national["median"]))
    assert median[-1][0] == pd.Timestamp(period)
    expected = shown[shown["region_id"] == "lappi"].sort_values("period")
    assert [rate for _, rate in lines["Lappi"]] == pytest.approx(list(expected["completion_rate"]))
    assert len(app.get("plotly_chart")) == 3  # ranking, scatter, trend: one chart each


def test_earlier_month_ends_the_trends_there(con):
    periods = metrics.available_periods(con)
    app = _app()
    app.selectbox(key="f_period").select(periods[-4]).run()
    assert not app.exception
    last = max(month for line in trend_lines(app).values() for month, _ in line)
    assert last == pd.Timestamp(periods[-4])
    # The last caption is the chart's text alternative; the one before it is the trend's.
    trend_caption = [c.value for c in app.caption if not c.value.startswith("Kaavio")][-1]
    assert f"Tiedot: {periods[-4].month}/{periods[-4].year}" in trend_caption


def test_bar_style_draws_bars(con):
    app = _app()
    app.segmented_control(key="cmp_rank_style").set_value("bar").run()
    figure = chart(app, "cmp_ranking")
    assert [t["type"] for t in figure["data"]] == ["bar"]


def test_english_labels_and_number_format(con):
    app = _app(lang="en")
    assert app.title[0].value == "Regional comparison"
    period = metrics.available_periods(con)[-1]
    national = metrics.national_distribution(con, scope="critical", period=period)
    median = national.loc[national["group_code"] == "ALL", "median"].iloc[0]
    assert f"National median {format_percent(median, 'en')}" in app.caption[1].value
    assert list(app.dataframe[0].value.columns)[:3] == ["Rank", "Region", "Completion"]
    ratings = metrics.rating_definitions()
    assert [t["name"] for t in chart(app, "cmp_scatter")["data"]] == list(ratings["en"])


def test_empty_database_says_so(db_path):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/comparison.py")
    app.run()
    assert not app.exception
    assert "ei ole vielä yhtään" in app.info[0].value
