"""The Kansallinen tilannekuva page on the sample database: the headline figures, the region ×
group heatmap and its click-through, the delivery ratings, the risk themes, the national
trend and the must-do list show what the metrics give for the chosen month and scope; the
filters are driven by key; English labels on the switch; an empty database."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qs

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import metrics
from common import catalogue
from common.texts import format_number, format_percent
from metrics import themes
from tests.pages.helpers import chart as _figure
from tests.pages.helpers import open_page
from ui.charts_national import distance_colour, region_from_selection

SHORT_NAMES = {r["region_id"]: r["short_fi"] for r in catalogue.regions()}
GROUPS = ["HTT", "JO", "JAR", "YHD", "ICT"]


@pytest.fixture
def periods(con) -> list[date]:
    return metrics.available_periods(con)


def _app(**query: str | list[str]) -> AppTest:
    return open_page("pages/national.py", **query)


def _metric(app: AppTest, label: str):
    (found,) = [m for m in app.metric if m.label == label]
    return found


def _table(app: AppTest, column: str) -> pd.DataFrame:
    (found,) = [d.value for d in app.dataframe if column in d.value.columns]
    return found


def _expected_delta(change: float, unit: str = "", decimals: int = 0) -> str:
    text = format_number(change, "fi", decimals)
    if round(change, decimals) == 0:
        text = "±" + format_number(0, "fi", decimals)
    elif not text.startswith("-"):
        text = "+" + text
    return f"{text} {unit}".strip()


@pytest.mark.parametrize("scope", ["critical", "all"])
def test_headline_figures_match_the_metrics(con, periods, scope):
    period, previous = periods[len(periods) // 2], periods[len(periods) // 2 - 1]
    app = _app()
    app.selectbox(key="f_period").select(period).run()
    app.radio(key="f_scope").set_value(scope).run()
    assert app.query_params["kuukausi"] == f"{period:%Y-%m}"
    assert app.query_params["laajuus"] == scope

    spread = metrics.national_distribution(con, scope=scope).query("group_code == 'ALL'")
    medians = dict(zip(spread["period"].dt.date, spread["median"], strict=True))
    median = _metric(app, "Kansallinen mediaani")
    assert median.value == format_percent(medians[period], "fi")
    change = 100 * (medians[period] - medians[previous])
    assert median.delta == _expected_delta(change, "%-yks.", 1)

    reported = metrics.completion(con, scope=scope, period=period).query("group_code == 'ALL'")
    assert _metric(app, "Raportoineet alueet").value == f"{len(reported)} / {len(SHORT_NAMES)}"

    pace = metrics.pace_forecast(con, period=period)
    before = metrics.pace_forecast(con, period=previous)
    on_track = (pace["rating"] == "on_track").sum()
    shown = _metric(app, "Aikataulussa 1.1.2023")
    assert shown.value == f"{on_track} / {len(pace)}"
    assert shown.delta == _expected_delta(on_track - (before["rating"] == "on_track").sum())

    flags = metrics.open_red_flags(con, period=period)
    assert _metric(app, "Avoimet punaiset liput").value == str(len(flags))


def test_open_red_flags_read_as_sentences(con, periods):
    flagged = [p for p in periods if not metrics.open_red_flags(con, period=p).empty]
    assert flagged, "the sample plants red flags"
    period = flagged[-1]
    app = _app(kuukausi=f"{period:%Y-%m}")
    flags = metrics.open_red_flags(con, period=period)
    shown = "\n".join(m.value for m in app.markdown)
    for region_id, months, count in zip(
        flags["region_id"], flags["months_open"], flags["flags"], strict=True
    ):
        flagged_text = "1 huomio punaisella lipulla" if count == 1 else f"{count} huomiota"
        if months == 1:
            sentence = f"{SHORT_NAMES[region_id]} pyytää tukea tässä kuussa ({flagged_text}"
        else:
            sentence = (
                f"{SHORT_NAMES[region_id]} on pyytänyt tukea {months} kuukautta peräkkäin "
                f"({flagged_text}"
            )
        assert f"- {sentence}" in shown
    # Not the old shorthand "Kainuu (2 kk, 1 kpl)".
    assert " kk, " not in shown


def _ranked_regions(con, period, scope) -> list[str]:
    """The regions by overall completion: the peer ranking's order, then those without."""
    position = metrics.peer_position(con, period=period, scope=scope)
    ranked = list(position.loc[position["group_code"] == "ALL", "region_id"])
    return [*ranked, *(r for r in SHORT_NAMES if r not in ranked)]


