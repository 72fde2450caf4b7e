"""The Alueen tilannekuva page on the sample database: the headline, the group chart and
table, the trend with its forecast, the changes, overdue and stalled lists, red flags and
observations show what the metrics give for the chosen region, month and scope; filters are
driven by key and kept in the URL; English labels on the switch; an empty database."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import metrics
from common import catalogue
from common.texts import format_number, format_percent
from metrics.overdue import TOP
from tests.pages.helpers import chart as _chart
from tests.pages.helpers import open_page

SHORT_NAMES = {r["region_id"]: r["short_fi"] for r in catalogue.regions()}
STATUS_FI = {
    "not_started": "Ei aloitettu",
    "started": "Aloitettu",
    "advanced": "Pitkällä",
    "done": "Valmis",
    None: "Ei raportoitu",
}


def _app(**query: str | list[str]) -> AppTest:
    return open_page("pages/region.py", **query)


def _tables(app: AppTest, *columns: str) -> list[pd.DataFrame]:
    """The tables shown that have all `columns`, in page order: interactive ones and the
    static ones whose cells wrap (st.table), the charts' text alternatives among them."""
    shown = [e for e in app.main if e.type in ("dataframe", "table")]
    return [d.value for d in shown if set(columns) <= set(d.value.columns)]


def _metric(app: AppTest, label: str):
    found = [m for m in app.metric if m.label == label]
    assert len(found) == 1, [m.label for m in app.metric]
    return found[0]


def _traces(app: AppTest, key: str) -> dict[str, dict]:
    """The traces of the chart drawn with `key`, by legend name."""
    return {trace.get("name"): trace for trace in _chart(app, key)["data"]}


def _pp(change: float) -> str:
    change = round(change, 1) or 0.0
    return ("+" if change > 0 else "") + format_number(change, "fi", 1) + " %-yks."


def _day(value) -> date:
    return pd.Timestamp(value).date()


@pytest.mark.parametrize(
    ("region", "month", "scope", "scope_label"),
    [
        ("varsinais-suomi", "2022-09", "critical", "kriittiset"),
        ("lappi", "2022-03", "all", "kaikki"),
        ("helsinki", "2022-12", "critical", "kriittiset"),
    ],
)
def test_headline_shows_the_region_s_completion_rank_and_rating(
    con, region, month, scope, scope_label
):
    app = _app(alue=region, kuukausi=month, laajuus=scope)
    assert app.title[0].value == f"{SHORT_NAMES[region]}: alueen tilannekuva"

    change = metrics.completion_change(con, scope=scope, period=month)
    mine = change[(change["region_id"] == region) & (change["group_code"] == "ALL")].iloc[0]
    shown = _metric(app, f"Valmiusaste, {scope_label} osatehtävät")
    assert shown.value == format_percent(mine["rate"], "fi")
    assert shown.delta == _pp(mine["change_pp"])

    peers = metrics.peer_position(con, period=month, scope=scope)
    rank = peers[(peers["region_id"] == region) & (peers["group_code"] == "ALL")].iloc[0]
    shown = _metric(app, f"Sija alueiden joukossa, {scope_label}")
    assert shown.value == f"{rank['rank']}./{rank['regions']}"
    assert shown.delta == _pp(rank["distance_pp"])

    pace = metrics.pace_forecast(con, period=month).set_index("region_id").loc[region]
    rating = metrics.rating_definitions().set_index("code").loc[pace["rating"]]
    card = next(m.value for m in app.markdown if "Arvio 1.1.2023" in m.value)
    assert rating["fi"] in card and rating["colour"] in card
    assert any(rating["definition_fi"] in c.value for c in app.caption)


