"""The national monthly report for the sample: the headline, ratings, heatmap, themes, red
flags and must-do list printed equal the metrics."""

from __future__ import annotations

from datetime import date

import pytest

import metrics
from common.texts import format_number, format_percent
from metrics.themes import theme_prevalence
from reports.national_pack import LAGGING_ROWS, national_pack
from reports.output import render
from tests.reports.conftest import pdf_pages, plain, slide_texts, workbook

PERIOD, PREVIOUS = date(2022, 3, 1), date(2022, 2, 1)


@pytest.fixture(scope="module")
def files(sample_con):
    pack = national_pack(sample_con, PERIOD)
    return {kind: render(pack, kind) for kind in ("pdf", "pptx", "xlsx")}


def test_headline_equals_the_metrics(sample_con, files):
    spread = metrics.national_distribution(sample_con, scope="critical")
    overall = spread[spread["group_code"] == "ALL"]
    overall = overall.set_index(overall["period"].dt.date)
    median, before = overall.loc[PERIOD, "median"], overall.loc[PREVIOUS, "median"]
    change = round(100 * (median - before), 1)
    reporting = metrics.completion(sample_con, scope="critical", period=PERIOD)
    pace = metrics.pace_forecast(sample_con, period=PERIOD)
    flags = metrics.open_red_flags(sample_con, period=PERIOD)
    first_page = pdf_pages(files["pdf"])[0]
    slide = slide_texts(files["pptx"])[1]
    expected = [
        f"{reporting['region_id'].nunique()} / 22",
        format_percent(median, "fi"),
        ("+" if change > 0 else "") + format_number(change, "fi", 1) + " %-yks.",
        f"{(pace['rating'] == 'on_track').sum()} / {len(pace)}",
        f"Avoimet punaiset liput {len(flags)}",
    ]
    for text in expected:
        assert plain(text) in first_page and plain(text) in slide
    counts = pace["rating"].value_counts()
    sheet = workbook(files["xlsx"])["Aikatauluarviot"]
    printed = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    labels = metrics.rating_definitions().set_index("code")["fi"]
    assert printed == {labels[c]: int(counts.get(c, 0)) for c in labels.index}


def test_heatmap_in_excel_equals_completion(sample_con, files):
    done = metrics.completion(sample_con, scope="critical", period=PERIOD)
    sheet = workbook(files["xlsx"])["Valmiusaste"]
    header = [c.value for c in sheet[1]]
    assert header[1:] == ["HTT", "JO", "JAR", "YHD", "ICT", "Yhteensä"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 22
    ita = done[done["region_id"] == "ita-uusimaa"].set_index("group_code")["completion_rate"]
    assert rows[0][0] == "Itä-Uusimaa"
    assert list(rows[0][1:]) == pytest.approx(
        [ita[c] for c in ("HTT", "JO", "JAR", "YHD", "ICT", "ALL")]
    )


def test_themes_flags_and_must_do_list(sample_con, files):
    text = " ".join(pdf_pages(files["pdf"]))
    prevalence = theme_prevalence(sample_con, period=PERIOD)
    top = prevalence[(prevalence["theme"] != "muu") & (prevalence["share"] > 0)]
    assert not top.empty
    for row in top.itertuples():
        assert f"{row.name_fi} {row.label_fi} {plain(format_percent(row.share, 'fi', 0))}" in text
    flags = metrics.open_red_flags(sample_con, period=PERIOD)
    assert f"Avoimet punaiset liput ({len(flags)})" in text
    lagging = metrics.lagging_subtasks(
        sample_con, period=PERIOD, limit=LAGGING_ROWS, scope="critical"
    )
    for row in lagging.itertuples():
        assert f"{row.regions_done} / {row.regions_applicable}" in text
        assert row.subtask_id in text
    assert "Tiedot: 3/2022" in pdf_pages(files["pdf"])[-1]


def test_pack_excel_shows_shares_as_percent_with_frozen_headers(files):
    book = workbook(files["xlsx"])
    heatmap = book["Valmiusaste"]
    assert heatmap.freeze_panes == "A2"
    assert heatmap["B2"].number_format == "0.0 %"  # HTT of the first region
    assert heatmap["A2"].number_format == "General"
    lagging = book["Jäljessä"]
    header = [c.value for c in lagging[1]]
    share = header.index("Alueista valmiina") + 1
    assert lagging.cell(row=2, column=share).number_format == "0.0 %"
    assert lagging.cell(row=2, column=1).number_format == "General"