@pytest.mark.parametrize("scope", ["critical", "all"])
def test_heatmap_rows_go_by_overall_completion_and_cells_by_distance_from_median(
    con, periods, scope
):
    period = periods[len(periods) // 2]
    app = _app(kuukausi=f"{period:%Y-%m}", laajuus=scope)
    trace, clicks = _figure(app, "national_heatmap")["data"]
    order = _ranked_regions(con, period, scope)
    assert trace["x"] == [*GROUPS, "Yht."]
    assert trace["y"] == [SHORT_NAMES[r] for r in order]
    assert order != list(SHORT_NAMES), "mid-sample the ranking differs from the official order"
    # The click layer: one point per cell, naming the cell's region.
    assert clicks["customdata"] == [r for r in order for _ in range(6)]

    position = metrics.peer_position(con, period=period, scope=scope)
    by_cell = position.set_index(["region_id", "group_code"])
    frame = metrics.completion(con, scope=scope, period=period)
    rates = frame.set_index(["region_id", "group_code"])["completion_rate"]
    shades = set()
    for row, region_id in enumerate(order):
        for col, group in enumerate([*GROUPS, "ALL"]):
            cell, text = trace["z"][row][col], trace["text"][row][col]
            if (region_id, group) not in by_cell.index:
                assert cell is None and text == "–"
                continue
            found = by_cell.loc[(region_id, group)]
            # The colour is the distance from that column's median, signed; the text the rate.
            assert cell == pytest.approx(distance_colour(found["distance_pp"]))
            assert (cell > 0) == (found["rate"] > found["median"])
            assert text == format_number(100 * rates[(region_id, group)], "fi", 0)
            shades.add(round(cell, 6))
    assert len(shades) > 2, "cells above, at and below the median differ in colour"
    assert trace["zmid"] == 0

    first = by_cell.loc[(order[0], "HTT")]
    assert clicks["hovertext"][0].startswith(
        f"{SHORT_NAMES[order[0]]} · Hallinto, talous ja tukipalvelut<br>"
        f"{format_percent(first['rate'], 'fi')}"
    )
    assert (
        f"Kansallinen mediaani {format_percent(first['median'], 'fi')}" in (clicks["hovertext"][0])
    )
    title = _figure(app, "national_heatmap")["layout"]["title"]["text"].replace("<br>", " ")
    assert title.endswith("kriittiset osatehtävät" if scope == "critical" else "kaikki osatehtävät")


def test_heatmap_keeps_the_official_order_as_a_choice(periods):
    app = _app(kuukausi=f"{periods[len(periods) // 2]:%Y-%m}")
    app.segmented_control(key="national_heatmap_order").set_value("official").run()
    trace, clicks = _figure(app, "national_heatmap")["data"]
    assert trace["y"] == list(SHORT_NAMES.values())
    assert clicks["customdata"] == [r for r in SHORT_NAMES for _ in range(6)]


def test_heatmap_distance_tells_98_from_100():
    # A median of 100 %: 98 % is two points below and must not share 100 %'s colour.
    assert distance_colour(-2) < distance_colour(0) == 0
    assert distance_colour(-2) <= -0.25 * distance_colour(25)


def test_group_codes_are_explained_beside_the_heatmap(periods):
    app = _app()
    legend = next(c.value for c in app.caption if c.value.startswith("Ryhmät:"))
    for code, name in {
        "HTT": "Hallinto, talous ja tukipalvelut",
        "JO": "Johtaminen ja osaaminen",
        "ICT": "ICT-valmistelu",
    }.items():
        assert f"**{code}** {name}" in legend


def test_the_national_pack_is_offered_before_the_figures(periods):
    app = _app()
    keys = [d.key for d in app.download_button]
    assert keys[:3] == ["pack_national_pdf", "pack_national_pptx", "pack_national_xlsx"]
    # Above the headline figures: the pack's caption comes before the first metric's label.
    captions = [c.value for c in app.caption]
    assert any(c.startswith("**Lataa kansallinen raportti**") for c in captions[:3])


def test_a_click_on_a_heatmap_cell_opens_that_region_in_the_same_month(periods):
    period = periods[len(periods) // 2]
    app = _app(kuukausi=f"{period:%Y-%m}")
    (chart,) = [c for c in app.get("plotly_chart") if c.key == "national_heatmap"]
    # AppTest cannot click a plotly chart, so send the selection the browser would send.
    states = app._tree.get_widget_states()
    state = states.widgets.add()
    state.id = chart.proto.id
    point = {"x": "JO", "y": "Kainuu", "customdata": "kainuu", "point_index": [19, 1]}
    state.string_value = json.dumps(
        {"selection": {"points": [point], "point_indices": [19], "box": [], "lasso": []}}
    )
    app._run(states)
    assert not app.exception, app.exception
    assert app.query_params["alue"] == "kainuu"
    assert app.query_params["kuukausi"] == f"{period:%Y-%m}"
    assert "Kainuu" in app.title[0].value


def test_open_region_link_keeps_the_month_and_scope(periods):
    period = periods[3]
    app = _app(kuukausi=f"{period:%Y-%m}", laajuus="all")
    app.selectbox(key="national_open_region").select("lappi").run()
    # The sidebar's page list is page links too; this one is in the page.
    (link,) = [p for p in app.get("page_link") if p.proto.label.startswith("Avaa:")]
    assert link.proto.label == "Avaa: Lappi"
    assert link.proto.page == "alue"
    query = parse_qs(link.proto.query_string)
    assert query["alue"] == ["lappi"]
    assert query["kuukausi"] == [f"{period:%Y-%m}"]
    assert query["laajuus"] == ["all"]


def test_delivery_ratings_count_the_regions_in_each_rating(con, periods):
    period = periods[len(periods) // 2]
    app = _app(kuukausi=f"{period:%Y-%m}")
    ratings = metrics.rating_definitions()
    pace = metrics.pace_forecast(con, period=period)
    (bars,) = _figure(app, "national_ratings")["data"]
    assert bars["y"] == list(ratings["fi"])[::-1]
    expected = [int((pace["rating"] == code).sum()) for code in ratings["code"]]
    assert bars["x"] == expected[::-1]
    assert bars["marker"]["color"] == list(ratings["colour"])[::-1]
    for code, label, count in zip(ratings["code"], ratings["fi"], expected, strict=True):
        names = [SHORT_NAMES[r] for r in pace.loc[pace["rating"] == code, "region_id"]]
        line = next(m.value for m in app.markdown if m.value.startswith(f"**{label} ("))
        assert line == f"**{label} ({count})**: {', '.join(names) or '–'}"

    table = _table(app, "Arvio")
    assert list(table["Alue"]) == [SHORT_NAMES[r] for r in pace["region_id"]]
    labels = dict(zip(ratings["code"], ratings["fi"], strict=True))
    assert list(table["Arvio"]) == [labels[r] for r in pace["rating"]]
    assert list(table["Ennuste: 100 % valmiina"]) == [
        "–" if d is None else f"{d.day}.{d.month}.{d.year}" for d in pace["forecast_date"]
    ]


@pytest.mark.parametrize("months", [1, 3])
def test_top_risk_themes_show_share_and_prevalence_words(con, periods, months):
    period = periods[len(periods) // 2]
    app = _app(kuukausi=f"{period:%Y-%m}")
    app.segmented_control(key="national_theme_months").set_value(months).run()
    prevalence = themes.theme_prevalence(con, period=period, months=months)
    top = prevalence[(prevalence["theme"] != "muu") & (prevalence["share"] > 0)].head(5)
    (bars,) = _figure(app, "national_themes")["data"]
    assert (
        bars["y"]
        == [f"<b>{n}</b><br>{w}" for n, w in zip(top["name_fi"], top["label_fi"], strict=True)][
            ::-1
        ]
    )
    assert bars["x"] == pytest.approx(list(top["share"])[::-1])
    assert bars["text"] == [format_percent(s, "fi", 0) for s in top["share"]][::-1]


def test_trend_shows_the_national_median_and_quartiles_per_group_up_to_the_month(con, periods):
    period = periods[len(periods) // 2]
    app = _app(kuukausi=f"{period:%Y-%m}")
    spread = metrics.national_distribution(con, scope="critical")
    spread = spread[spread["period"].dt.date <= period]
    # One chart, all groups together first; the group is chosen above it.
    assert [c.key for c in app.get("plotly_chart")].count("national_trend") == 1
    choice = app.segmented_control(key="national_trend_group")
    assert choice.value == "ALL" and list(choice.options)[1:] == GROUPS
    for group in ["ALL", *GROUPS]:
        choice = app.segmented_control(key="national_trend_group")
        choice.set_value(group).run()
        assert not app.exception
        figure = _figure(app, "national_trend")
        upper, lower, median = figure["data"]
        expected = spread[spread["group_code"] == group].sort_values("period")
        assert median["name"] == "Mediaani"
        assert median["y"] == pytest.approx(list(expected["median"]))
        assert lower["y"] == pytest.approx(list(expected["q1"]))
        assert upper["y"] == pytest.approx(list(expected["q3"]))
        assert lower["fill"] == "tonexty"
        # Level, short month ticks, few of them: they never run into each other.
        assert figure["layout"]["xaxis"]["tickangle"] == 0
        assert figure["layout"]["xaxis"]["tickformat"] == "%-m/%y"
        assert figure["layout"]["xaxis"]["nticks"] <= 4
        title = figure["layout"]["title"]["text"].replace("<br>", " ")
        if group == "ALL":
            assert title == "Kaikki ryhmät yhteensä"
        elif group == "HTT":
            assert title == "HTT · Hallinto, talous ja tukipalvelut"
        # The text alternative follows the chosen group.
        last = expected.iloc[-1]
        assert any(format_percent(last["median"], "fi") in c.value for c in app.caption)


@pytest.mark.parametrize("scope", ["critical", "all"])
def test_must_do_list_is_the_ten_subtasks_lagging_most(con, periods, scope):
    period = periods[-1]
    app = _app(laajuus=scope)
    expected = metrics.lagging_subtasks(con, period=period, limit=10, scope=scope)
    table = _table(app, "Tunnus")
    assert list(table["Tunnus"]) == list(expected["subtask_id"])
    assert list(table["Alueista valmiina"]) == pytest.approx(list(100 * expected["share_done"]))
    assert list(table["Valmiina / koskee"]) == [
        f"{d} / {a}"
        for d, a in zip(expected["regions_done"], expected["regions_applicable"], strict=True)
    ]
    keys = [d.key for d in app.download_button]
    assert keys == [
        "pack_national_pdf",
        "pack_national_pptx",
        "pack_national_xlsx",
        "national_heatmap_download",
        "national_lagging_download",
        "national_rating_download",
    ]


def test_english_switch_translates_labels_and_numbers(con, periods):
    period = periods[-1]
    app = _app(lang="en")
    assert app.title[0].value == "National situation picture"
    spread = metrics.national_distribution(con, scope="critical").query("group_code == 'ALL'")
    median = spread.loc[spread["period"].dt.date == period, "median"].item()
    assert _metric(app, "National median").value == format_percent(median, "en")
    trace, _ = _figure(app, "national_heatmap")["data"]
    assert trace["x"][-1] == "Total"
    (bars,) = _figure(app, "national_ratings")["data"]
    assert bars["y"] == ["Off track", "At risk", "On track"]
    assert "Subtask" in _table(app, "Id").columns


def test_empty_database_says_so(db_path):
    app = _app()
    assert app.title[0].value == "Kansallinen tilannekuva"
    assert "ei ole vielä yhtään hyväksyttyä tilannekuvaa" in app.info[0].value
    assert not app.metric
    assert not app.get("plotly_chart")


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([{"x": "JO", "y": "Kainuu", "customdata": "kainuu"}], "kainuu"),
        ([{"x": "JO", "y": "Kainuu"}], "kainuu"),  # an event without customdata
        ([{"x": "JO", "y": "Kainuu", "customdata": ""}], "kainuu"),
        ([{"x": "JO", "y": "Atlantis"}], None),
        ([], None),
        ([{"y": "Atlantis"}, {"y": "Lappi"}], "lappi"),
    ],
)
def test_region_from_selection(points, expected):
    assert region_from_selection(points, {"Kainuu": "kainuu", "Lappi": "lappi"}) == expected