@pytest.mark.parametrize(("scope", "label"), [("critical", "kriittiset"), ("all", "kaikki")])
def test_group_table_and_chart_follow_the_national_distribution(con, scope, label):
    region, month = "pohjois-savo", "2022-06"
    app = _app(alue=region, kuukausi=month)
    if scope == "all":
        app.radio(key="f_scope").set_value("all").run()
        assert app.query_params["laajuus"] == "all"

    own = metrics.completion(con, scope=scope, period=month, region_id=region)
    spread = metrics.national_distribution(con, scope=scope, period=month)
    expected = own.merge(spread, on=["group_code", "period"]).set_index("group_code")
    names = {g["group_code"]: g["name_fi"] for g in catalogue.groups()}
    names["ALL"] = "Kaikki ryhmät yhteensä"

    (table,) = _tables(app, "Ryhmä", "Mediaani")
    assert list(table["Ryhmä"]) == [names[g] for g in expected.index]
    assert list(table["Valmiusaste"]) == [
        format_percent(r, "fi") for r in expected["completion_rate"]
    ]
    assert list(table["Mediaani"]) == [format_percent(r, "fi") for r in expected["median"]]
    assert list(table["1. kvartiili"]) == [format_percent(r, "fi") for r in expected["q1"]]
    assert list(table["Valmiita"]) == list(expected["done"])

    traces = _traces(app, "region_groups_chart")
    dots = dict(
        zip(traces[SHORT_NAMES[region]]["y"], traces[SHORT_NAMES[region]]["x"], strict=True)
    )
    medians = dict(
        zip(traces["Kansallinen mediaani"]["y"], traces["Kansallinen mediaani"]["x"], strict=True)
    )
    for code, row in expected.iterrows():
        assert dots[names[code]] == pytest.approx(row["completion_rate"])
        assert medians[names[code]] == pytest.approx(row["median"])
    title = _chart(app, "region_groups_chart")["layout"]["title"]["text"]
    assert f"({label} osatehtävät)" in title


def test_trend_draws_the_history_the_median_and_the_forecast_to_100(con):
    region, month = "varsinais-suomi", "2022-09"
    app = _app(alue=region, kuukausi=month)
    traces = _traces(app, "region_trend_chart")

    history = metrics.completion(con, scope="critical", region_id=region, group_code="ALL")
    history = history[history["period"] <= pd.Timestamp(month + "-01")]
    line = traces[SHORT_NAMES[region]]
    assert [_day(x) for x in line["x"]] == [_day(p) for p in history["period"]]
    assert line["y"] == pytest.approx(list(history["completion_rate"]))

    national = metrics.national_distribution(con, scope="critical")
    national = national[(national["group_code"] == "ALL") & (national["period"] <= month + "-01")]
    assert traces["Kansallinen mediaani"]["y"] == pytest.approx(list(national["median"]))

    pace = metrics.pace_forecast(con, period=month).set_index("region_id").loc[region]
    forecast = traces["Ennuste nykytahdilla"]
    assert [_day(x) for x in forecast["x"]] == [pace["latest_period"], pace["forecast_date"]]
    assert forecast["y"] == pytest.approx([pace["latest_rate"], 1.0])
    assert forecast["line"]["dash"] == "dash"
    caption = next(c.value for c in app.caption if "pienimmän neliösumman" in c.value)
    day = pace["forecast_date"]
    assert f"100 % saavutetaan {day.day}.{day.month}.{day.year}" in caption
    assert "Tiedot: 9/2022" in caption


@pytest.mark.parametrize(("scope", "label"), [("critical", "kriittiset"), ("all", "kaikki")])
def test_change_counts_match_changes_since_previous(con, generated_sample, scope, label):
    # The month a correction set a region's work back (the sample's regression).
    region, period = generated_sample.summary.regressed[0]
    month = f"{period:%Y-%m}"
    app = _app(alue=region, kuukausi=month, laajuus=scope)
    # The scope is an argument of the metric: the page shows its counts as they come.
    changes = metrics.changes_since_previous(con, region_id=region, period=month, scope=scope)

    def moves(name: str) -> pd.DataFrame:
        return changes[name]

    assert _metric(app, "Valmistui").value == str(len(moves("newly_done")))
    assert _metric(app, "Eteni").value == str(len(moves("moved_forward")))
    assert _metric(app, "Palasi taaksepäin").value == str(len(moves("moved_back")))
    assert len(moves("moved_back")) > 0, "the sample's regression month has moves back"
    assert _metric(app, "Uusia myöhässä").value == str(len(changes["newly_overdue"]))
    assert _metric(app, "Uusia huomioita").value == str(len(changes["new_observations"]))
    previous = metrics.previous_period(con, region_id=region, period=month)
    assert any(f"tilannekuvaan {previous.month}/{previous.year}" in c.value for c in app.caption)

    (table,) = _tables(app, "Muutos")
    back = table[table["Muutos"] == "Palasi taaksepäin"]
    assert list(back["Tunnus"]) == list(moves("moved_back")["subtask_id"])
    assert list(back["Aiempi tila"]) == [
        STATUS_FI[s] for s in moves("moved_back")["previous_status"]
    ]


def _lists(app: AppTest) -> tuple[list[pd.DataFrame], list[pd.DataFrame]]:
    """The overdue tables and the stalled tables (the first ten, then the full list)."""
    tables = _tables(app, "Arvioitu valmistumisaika")
    stalled = [t for t in tables if "Miksi pysähtynyt" in t.columns]
    return [t for t in tables if "Miksi pysähtynyt" not in t.columns], stalled


