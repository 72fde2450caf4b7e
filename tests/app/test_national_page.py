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
from loaders import catalogue
from metrics import themes
from tests.app.helpers import chart as _figure
from tests.app.helpers import open_page
from ui.charts_national import region_from_selection
from ui.i18n import format_number, format_percent

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


def test_open_red_flags_are_listed_with_how_long_they_have_been_open(con, periods):
    flagged = [p for p in periods if not metrics.open_red_flags(con, period=p).empty]
    assert flagged, "the sample plants red flags"
    period = flagged[-1]
    app = _app(kuukausi=f"{period:%Y-%m}")
    flags = metrics.open_red_flags(con, period=period)
    line = next(m.value for m in app.markdown if "Avoimet punaiset liput" in m.value)
    for region_id, months, count in zip(
        flags["region_id"], flags["months_open"], flags["flags"], strict=True
    ):
        assert f"{SHORT_NAMES[region_id]} ({months} kk, {count} kpl)" in line


@pytest.mark.parametrize("scope", ["critical", "all"])
def test_heatmap_cells_are_the_completion_of_each_region_and_group(con, periods, scope):
    period = periods[len(periods) // 2]
    app = _app(kuukausi=f"{period:%Y-%m}", laajuus=scope)
    trace, clicks = _figure(app, "national_heatmap")["data"]
    assert trace["x"] == [*GROUPS, "Yhteensä"]
    assert trace["y"] == list(SHORT_NAMES.values())
    # The click layer: one point per cell, naming the cell's region.
    assert clicks["customdata"] == [r for r in SHORT_NAMES for _ in range(6)]
    assert clicks["y"] == [name for name in SHORT_NAMES.values() for _ in range(6)]

    frame = metrics.completion(con, scope=scope, period=period)
    first = frame[frame["group_code"] == "HTT"].iloc[0]  # the top left cell
    assert first["region_id"] == next(iter(SHORT_NAMES))
    assert clicks["hovertext"][0] == (
        f"{SHORT_NAMES[first['region_id']]} · Hallinto, talous ja tukipalvelut<br>"
        f"{format_percent(first['completion_rate'], 'fi')} "
        f"({first['done']} / {first['applicable']} valmiina)"
    )
    rates = frame.set_index(["region_id", "group_code"])["completion_rate"]
    for row, region_id in enumerate(SHORT_NAMES):
        for col, group in enumerate([*GROUPS, "ALL"]):
            expected = rates.get((region_id, group))
            cell = trace["z"][row][col]
            if expected is None or pd.isna(expected):
                assert cell is None
                assert trace["text"][row][col] == "–"
            else:
                assert cell == pytest.approx(expected)
                assert trace["text"][row][col] == format_percent(expected, "fi", 0)
    title = _figure(app, "national_heatmap")["layout"]["title"]["text"]
    assert title.endswith("kriittiset osatehtävät" if scope == "critical" else "kaikki osatehtävät")


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
    traces = _figure(app, "national_trend")["data"]
    spread = metrics.national_distribution(con, scope="critical")
    spread = spread[spread["period"].dt.date <= period]
    assert len(traces) == 3 * 6
    for n, group in enumerate(["ALL", *GROUPS]):
        upper, lower, median = traces[3 * n : 3 * n + 3]
        expected = spread[spread["group_code"] == group].sort_values("period")
        assert median["name"] == "Mediaani"
        assert median["y"] == pytest.approx(list(expected["median"]))
        assert lower["y"] == pytest.approx(list(expected["q1"]))
        assert upper["y"] == pytest.approx(list(expected["q3"]))
        assert lower["fill"] == "tonexty"
    titles = [a["text"] for a in _figure(app, "national_trend")["layout"]["annotations"]]
    assert titles[:2] == ["Kaikki ryhmät yhteensä", "HTT · Hallinto, talous ja tukipalvelut"]


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
        "national_heatmap_download",
        "national_lagging_download",
        "national_rating_download",
        "pack_national_pdf",
        "pack_national_pptx",
        "pack_national_xlsx",
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