def test_overdue_and_stalled_lists_match_the_metrics_most_urgent_first(con):
    period = metrics.available_periods(con)[-1]
    counts = metrics.overdue_stalled_counts(con, period=period)
    region = counts.sort_values(["overdue", "stalled_critical"]).iloc[-1]["region_id"]
    app = _app(alue=region, kuukausi=f"{period:%Y-%m}")

    overdue = metrics.overdue_subtasks(con, period=period, region_id=region)
    assert len(overdue) > TOP, "December 2022 leaves more overdue work than one screen"
    assert any(
        h.value == f"Myöhässä olevat kriittiset osatehtävät ({len(overdue)})" for h in app.subheader
    )
    (top, everything), stalled_tables = _lists(app)
    assert list(top["Tunnus"]) == list(overdue["subtask_id"].head(TOP))
    assert list(everything["Tunnus"]) == list(overdue["subtask_id"])
    assert list(everything["Tila"]) == [
        STATUS_FI[None if pd.isna(s) else s] for s in overdue["status"]
    ]
    assert list(everything["Arvioitu valmistumisaika"]) == [
        f"{d.day}.{d.month}.{d.year}" for d in overdue["since"]
    ]
    # The longest overdue first.
    assert list(overdue["since"]) == sorted(overdue["since"])
    assert any(
        f"Kiireellisimmät {TOP} ensin; … ja {len(overdue) - TOP} muuta" in c.value
        for c in app.caption
    )

    critical = metrics.stalled_subtasks(con, period=period, region_id=region, scope="critical")
    assert len(critical) > 0
    assert list(stalled_tables[-1]["Tunnus"]) == list(critical["subtask_id"])
    assert list(stalled_tables[0]["Tunnus"]) == list(critical["subtask_id"].head(TOP))

    app.radio(key="f_scope").set_value("all").run()
    everything = metrics.stalled_subtasks(con, period=period, region_id=region, scope="all")
    _, stalled_tables = _lists(app)
    assert list(stalled_tables[-1]["Tunnus"]) == list(everything["subtask_id"])
    assert len(everything) > len(critical)


def test_stalled_is_what_should_move_not_everything_not_started(con):
    # Keski-Suomi 6/2022 has many critical subtasks not started since 8/2021 but not yet due:
    # none of those is on the list, and what is on it is due, overdue or standing still.
    region, period = "keski-suomi", date(2022, 6, 1)
    app = _app(alue=region, kuukausi="2022-06")
    stalled = metrics.stalled_subtasks(con, period=period, region_id=region, scope="critical")
    status = con.execute(
        """SELECT subtask_id, status, expected_completion FROM v_subtask_status
           WHERE region_id = ? AND period = ? AND critical""",
        [region, period],
    ).df()
    waiting = status[
        (status["status"] == "not_started")
        & (status["expected_completion"] >= pd.Timestamp("2022-08-01"))
        & ~status["subtask_id"].isin(catalogue.subtask_phases())
    ]
    assert len(waiting) > 10
    assert not set(waiting["subtask_id"]) & set(stalled["subtask_id"])
    assert len(stalled) <= 30
    assert any(h.value == f"Pysähtyneet osatehtävät ({len(stalled)})" for h in app.subheader)
    _, stalled_tables = _lists(app)
    reasons = {
        "Ei liikettä kolmeen raporttiin",
        "Ei aloitettu, aika käsillä",
        "Ei aloitettu, vaihe alkanut",
    }
    assert set(stalled_tables[0]["Miksi pysähtynyt"]) <= reasons


def test_open_red_flag_and_the_month_s_observations(con):
    flagged = next(
        (period, flags.iloc[0])
        for period in metrics.available_periods(con)
        if not (flags := metrics.open_red_flags(con, period=period)).empty
        and flags.iloc[0]["months_open"] > 1
    )
    period, flag = flagged
    region = flag["region_id"]
    app = _app(alue=region, kuukausi=f"{period:%Y-%m}")

    raised = pd.Timestamp(flag["raised"])
    (error,) = app.error
    assert f"nostettu {raised.month}/{raised.year}, auki {flag['months_open']} kk" in error.value
    assert f"tilannekuvassa: {flag['flags']}." in error.value

    observed = con.execute(
        "SELECT kind, text, red_flag FROM v_observations WHERE region_id = ? AND period = ?",
        [region, period],
    ).df()
    flags_table, table = _tables(app, "Kuvaus")
    # Shown whole: in wrapped rows (st.table), not in a grid that cuts them at the edge.
    assert not [d for d in app.dataframe if "Kuvaus" in d.value.columns]
    assert sum("Kuvaus" in t.value.columns for t in app.table) == 2
    assert sorted(table["Kuvaus"]) == sorted(observed["text"])
    assert list(flags_table["Kuvaus"]) == list(observed.loc[observed["red_flag"], "text"])
    assert set(flags_table["Punainen lippu"]) == {"Kyllä"}
    flags_first = list(table["Punainen lippu"])
    assert flags_first == sorted(flags_first, key=lambda v: v != "Kyllä")
    assert any(h.value == f"Huomiot, toiveet ja riskit ({len(observed)})" for h in app.header)

    themes = metrics.themes.observation_themes(con, period=period, region_id=region)
    first = table.iloc[0]
    expected = themes.loc[themes["text"] == first["Kuvaus"], "name_fi"].drop_duplicates()
    assert first["Teemat"] == ", ".join(expected)


def test_a_lowered_flag_is_told_and_no_flag_is_shown(con):
    periods = metrics.available_periods(con)
    lowered = next(
        (region, period)
        for region in SHORT_NAMES
        for period in periods
        if not metrics.changes_since_previous(con, region_id=region, period=period)[
            "flags_lowered"
        ].empty
    )
    region, period = lowered
    app = _app(alue=region, kuukausi=f"{period:%Y-%m}")
    assert "Alueella ei ole avointa punaista lippua." in [s.value for s in app.success]
    assert any("Alue laski punaisen lipun" in i.value for i in app.info)
    assert not app.error


def test_region_filter_by_key_changes_the_view_and_the_url(con):
    app = _app(kuukausi="2022-06")
    first = next(iter(SHORT_NAMES))
    assert app.selectbox(key="f_region").value == first
    app.selectbox(key="f_region").select("kainuu").run()
    assert app.title[0].value == "Kainuu: alueen tilannekuva"
    assert app.query_params["alue"] == "kainuu"
    app.selectbox(key="f_period").select(date(2022, 3, 1)).run()
    assert app.query_params["kuukausi"] == "2022-03"
    change = metrics.completion_change(con, scope="critical", period="2022-03")
    rate = change.set_index(["region_id", "group_code"]).loc[("kainuu", "ALL"), "rate"]
    assert _metric(app, "Valmiusaste, kriittiset osatehtävät").value == format_percent(rate, "fi")
    tables = [b.key for b in app.get("download_button") if not b.key.startswith("pack_")]
    assert tables[:2] == [
        "region_groups_download",
        "region_changes_download",
    ]


def test_a_month_the_region_did_not_report_says_so(con):
    missing = con.execute(
        """
        SELECT r.region_id, p.period
        FROM regions r CROSS JOIN (SELECT DISTINCT period FROM v_current_submissions) p
        WHERE NOT EXISTS (SELECT 1 FROM v_current_submissions c
                          WHERE c.region_id = r.region_id AND c.period = p.period)
        ORDER BY p.period, r.sort_order LIMIT 1
        """
    ).fetchone()
    assert missing, "the sample has one region with a missing month"
    region, period = missing
    app = _app(alue=region, kuukausi=f"{period:%Y-%m}")
    assert app.warning[-1].value.startswith(f"{SHORT_NAMES[region]} ei toimittanut")
    assert not app.metric
    assert [c.key for c in app.get("plotly_chart")] == ["region_trend_chart"]


def test_english_switch_translates_labels_and_numbers(con):
    region, month = "varsinais-suomi", "2022-09"
    app = _app(alue=region, kuukausi=month, lang="en")
    assert app.title[0].value == "Varsinais-Suomi: situation picture"
    change = metrics.completion_change(con, scope="critical", period=month)
    rate = change.set_index(["region_id", "group_code"]).loc[(region, "ALL"), "rate"]
    assert _metric(app, "Completion, critical subtasks").value == format_percent(rate, "en")
    (table,) = _tables(app, "Group", "Median")
    assert table["Group"].iloc[0] == "All groups together"
    assert table["Group"].iloc[1] == "Administration, finance and support services"
    pace = metrics.pace_forecast(con, period=month).set_index("region_id").loc[region]
    rating = metrics.rating_definitions().set_index("code").loc[pace["rating"]]
    assert any(rating["en"] in m.value for m in app.markdown)
    assert "Regions' 1st–3rd quartile" in _traces(app, "region_groups_chart")
    *_, table = _tables(app, "Description")  # the flagged ones first when a flag is open
    assert set(table["Type"]) <= {"Observation", "Wish", "Risk"}


def test_empty_database_says_there_is_no_data(db_path):
    app = _app()
    assert app.info[0].value.startswith("Tietokannassa ei ole vielä")
    assert not app.dataframe
